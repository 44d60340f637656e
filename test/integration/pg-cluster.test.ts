import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

// Only the PGlite fallback (no server binaries, no DATABASE_URL) has no server to prove anything about.
const maybe = process.env.DIGISKILL_TEST_DB === 'pglite' ? describe.skip : describe;

maybe('test database harness on PostgreSQL', () => {
  let testDb: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    if (!testDb.url) throw new Error('createTestDatabase returned no URL outside PGlite mode');
    client = new Client({ connectionString: testDb.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await testDb?.drop();
  });

  it('hands out a database of its own, cloned from the migrated template', async () => {
    const { rows } = await client.query<{ db: string; migrations: string }>(
      'SELECT current_database() AS db, (SELECT count(*) FROM schema_migrations) AS migrations',
    );
    expect(rows[0]?.db).toMatch(/^digiskill_t_[0-9a-f]+$/);
    expect(Number(rows[0]?.migrations)).toBeGreaterThan(0);
  });
});
