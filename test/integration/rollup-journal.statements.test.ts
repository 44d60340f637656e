import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createReportRepository } from '../../src/db/report.repository';
import { fiscalYear, fiscalYearRange } from '../../src/domain/learning-record/fiscal-year';
import type { TenantId } from '../../src/shared/ids';
import { rollupsAsOfFold } from '../support/rollups-as-of';
import { createTestDatabase } from '../support/test-db';

/**
 * The dated journal's triggers fold once per statement, over every person the statement wrote for (migration
 * 0057). test/e2e/organisation-snapshots.test.ts holds the journal to the ledger folded as of each day with one row
 * per statement; here each statement writes for several people at once (a CSV import, an LMS sync, ticking many
 * approvals): originals, corrections and reversals of different people in one INSERT, two people of one target
 * group under the same key and day, two reviews of one activity in one INSERT, and restatements of two people.
 */

const FY = fiscalYear(2566);
const { from, to } = fiscalYearRange(FY);

let db: Database;
let drop: () => Promise<void>;
let tenantId: number;
const people: Record<'a' | 'b' | 'c' | 'd', number> = { a: 0, b: 0, c: 0, d: 0 };

beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  [{ id: tenantId }] = (await db.query<{ id: number }>(
    "INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ('https://journal.test', 'd1', 'c1') RETURNING id",
  )) as [{ id: number }];
  for (const [k, group] of [
    ['a', 'ACAD'],
    ['b', 'SERV'],
    ['c', null],
    ['d', 'ACAD'],
  ] as const) {
    const [p] = await db.query<{ id: number }>(
      `INSERT INTO people (tenant_id, platform_user_id, name, target_group) VALUES ($1, $2, $2, $3) RETURNING id`,
      [tenantId, `statements-${k}`, group],
    );
    people[k] = p!.id;
  }
});
afterAll(async () => {
  await db.close();
  await drop();
});

const days = (): string[] => {
  const out: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= to;
    d.setUTCDate(d.getUTCDate() + 1)
  )
    out.push(d.toISOString().slice(0, 10));
  return out;
};
const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();

/** Every day of the year: the journal as the product reads it, against the fold (as organisation-snapshots). */
async function expectJournalEqualsFoldOnEveryDay(): Promise<number> {
  const reports = createReportRepository(db);
  let nonEmpty = 0;
  for (const day of days()) {
    const [journal, fold] = await Promise.all([
      reports.organisation(tenantId as TenantId, FY, day),
      rollupsAsOfFold(db, tenantId, from, day),
    ]);
    const product = journal.rollups.map((r) => ({
      targetGroup: r.targetGroup,
      key: r.skillSet,
      category: r.category,
      hours: r.hours,
      learners: r.learners,
    }));
    expect([day, sorted(product)]).toEqual([day, sorted(fold.filter((r) => !r.key.startsWith('~')))]);
    expect([day, sorted(journal.agency)]).toEqual([
      day,
      sorted(
        fold
          .filter((r) => r.key.startsWith('~'))
          .map((r) => ({ targetGroup: r.targetGroup, key: r.key, hours: r.hours })),
      ),
    ]);
    if (product.length > 0) nonEmpty += 1;
  }
  return nonEmpty;
}

interface Row {
  person: number;
  source?: 'import' | 'activity';
  kind?: 'entry' | 'correction' | 'reversal';
  corrects?: number;
  root?: number;
  occurred: string;
  created: string;
  category?: 70 | 20 | 10;
  hours: number;
  skills: Array<[string, number]>;
  horizon?: 'current' | 'future';
  lectureShare?: number;
}

/** Writes every row in ONE statement; returns their ids in the order given. */
async function entries(rows: Row[]): Promise<number[]> {
  const out = await db.query<{ id: number; n: number }>(
    `INSERT INTO learning_entries (tenant_id, person_id, source, kind, corrects_id, root_id, title, category, hours,
                                   skill_hours, occurred_on, created_at, activity_type, reason, horizon,
                                   lecture_share)
     SELECT $1, r.person, r.source, r.kind, r.corrects, r.root, 'statement ' || r.n, r.category, r.hours, r.skills,
            r.occurred, r.created, CASE WHEN r.source = 'activity' THEN 'workshop' END,
            CASE WHEN r.kind <> 'entry' THEN 'scripted' END, r.horizon, r.lecture_share
       FROM jsonb_to_recordset($2::jsonb) AS r (n int, person bigint, source text, kind text, corrects bigint,
                                               root bigint, category smallint, hours numeric, skills jsonb,
                                               occurred date, created timestamptz, horizon text,
                                               lecture_share smallint)
      ORDER BY r.n
     RETURNING id, substr(title, 11)::int AS n`,
    [
      tenantId,
      JSON.stringify(
        rows.map((o, n) => ({
          n,
          person: o.person,
          source: o.source ?? 'import',
          kind: o.kind ?? 'entry',
          corrects: o.corrects ?? null,
          root: o.root ?? o.corrects ?? null,
          category: o.category ?? 70,
          hours: o.hours,
          skills: o.skills.map(([skillSet, hours]) => ({ skillSet, hours })),
          occurred: o.occurred,
          created: o.created,
          horizon: o.horizon ?? null,
          lecture_share: o.lectureShare ?? null,
        })),
      ),
    ],
  );
  return out.sort((x, y) => x.n - y.n).map((r) => r.id);
}

/** Writes every review in ONE statement, in the order given (ids ascending). */
async function reviews(rows: Array<[number, 'approved' | 'rejected', string]>): Promise<void> {
  await db.query(
    `INSERT INTO entry_reviews (tenant_id, entry_id, decision, created_at)
     SELECT $1, r.entry, r.decision, r.created
       FROM jsonb_to_recordset($2::jsonb) AS r (n int, entry bigint, decision text, created timestamptz)
      ORDER BY r.n`,
    [
      tenantId,
      JSON.stringify(rows.map(([entry, decision, created], n) => ({ n, entry, decision, created }))),
    ],
  );
}

describe('the dated journal, when one statement writes for several people', () => {
  it('when entries, reviews, corrections and reversals of several people come in one statement each, then the journal equals the fold of the ledger on every day', async () => {
    const { a, b, c, d } = people;
    // An import of four people at once: a and d (one target group) under the same keys on the same day; b's
    // workshop waits for its review; c has no group; d's row is backdated (written in December, dated October).
    const [aFirst, bWorkshop, cFirst, dFirst] = await entries([
      { person: a, occurred: '2022-10-05', created: '2022-10-05T09:00+07', hours: 3, skills: [['DL', 3]] },
      {
        person: b,
        source: 'activity',
        occurred: '2022-11-10',
        created: '2022-11-10T16:30Z',
        category: 20,
        hours: 4,
        skills: [
          ['DL', 3],
          ['DG', 1],
        ],
        horizon: 'current',
      },
      { person: c, occurred: '2022-12-15', created: '2022-12-15T17:30Z', hours: 2, skills: [['DT', 2]] },
      {
        person: d,
        occurred: '2022-10-05',
        created: '2022-12-01T09:00+07',
        hours: 1.5,
        skills: [['DL', 1.5]],
        horizon: 'future',
      },
      {
        person: a,
        occurred: '2023-01-10',
        created: '2023-01-10T09:00+07',
        category: 10,
        hours: 2,
        skills: [['DG', 2]],
        lectureShare: 80,
      },
    ]);
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    // Another person's workshop, then one statement of reviews: b's workshop rejected and approved again (two
    // reviews of one activity in one statement), e's approved.
    const [bLate] = await entries([
      {
        person: b,
        source: 'activity',
        occurred: '2022-10-20',
        created: '2023-02-01T09:00+07',
        hours: 3,
        skills: [['DL', 3]],
      },
    ]);
    await reviews([
      [bWorkshop!, 'approved', '2022-11-20T10:00+07'],
      [bLate!, 'rejected', '2023-02-02T09:00+07'],
      [bLate!, 'approved', '2023-02-02T15:00+07'],
    ]);
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    // One statement of corrections and reversals for four people, with a new original for one of them: a's first
    // corrected to another skill set and date, c's reversed, d's corrected to lecture-heavy training, b's
    // workshop corrected (still approved: the review is on the original), and a new row for a.
    const [aCorrection, , dCorrection] = await entries([
      {
        person: a,
        kind: 'correction',
        corrects: aFirst,
        occurred: '2023-01-20',
        created: '2023-01-15T09:00+07',
        hours: 4,
        skills: [['DT', 4]],
        horizon: 'current',
      },
      {
        person: c,
        kind: 'reversal',
        corrects: cFirst,
        occurred: '2022-12-15',
        created: '2023-03-01T09:00+07',
        hours: 2,
        skills: [['DT', 2]],
      },
      {
        person: d,
        kind: 'correction',
        corrects: dFirst,
        occurred: '2022-10-05',
        created: '2023-03-01T09:00+07',
        category: 10,
        hours: 5,
        skills: [['DL', 5]],
        lectureShare: 70,
      },
      {
        person: b,
        source: 'activity',
        kind: 'correction',
        corrects: bWorkshop,
        occurred: '2022-11-10',
        created: '2023-03-10T09:00+07',
        category: 20,
        hours: 1,
        skills: [['DL', 1]],
      },
      { person: a, occurred: '2023-04-01', created: '2023-04-01T09:00+07', hours: 1, skills: [['DL', 1]] },
    ]);
    // And one statement of reviews that takes one approval back and adds nothing else.
    await reviews([[bWorkshop!, 'rejected', '2023-05-01T10:00+07']]);
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    // Two learners restate what their corrected entries served, in one statement (migration 0054: a new row of
    // the chain that copies everything but the horizon, and moves the hours between the '~' keys from its day).
    const restated = await db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, corrects_id, root_id, title, category, hours,
                                     skill_hours, occurred_on, created_at, activity_type, reason, horizon,
                                     lecture_share, recorded_by, context_id, module_id, module_version_id)
       SELECT e.tenant_id, e.person_id, e.source, 'restatement', e.id, coalesce(e.root_id, e.id), e.title, e.category,
              e.hours, e.skill_hours, e.occurred_on, x.created, e.activity_type,
              CASE WHEN e.kind = 'entry' THEN NULL ELSE e.reason END, x.horizon, e.lecture_share, e.person_id,
              e.context_id, e.module_id, e.module_version_id
         FROM jsonb_to_recordset($1::jsonb) AS x (id bigint, horizon text, created timestamptz)
         JOIN learning_entries e ON e.id = x.id
       RETURNING id`,
      [
        JSON.stringify([
          { id: aCorrection, horizon: 'future', created: '2023-06-01T09:00+07' },
          { id: dCorrection, horizon: 'current', created: '2023-06-15T09:00+07' },
        ]),
      ],
    );
    expect(restated).toHaveLength(2);
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    // The journal the statements wrote is the one a rebuild from the ledger writes.
    const journal = () =>
      db.query(
        `SELECT fiscal_year, day::text, target_group, skill_set_code, category, hours::text, learners
           FROM tenant_rollup_journal WHERE tenant_id = $1 AND (hours <> 0 OR learners <> 0) ORDER BY 1, 2, 3, 4, 5`,
        [tenantId],
      );
    const written = await journal();
    await db.query('SELECT tenant_journal_rebuild($1)', [tenantId]);
    expect(await journal()).toEqual(written);
  });
});
