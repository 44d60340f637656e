import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/env';
import { CrosswalkFileError } from '../../src/content/crosswalk-file';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createLogger } from '../../src/shared/logger';
import { createTestDatabase } from '../support/test-db';

// The shipped content under config/ is checked when the tool starts: a bad file stops it with the file named,
// before it serves anything, whichever kind of file it is (frameworks, targets, crosswalks, catalogue, assessments).

let db: Database;
let drop: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  db = database.url ? openPostgres(database.url) : await openPglite(undefined);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalks-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await db.close();
  await drop();
});

const start = (crosswalks?: string) =>
  createApp(
    loadConfig({
      NODE_ENV: 'test',
      BASE_URL: 'http://tool.digiskill.test',
      LTI_ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
      DEMO_PLATFORM: 'false',
    }),
    { db, logger: createLogger('silent'), contentDirs: crosswalks ? { crosswalks } : undefined },
  );

describe('the shipped content at start', () => {
  it('when the crosswalks are the shipped ones, then the tool starts with the OCSC–TPQI crosswalk loaded', async () => {
    const app = await start();
    try {
      expect([...app.crosswalks.keys()]).toEqual(['ocsc-2017-tpqi-2567']);
    } finally {
      await app.close();
    }
  });

  it('when a crosswalk file is broken, then start-up stops with a message naming the file, the link and the field', async () => {
    const shipped = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../config/crosswalks/ocsc-2017-tpqi-2567.json'), 'utf8'),
    ) as { links: Array<Record<string, unknown>> };
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ ...shipped, links: [{ ...shipped.links[0], b: 'NOPE' }] }));
    const started = start(dir);
    await expect(started).rejects.toThrow(CrosswalkFileError);
    await expect(started).rejects.toThrow(
      `${file}: links[0] (DL <-> NOPE): b: no skill set "NOPE" in tpqi-digital-government-2567`,
    );
  });
});
