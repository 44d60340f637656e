import { readFrameworkDir } from '../../src/content/framework-file';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createFrameworkRepository, FrameworkVersionChanged } from '../../src/db/framework.repository';
import { migrate } from '../../src/db/migrate';
import { createTestDatabase } from '../support/test-db';

let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await drop();
});

describe('loading frameworks into the database', () => {
  it('loads the shipped files once; loading again (even concurrently) changes nothing', async () => {
    const repo = createFrameworkRepository(db);
    const files = readFrameworkDir();
    const first = await repo.load(files, 'config/frameworks');
    expect(first.added.sort()).toEqual(files.map((f) => `${f.id}@${f.version}`).sort());
    const again = await Promise.all([
      repo.load(files, 'config/frameworks'),
      repo.load(files, 'config/frameworks'),
    ]);
    expect(again.flatMap((r) => r.added)).toEqual([]);
    const counts = await db.query<{ frameworks: number; skill_sets: number; areas: number; groups: number }>(
      `SELECT (SELECT count(*)::int FROM frameworks) AS frameworks, (SELECT count(*)::int FROM framework_skill_sets) AS skill_sets,
              (SELECT count(*)::int FROM framework_areas) AS areas, (SELECT count(*)::int FROM framework_target_groups) AS groups`,
    );
    expect(counts[0]).toEqual({ frameworks: 3, skill_sets: 21, areas: 20, groups: 16 });
  });

  it('refuses a changed file under the same version, and keeps an older version when a new one arrives', async () => {
    const repo = createFrameworkRepository(db);
    const [ocsc] = readFrameworkDir().filter((f) => f.id === 'ocsc-digital-government-skills');
    const edited = { ...ocsc!, notes: { th: 'แก้ไข', en: 'edited' } };
    await expect(repo.load([edited], 'config/frameworks/ocsc.json')).rejects.toBeInstanceOf(
      FrameworkVersionChanged,
    );
    await expect(repo.load([edited], 'config/frameworks/ocsc.json')).rejects.toThrow(
      /give the changed file a new version/,
    );

    await repo.load([{ ...edited, version: '1.1.0' }], 'config/frameworks/ocsc.json');
    expect(await repo.versions(ocsc!.id)).toEqual([ocsc!.version, '1.1.0']);
    expect((await repo.latest(ocsc!.id))?.framework.version).toBe('1.1.0');
  });
});
