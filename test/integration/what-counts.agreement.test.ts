import { openPglite, openPostgres, type Database } from '../../src/db/database';
import {
  COUNTED_ENTRIES_OF_MANY,
  EFFECTIVE_ENTRIES,
  EFFECTIVE_ENTRIES_OF_REVIEWEES,
  ELIGIBILITY_COLUMNS,
} from '../../src/db/record-sql';
import { eligibilityColumns } from '../../src/db/record-rows';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import {
  counts,
  effectiveEntries,
  type EffectiveEntry,
  type LedgerEntry,
} from '../../src/domain/learning-record/ledger';
import { createTestDatabase } from '../support/test-db';

/*
 * "Which entries count" has one home: `counts` over `effectiveEntries` (src/domain/learning-record/ledger.ts). Three
 * copies must exist in SQL, because the database folds records that never leave it: the fragments of
 * src/db/record-sql.ts (a history and eligibility, the class view's many records at once, the approvals queue's
 * reviewees) and the rollup trigger of migration 0010. This runs one table of cases through the domain and through
 * every copy, on a real PostgreSQL, and asserts that they agree.
 */

type Source = 'module' | 'activity' | 'import';
/** One step of a case: an entry, a review of the original, or a correction or reversal of the newest row. */
type Step =
  | { entry: Source; hours: number; category?: 70 | 20 | 10; on?: string }
  | { review: 'approved' | 'rejected'; of?: 'original' | 'newest' }
  | { correct: number; category?: 70 | 20 | 10; on?: string }
  | { reverse: true }
  /** The owner's restatement of what it served (migration 0054): a copy of the newest row, another horizon. */
  | { restate: 'current' | 'future' };

const cases: Array<[string, Step[]]> = [
  ['a module completion counts', [{ entry: 'module', hours: 2 }]],
  ['an import counts', [{ entry: 'import', hours: 3, category: 10 }]],
  ['a logged activity waiting for review does not', [{ entry: 'activity', hours: 1.5 }]],
  ['an approved activity counts', [{ entry: 'activity', hours: 1.5 }, { review: 'approved' }]],
  ['a rejected activity does not', [{ entry: 'activity', hours: 1.5 }, { review: 'rejected' }]],
  [
    'the newest review decides: approved, then rejected',
    [{ entry: 'activity', hours: 4 }, { review: 'approved' }, { review: 'rejected' }],
  ],
  [
    'the newest review decides: rejected, then approved',
    [{ entry: 'activity', hours: 4 }, { review: 'rejected' }, { review: 'approved' }],
  ],
  [
    'a correction replaces the values of an approved activity',
    [
      { entry: 'activity', hours: 4 },
      { review: 'approved' },
      { correct: 1.25, category: 20, on: '2024-11-02' },
    ],
  ],
  [
    'corrections chain: the newest applies',
    [
      { entry: 'activity', hours: 4 },
      { review: 'approved' },
      { correct: 1.25 },
      { correct: 0.75, category: 10 },
    ],
  ],
  [
    'a reversal takes an approved activity out',
    [{ entry: 'activity', hours: 4 }, { review: 'approved' }, { reverse: true }],
  ],
  [
    'a reversal after a correction takes it out',
    [{ entry: 'activity', hours: 4 }, { review: 'approved' }, { correct: 2 }, { reverse: true }],
  ],
  ['a corrected activity still waiting does not count', [{ entry: 'activity', hours: 4 }, { correct: 2 }]],
  [
    'approving the original of a corrected activity counts the corrected values',
    [{ entry: 'activity', hours: 4 }, { correct: 2, category: 10 }, { review: 'approved' }],
  ],
  [
    'a corrected rejected activity does not count',
    [{ entry: 'activity', hours: 4 }, { review: 'rejected' }, { correct: 2 }],
  ],
  [
    'a review is of the original: one written on a correction row decides nothing',
    [{ entry: 'activity', hours: 4 }, { correct: 2 }, { review: 'approved', of: 'newest' }],
  ],
  ['a reversed module completion does not count', [{ entry: 'module', hours: 2 }, { reverse: true }]],
  [
    'a corrected module completion counts its new values',
    [
      { entry: 'module', hours: 2 },
      { correct: 3, category: 20 },
    ],
  ],
  ['a reversed import does not count', [{ entry: 'import', hours: 2 }, { correct: 1 }, { reverse: true }]],
  [
    'a restated module completion counts, serving what it now says',
    [{ entry: 'module', hours: 2 }, { restate: 'future' }],
  ],
  [
    'a restated activity still waiting does not count',
    [{ entry: 'activity', hours: 4 }, { restate: 'current' }],
  ],
  [
    'approving the original of a restated activity counts it with the restated horizon',
    [{ entry: 'activity', hours: 4 }, { restate: 'future' }, { review: 'approved' }],
  ],
  [
    'a correction after a restatement keeps the horizon and applies its values',
    [
      { entry: 'activity', hours: 4 },
      { review: 'approved' },
      { restate: 'future' },
      { correct: 2, category: 20 },
      { restate: 'current' },
    ],
  ],
  [
    'a reversal after a restatement takes it out',
    [{ entry: 'import', hours: 3 }, { restate: 'current' }, { reverse: true }],
  ],
  [
    'a fiscal year boundary: 30 September and 1 October fall in different years',
    [
      { entry: 'import', hours: 1, on: '2024-09-30' },
      { entry: 'import', hours: 2, on: '2024-10-01' },
    ],
  ],
];

let db: Database;
let drop: () => Promise<void>;
let tenantId: number;
let contextId: number;
let moduleN = 0;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  [{ id: tenantId }] = (await db.query<{ id: number }>(
    "INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ('https://counts.test', 'd1', 'c1') RETURNING id",
  )) as [{ id: number }];
  [{ id: contextId }] = (await db.query<{ id: number }>(
    "INSERT INTO contexts (tenant_id, context_id) VALUES ($1, 'course-1') RETURNING id",
    [tenantId],
  )) as [{ id: number }];
});
afterAll(async () => {
  await db.close();
  await drop();
});

async function one<T>(sql: string, params: unknown[]): Promise<T> {
  const [row] = await db.query<T>(sql, params);
  return row!;
}

/** Writes a case's steps for a new person, row by row as the repositories would, and returns the person. */
async function play(steps: Step[]): Promise<number> {
  const { id: personId } = await one<{ id: number }>(
    "INSERT INTO people (tenant_id, platform_user_id) VALUES ($1, 'p-' || gen_random_uuid()) RETURNING id",
    [tenantId],
  );
  let root:
    | { id: number; source: Source; hours: number; category: number; on: string; moduleId?: number }
    | undefined;
  let newest = 0;
  let horizon: string | null = null;
  const row = async (values: {
    source: Source;
    kind: 'entry' | 'correction' | 'reversal';
    hours: number;
    category: number;
    on: string;
    moduleId?: number;
  }) => {
    const { id } = await one<{ id: number }>(
      `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, module_id,
                                     activity_type, title, category, hours, skill_hours, occurred_on, reason, horizon)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'case', $10, $11, $12::jsonb, $13, $14, $15) RETURNING id`,
      [
        tenantId,
        personId,
        contextId,
        values.source,
        values.kind,
        values.kind === 'entry' ? null : newest,
        values.kind === 'entry' ? null : root!.id,
        values.kind === 'entry' ? (values.moduleId ?? null) : (root!.moduleId ?? null),
        values.source === 'activity' ? 'mentoring' : null,
        values.category,
        values.hours,
        JSON.stringify([{ skillSet: 'DL', hours: values.hours }]),
        values.on,
        values.kind === 'entry' ? null : 'case',
        // Corrections and reversals copy the horizon of the row they replace (LedgerStore.correct).
        values.kind === 'entry' ? null : horizon,
      ],
    );
    newest = id;
    return id;
  };
  for (const step of steps) {
    if ('entry' in step) {
      let moduleId: number | undefined;
      if (step.entry === 'module') {
        moduleN += 1;
        ({ id: moduleId } = await one<{ id: number }>(
          'INSERT INTO modules (tenant_id, slug) VALUES ($1, $2) RETURNING id',
          [tenantId, `m-${moduleN}`],
        ));
      }
      const values = { hours: step.hours, category: step.category ?? 70, on: step.on ?? '2025-03-01' };
      const id = await row({ source: step.entry, kind: 'entry', ...values, moduleId });
      root = { id, source: step.entry, ...values, moduleId };
    } else if ('review' in step) {
      await db.query('INSERT INTO entry_reviews (tenant_id, entry_id, decision) VALUES ($1, $2, $3)', [
        tenantId,
        step.of === 'newest' ? newest : root!.id,
        step.review,
      ]);
    } else if ('restate' in step) {
      // As LedgerStore.restate writes it: the newest row copied, its horizon changed, by the owner.
      ({ id: newest } = await one<{ id: number }>(
        `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, module_id,
                                       activity_type, title, category, hours, skill_hours, occurred_on, recorded_by,
                                       reason, horizon)
         SELECT tenant_id, person_id, context_id, source, 'restatement', id, coalesce(root_id, id), module_id,
                activity_type, title, category, hours, skill_hours, occurred_on, person_id,
                CASE WHEN kind = 'entry' THEN NULL ELSE reason END, $2
           FROM learning_entries WHERE id = $1 RETURNING id`,
        [newest, step.restate],
      ));
      horizon = step.restate;
    } else if ('correct' in step) {
      await row({
        source: root!.source,
        kind: 'correction',
        hours: step.correct,
        category: step.category ?? root!.category,
        on: step.on ?? root!.on,
      });
    } else {
      await row({
        source: root!.source,
        kind: 'reversal',
        hours: root!.hours,
        category: root!.category,
        on: root!.on,
      });
    }
  }
  return personId;
}

/** The person's rows as the domain reads them: each row with the newest review written on it. */
async function ledgerOf(personId: number): Promise<LedgerEntry[]> {
  const rows = await db.query<{
    id: number;
    source: Source;
    kind: LedgerEntry['kind'];
    corrects_id: number | null;
    module_id: number | null;
    category: 70 | 20 | 10;
    hours: string;
    skill_hours: LedgerEntry['skillHours'];
    occurred_on: string;
    decision: 'approved' | 'rejected' | null;
    horizon: 'current' | 'future' | null;
  }>(
    `SELECT e.id, e.source, e.kind, e.corrects_id, e.module_id, e.category, e.hours::text, e.skill_hours,
            e.occurred_on::text, r.decision, e.horizon
       FROM learning_entries e
       LEFT JOIN LATERAL (SELECT decision FROM entry_reviews WHERE entry_id = e.id ORDER BY id DESC LIMIT 1) r ON true
      WHERE e.tenant_id = $1 AND e.person_id = $2`,
    [tenantId, personId],
  );
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    kind: r.kind,
    correctsId: r.corrects_id ?? undefined,
    moduleId: r.module_id ?? undefined,
    title: 'case',
    category: r.category,
    hours: Number(r.hours),
    skillHours: r.skill_hours,
    occurredOn: r.occurred_on,
    decision: r.decision ?? undefined,
    ...(r.horizon ? { horizon: r.horizon } : {}),
  }));
}

/** What counts, as comparable values: [date, bucket, hours, skill hours], sorted. */
type Counted = [string, number, number, string];
const sorted = (rows: Counted[]) =>
  [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const fromDomain = (folded: EffectiveEntry[]): Counted[] =>
  sorted(
    folded
      .filter(counts)
      .map((e) => [e.occurredOn, e.category, e.hours, JSON.stringify(e.skillHours)] as Counted),
  );

/**
 * The rollup rows the trigger should have written for a folded record (migration 0010's key: year|skill set|bucket),
 * with 0041's 70:30 keys (year|~current, ~future or ~unstated|0).
 */
function rollupFromDomain(folded: readonly EffectiveEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (key: string, h: number) => (out[key] = Math.round(((out[key] ?? 0) + h) * 100) / 100);
  for (const e of folded.filter(counts)) {
    const fy = fiscalYearOf(e.occurredOn);
    for (const c of [e.category, 0]) {
      add(`${fy}||${c}`, e.hours);
      for (const s of e.skillHours) add(`${fy}|${s.skillSet}|${c}`, s.hours);
    }
    add(`${fy}|~${e.horizon ?? 'unstated'}|0`, e.hours);
  }
  return Object.fromEntries(Object.entries(out).filter(([, h]) => h > 0));
}

const people = new Map<string, number>();
beforeAll(async () => {
  for (const [name, steps] of cases) people.set(name, await play(steps));
});

describe('which entries count: the domain and every SQL copy agree', () => {
  it.each(cases.map(([name]) => [name]))('%s', async (name) => {
    const personId = people.get(name)!;
    const folded = effectiveEntries(await ledgerOf(personId));
    const expected = fromDomain(folded);

    // 1. The history's fold (record-sql EFFECTIVE_ENTRIES): its `counted` column.
    const eff = await db.query<{
      occurred_on: string;
      category: number;
      hours: string;
      skill_hours: unknown;
    }>(
      `WITH ${EFFECTIVE_ENTRIES} SELECT occurred_on::text, category, hours::text, skill_hours FROM eff WHERE counted`,
      [tenantId, personId],
    );
    expect(
      sorted(eff.map((r) => [r.occurred_on, r.category, Number(r.hours), JSON.stringify(r.skill_hours)])),
    ).toEqual(expected);

    // 2. Eligibility of one person (ELIGIBILITY_COLUMNS over EFFECTIVE_ENTRIES).
    const columns = await one<unknown>(`WITH ${EFFECTIVE_ENTRIES} SELECT ${ELIGIBILITY_COLUMNS}`, [
      tenantId,
      personId,
    ]);
    const input = eligibilityColumns(columns);
    expect(
      sorted(input.counted.map((c) => [c.occurredOn, c.category, c.hours, JSON.stringify(c.skillHours)])),
    ).toEqual(expected);
    const moduleSlugs = await db.query<{ id: number; slug: string }>(
      'SELECT id, slug FROM modules WHERE tenant_id = $1',
      [tenantId],
    );
    const slugOf = new Map(moduleSlugs.map((m) => [m.id, m.slug]));
    expect([...input.completedModules].sort()).toEqual(
      folded
        .filter((e) => counts(e) && e.source === 'module')
        .map((e) => slugOf.get(e.moduleId!)!)
        .sort(),
    );

    // 3. The class view's fold of many records at once (COUNTED_ENTRIES_OF_MANY), asked for everyone at once.
    const many = await db.query<{
      occurred_on: string;
      category: number;
      hours: string;
      skill_hours: unknown;
    }>(
      `WITH ${COUNTED_ENTRIES_OF_MANY}
       SELECT occurred_on::text, category, hours::text, skill_hours FROM counted WHERE person_id = $3`,
      [tenantId, [...people.values()], personId],
    );
    expect(
      sorted(many.map((r) => [r.occurred_on, r.category, Number(r.hours), JSON.stringify(r.skill_hours)])),
    ).toEqual(expected);

    // 4. The rollup the trigger keeps (migration 0010, learning_rollup_rows).
    const rollup = await db.query<{ key: string; hours: string }>(
      `SELECT fiscal_year || '|' || skill_set_code || '|' || category AS key, hours::text FROM learning_rollups
        WHERE tenant_id = $1 AND person_id = $2 AND skill_set_code NOT LIKE '~lecture%'`,
      [tenantId, personId],
    );
    expect(Object.fromEntries(rollup.map((r) => [r.key, Number(r.hours)]))).toEqual(rollupFromDomain(folded));
  });

  it("the approvals queue's fold of its reviewees (EFFECTIVE_ENTRIES_OF_REVIEWEES) agrees too", async () => {
    const rows = await db.query<{
      person_id: number;
      occurred_on: string;
      category: number;
      hours: string;
      skill_hours: unknown;
      counted: boolean | null;
    }>(
      `WITH ${EFFECTIVE_ENTRIES_OF_REVIEWEES}
       SELECT person_id, occurred_on::text, category, hours::text, skill_hours, counted FROM eff`,
      [tenantId, contextId],
    );
    const reviewees = [...new Set(rows.map((r) => r.person_id))];
    // Everyone with an activity nobody has reviewed yet, and no one else.
    expect(reviewees.sort((a, b) => a - b)).toEqual(
      cases
        .filter(([, steps]) => steps.some((s) => 'entry' in s && s.entry === 'activity'))
        .filter(([, steps]) => !steps.some((s) => 'review' in s && s.of !== 'newest'))
        .map(([name]) => people.get(name)!)
        .sort((a, b) => a - b),
    );
    for (const personId of reviewees) {
      const expected = fromDomain(effectiveEntries(await ledgerOf(personId)));
      const mine = rows.filter((r) => r.person_id === personId && r.counted);
      expect(
        sorted(mine.map((r) => [r.occurred_on, r.category, Number(r.hours), JSON.stringify(r.skill_hours)])),
      ).toEqual(expected);
    }
  });
});
