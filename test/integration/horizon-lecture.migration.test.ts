import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { migrate, readMigrations } from '../../src/db/migrate';
import { horizonSplit, type Horizon } from '../../src/domain/agency/seventy-thirty';
import { summariseLectureShare } from '../../src/domain/agency/lecture-share';
import { createEmptyTestDatabase } from '../support/test-db';

// Migration 0041 (70:30 and the lecture share, issue #18 items 8 and 9) on a record written before it: existing
// rows are "not stated" (NULL) and roll up as such; the columns refuse what the rules refuse; and the rollup keys
// the organisation report reads agree with the domain's horizonSplit and summariseLectureShare as entries,
// reviews and corrections arrive.
let db: Database;
let drop: () => Promise<void>;
let tenant: number;
let person: number;
let reviewer: number;
const FY = 2570;
const DAY = '2026-11-15'; // fiscal year 2570

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query<T>(sql, params))[0]!;
}
const entry = async (e: {
  category: 70 | 20 | 10;
  hours: number;
  source?: 'activity' | 'import';
  horizon?: Horizon;
  lectureShare?: number;
  withNewColumns?: boolean;
}): Promise<number> => {
  const cols = e.withNewColumns === false ? '' : ', horizon, lecture_share';
  const vals = e.withNewColumns === false ? '' : ', $7, $8';
  const params: unknown[] = [tenant, person, e.source ?? 'activity', e.category, e.hours, DAY];
  if (e.withNewColumns !== false) params.push(e.horizon ?? null, e.lectureShare ?? null);
  const { id } = await one<{ id: number }>(
    `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours, occurred_on,
                                   recorded_by${cols})
     VALUES ($1, $2, $3, 'entry', 'x', $4, $5, jsonb_build_array(jsonb_build_object('skillSet', 'DL', 'hours', $5::numeric)),
             $6, $2${vals}) RETURNING id`,
    params,
  );
  if ((e.source ?? 'activity') === 'activity')
    await db.query(
      `INSERT INTO entry_reviews (tenant_id, entry_id, decision, reviewer_id) VALUES ($1, $2, 'approved', $3)`,
      [tenant, id, reviewer],
    );
  return id;
};
/** The agency keys of the tenant rollup, as the report reads them. */
const agencyKeys = async () =>
  Object.fromEntries(
    (
      await db.query<{ skill_set_code: string; hours: string }>(
        `SELECT skill_set_code, hours::text FROM tenant_rollups
          WHERE tenant_id = $1 AND fiscal_year = $2 AND skill_set_code LIKE '~%' AND hours <> 0`,
        [tenant, FY],
      )
    ).map((r) => [r.skill_set_code, Number(r.hours)]),
  );

beforeAll(async () => {
  const t = await createEmptyTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(
    db,
    readMigrations().filter((m) => m.name < '0041'),
  );
  tenant = (
    await one<{ id: number }>(
      `INSERT INTO tenants (issuer, deployment_id, client_id, platform_name) VALUES ('https://m.test', '1', 'c', 'M') RETURNING id`,
    )
  ).id;
  const p = (sub: string, group: string | null) =>
    one<{ id: number }>(
      `INSERT INTO people (tenant_id, platform_user_id, target_group) VALUES ($1, $2, $3) RETURNING id`,
      [tenant, sub, group],
    );
  person = (await p('learner', 'SERV')).id;
  reviewer = (await p('teacher', null)).id;
  // The record before 0041: a logged workshop, an on-the-job activity, an import.
  await entry({ category: 10, hours: 6, withNewColumns: false });
  await entry({ category: 70, hours: 4, withNewColumns: false });
  await entry({ category: 70, hours: 2, source: 'import', withNewColumns: false });
  await migrate(db);
}, 120_000);

afterAll(async () => {
  await db?.close();
  await drop?.();
});

describe('migration 0041: what learning serves and the lecture share', () => {
  it('leaves existing rows "not stated", and rolls their hours up as such', async () => {
    const rows = await db.query<{ horizon: string | null; lecture_share: number | null }>(
      'SELECT horizon, lecture_share FROM learning_entries ORDER BY id',
    );
    expect(rows).toEqual([
      { horizon: null, lecture_share: null },
      { horizon: null, lecture_share: null },
      { horizon: null, lecture_share: null },
    ]);
    expect(await agencyKeys()).toEqual({ '~unstated': 12 });
    // The skill sets' own rollup is as before: the report's figures do not move.
    const dl = await one<{ hours: string }>(
      `SELECT hours::text FROM tenant_rollups WHERE tenant_id = $1 AND fiscal_year = $2 AND skill_set_code = 'DL' AND category = 0`,
      [tenant, FY],
    );
    expect(Number(dl.hours)).toBe(12);
  });

  it.each([
    ['a horizon other than current or future', { horizon: 'past' }],
    ['a lecture share above 100', { category: 10, lecture_share: 101 }],
    ['a lecture share below 0', { category: 10, lecture_share: -1 }],
    ['a lecture share on learning that is not training', { category: 70, lecture_share: 30 }],
  ])('refuses %s', async (_name, v) => {
    const o = { horizon: null, category: 10, lecture_share: null, ...v };
    await expect(
      db.query(
        `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours,
                                       occurred_on, horizon, lecture_share)
         VALUES ($1, $2, 'activity', 'entry', 'x', $3, 1, '[]', $4, $5, $6)`,
        [tenant, person, o.category, DAY, o.horizon, o.lecture_share],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('rolls up new entries, reviews and corrections by horizon and lecture share as the domain sums them', async () => {
    const later = [
      { category: 10 as const, hours: 3, horizon: 'future' as const, lectureShare: 80 },
      { category: 10 as const, hours: 5, horizon: 'current' as const, lectureShare: 60 },
      { category: 20 as const, hours: 2, horizon: 'current' as const },
    ];
    const ids: number[] = [];
    for (const e of later) ids.push(await entry(e));
    // A correction moves the 60 % course to 70 % lecture and to the future (the newest row of the chain counts).
    await db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, corrects_id, root_id, title, category, hours,
                                     skill_hours, occurred_on, recorded_by, reason, horizon, lecture_share)
       SELECT tenant_id, person_id, source, 'correction', id, id, title, category, hours, skill_hours, occurred_on,
              $2, 'more lecture than said', 'future', 70 FROM learning_entries WHERE id = $1`,
      [ids[1], reviewer],
    );
    const counted = [
      { category: 10 as const, hours: 6 },
      { category: 70 as const, hours: 4 },
      { category: 70 as const, hours: 2 },
      later[0]!,
      { ...later[1]!, horizon: 'future' as const, lectureShare: 70 },
      later[2]!,
    ];
    const split = horizonSplit(counted);
    const lecture = summariseLectureShare(counted);
    expect(await agencyKeys()).toEqual({
      '~current': split.hours.current,
      '~future': split.hours.future,
      '~unstated': split.hours.unstated,
      '~lecture': lecture.recordedHours,
      '~lecture#': lecture.recorded,
      '~lecture-heavy': lecture.lectureHeavyHours,
      '~lecture-heavy#': lecture.lectureHeavy,
    });
    expect(split.hours).toEqual({ current: 2, future: 8, unstated: 12, total: 22 });
    expect(lecture).toEqual({ recorded: 2, recordedHours: 8, lectureHeavy: 2, lectureHeavyHours: 8 });
  });
});
