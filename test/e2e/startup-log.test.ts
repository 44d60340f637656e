import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/env';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { migrate, readMigrations } from '../../src/db/migrate';
import { createLogger } from '../../src/shared/logger';
import { createEmptyTestDatabase } from '../support/test-db';

// Seen when the tool on the Moodle 4.5 test site was upgraded: migrations 0016–0019 applied at start, and the log
// said nothing about them. An administrator upgrading reads in the log which ones ran.

const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let db: Database;
let drop: () => Promise<void>;
const all = readMigrations();
const newest = all.slice(-2).map((m) => m.name);

beforeAll(async () => {
  const database = await createEmptyTestDatabase();
  drop = database.drop;
  db = database.url ? openPostgres(database.url) : await openPglite(undefined);
  // A database an older version left: every migration but the two newest.
  await migrate(db, all.slice(0, -2));
});
afterAll(async () => {
  await db.close();
  await drop();
});

const start = () =>
  createApp(
    loadConfig({
      NODE_ENV: 'test',
      BASE_URL: 'http://tool.digiskill.test',
      LTI_ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
      DEMO_PLATFORM: 'false',
    }),
    { db, logger: createLogger('info', sink) },
  );

describe('the start-up log', () => {
  it('when the database is older than the tool, then the start names the migrations it applied, at info', async () => {
    // ltijs is one per process: this file starts the app once.
    await (await start()).close();
    expect(lines.filter((l) => l.event === 'db.migrated')).toEqual([
      expect.objectContaining({ level: 30, event: 'db.migrated', migrations: newest }),
    ]);
  });
});
