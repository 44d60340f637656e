import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { fiscalYearSql } from '../../src/db/fiscal-year-sql';
import { fiscalYearOf, fiscalYearRange } from '../../src/domain/learning-record/fiscal-year';
import { createTestDatabase } from '../support/test-db';

// The fiscal year's rule has one home (src/domain/learning-record/fiscal-year.ts); the SQL that needs it where the
// rows are must agree with it on every edge: the turn of the fiscal year, the turn of the calendar year, leap days.

let db: Database;
let drop: () => Promise<void>;
let tenantId: number;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(db);
  const [row] = await db.query<{ id: number }>(
    "INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ('https://fy.test', 'd1', 'c1') RETURNING id",
  );
  tenantId = row!.id;
});
afterAll(async () => {
  await db.close();
  await drop();
});

const EDGES = [
  '2025-09-30',
  '2025-10-01',
  '2025-12-31',
  '2026-01-01',
  '2024-02-29',
  '2024-03-01',
  '2023-09-30',
  '2023-10-01',
  '2000-10-01',
  '2099-09-30',
];

describe('the fiscal year in SQL agrees with the domain rule', () => {
  it.each(EDGES)('fiscalYearSql of %s', async (date) => {
    const [row] = await db.query<{ fy: number }>(`SELECT ${fiscalYearSql('$1::date')} AS fy`, [date]);
    expect(row!.fy).toBe(fiscalYearOf(date));
  });

  it.each(EDGES)('the rollups (migration 0010) file %s under the same year', async (date) => {
    const [person] = await db.query<{ id: number }>(
      "INSERT INTO people (tenant_id, platform_user_id) VALUES ($1, 'fy-' || gen_random_uuid()) RETURNING id",
      [tenantId],
    );
    await db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours, occurred_on)
       VALUES ($1, $2, 'import', 'entry', 'imported', 70, 1, '[]'::jsonb, $3::date)`,
      [tenantId, person!.id, date],
    );
    const rows = await db.query<{ fiscal_year: number }>(
      'SELECT DISTINCT fiscal_year FROM learning_rollups WHERE tenant_id = $1 AND person_id = $2',
      [tenantId, person!.id],
    );
    expect(rows.map((r) => r.fiscal_year)).toEqual([fiscalYearOf(date)]);
  });

  it.each(EDGES)('fiscalYearRange of the year of %s holds it, and SQL agrees on both ends', async (date) => {
    const fy = fiscalYearOf(date);
    const { from, to } = fiscalYearRange(fy);
    expect(from <= date && date <= to).toBe(true);
    const [row] = await db.query<{ a: number; b: number; before: number; after: number }>(
      `SELECT ${fiscalYearSql('$1::date')} AS a, ${fiscalYearSql('$2::date')} AS b,
              ${fiscalYearSql('$1::date - 1')} AS before, ${fiscalYearSql('$2::date + 1')} AS after`,
      [from, to],
    );
    expect(row).toEqual({ a: fy, b: fy, before: fy - 1, after: fy + 1 });
  });
});
