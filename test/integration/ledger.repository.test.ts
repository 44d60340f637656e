import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createDevelopmentRepository } from '../../src/db/development.repository';
import { createLedgerRepository } from '../../src/db/ledger.repository';
import { migrate } from '../../src/db/migrate';
import {
  counts,
  effectiveEntries,
  totals,
  type EffectiveEntry,
} from '../../src/domain/learning-record/ledger';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import { createTestDatabase } from '../support/test-db';
import {
  contextId as asContextId,
  personId as asPersonId,
  type ContextId,
  type EntryId,
  type PersonId,
  type TenantId,
} from '../../src/shared/ids';
import type { AuditAction, AuditEntry } from '../../src/use-cases/ports/audit';

let db: Database;
let drop: () => Promise<void>;
let tenantId: TenantId;
let contextId: ContextId;
/** The audit entry the ledger's writes take (the use cases build it; here, what the row needs). */
const auditBy = (personId: PersonId, action: AuditAction): AuditEntry => ({
  by: { tenantId, personId, lms: { issuer: 'https://lms.example', deploymentId: '1' } },
  action,
  subject: 'test',
});
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(db);
  [{ id: tenantId }] = (await db.query<{ id: number }>(
    "INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ('https://lms.test', 'd1', 'c1') RETURNING id",
  )) as [{ id: TenantId }];
  [{ id: contextId }] = (await db.query<{ id: number }>(
    "INSERT INTO contexts (tenant_id, context_id) VALUES ($1, 'course-1') RETURNING id",
    [tenantId],
  )) as [{ id: ContextId }];
});
afterAll(async () => {
  await db.close();
  await drop();
});

async function person(): Promise<PersonId> {
  const [row] = await db.query<{ id: number }>(
    "INSERT INTO people (tenant_id, platform_user_id) VALUES ($1, 'p-' || gen_random_uuid()) RETURNING id",
    [tenantId],
  );
  return asPersonId(row!.id);
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** The rollup rows the database should hold for a folded record: per fiscal year, skill set ('' = the entries'
 * own hours) and bucket (0 = all three), hours that count. */
function expectedRollup(folded: readonly EffectiveEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (key: string, h: number) => (out[key] = Math.round(((out[key] ?? 0) + h) * 100) / 100);
  for (const e of folded.filter(counts)) {
    const fy = fiscalYearOf(e.occurredOn);
    for (const c of [e.category, 0]) {
      add(`${fy}||${c}`, e.hours);
      for (const s of e.skillHours) add(`${fy}|${s.skillSet}|${c}`, s.hours);
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([, h]) => h > 0));
}

async function rollupOf(personId: number): Promise<Record<string, number>> {
  const rows = await db.query<{ key: string; hours: string }>(
    `SELECT fiscal_year || '|' || skill_set_code || '|' || category AS key, hours::text FROM learning_rollups
      WHERE person_id = $1 AND skill_set_code NOT LIKE '~%'`,
    [personId],
  );
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.hours)]));
}

/** The tenant rollup as stored, and as it should be: the sum of its people's rollups by their current group. */
async function tenantRollups(): Promise<{ stored: unknown[]; expected: unknown[] }> {
  const stored = await db.query(
    `SELECT fiscal_year, target_group, skill_set_code, category, hours::text, learners FROM tenant_rollups
      WHERE tenant_id = $1 AND (hours <> 0 OR learners <> 0) ORDER BY 1, 2, 3, 4`,
    [tenantId],
  );
  const expected = await db.query(
    `SELECT l.fiscal_year, coalesce(p.target_group, '') AS target_group, l.skill_set_code, l.category,
            sum(l.hours)::text AS hours, count(*)::int AS learners
       FROM learning_rollups l JOIN people p ON p.id = l.person_id WHERE l.tenant_id = $1
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [tenantId],
  );
  return { stored, expected };
}

describe('the learning record in the database', () => {
  it.each([1, 2, 3, 4, 5])(
    'summing in SQL agrees with the domain fold (seed %i: activities, reviews, corrections, reversals)',
    async (seed) => {
      const random = rng(seed);
      const ledger = createLedgerRepository(db);
      const me = await person();
      const other = await person();
      const skills = ['DL', 'DG', 'DT', 'PSM'];
      const ids: EntryId[] = [];
      for (let i = 0; i < 40; i += 1) {
        const hours = Math.round((0.5 + random() * 5) * 100) / 100;
        const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 900) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const category = ([70, 20, 10] as const)[Math.floor(random() * 3)]!;
        const horizon = (['current', 'future', undefined] as const)[Math.floor(random() * 3)];
        const id = await ledger.logActivity(
          { tenantId, personId: me, contextId, targetSetByInstructor: false },
          {
            activityType: 'mentoring',
            title: `A${i}`,
            category,
            hours,
            skillHours: [{ skillSet: skills[Math.floor(random() * skills.length)]!, hours }],
            occurredOn: day,
            ...(horizon ? { horizon } : {}),
            ...(category === 10 && random() < 0.7 ? { lectureShare: Math.floor(random() * 101) } : {}),
          },
        );
        ids.push(id);
      }
      const shuffled = ids.filter(() => random() < 0.7);
      const review = { tenantId, contextId, reviewerId: me };
      await ledger.review({
        ...review,
        entryIds: shuffled.slice(0, 20),
        decision: 'approved',
        audit: auditBy(me, 'entry.approved'),
      });
      await ledger.review({
        ...review,
        entryIds: shuffled.slice(20),
        decision: 'rejected',
        comment: 'no',
        audit: auditBy(me, 'entry.rejected'),
      });
      for (const id of ids.filter(() => random() < 0.3)) {
        const kind = random() < 0.5 ? 'correction' : 'reversal';
        await ledger.correct({
          tenantId,
          contextId,
          personId: me,
          entryId: id,
          kind,
          hours: 1.25,
          category: 20,
          reason: 'fix',
          recordedBy: me,
          audit: auditBy(me, 'entry.corrected'),
        });
        if (random() < 0.5)
          await ledger.correct({
            tenantId,
            contextId,
            personId: me,
            entryId: id,
            kind: 'correction',
            hours: 0.75,
            reason: 'again',
            recordedBy: me,
            audit: auditBy(me, 'entry.corrected'),
          });
      }

      const folded = effectiveEntries(await ledger.entriesOf(tenantId, me));
      const expected = totals(folded);
      const summary = await ledger.summaryOf({ tenantId, personId: me }, { offset: 0, limit: 1000 });
      expect(summary.byCategory).toEqual(expected.byCategory);
      expect(Object.fromEntries(summary.bySkillSet)).toEqual(Object.fromEntries(expected.bySkillSet));
      expect(summary.pendingCount).toBe(folded.filter((e) => e.status === 'pending' && !e.reversed).length);
      const shown = (e: EffectiveEntry) => [
        e.id,
        e.currentId,
        e.status,
        e.reversed,
        e.hours,
        e.reason,
        e.reviewComment,
      ];
      expect(summary.history.map(shown)).toEqual(folded.map(shown));
      // Every field, the 70:30 horizon and the lecture share included: the record's two shapes agree.
      expect(summary.history).toEqual(folded);
      expect(summary.fiscalYears).toEqual(
        [...new Set(folded.map((e) => fiscalYearOf(e.occurredOn)))].sort((a, b) => b - a),
      );
      // The report rollup, kept by triggers through all of the above, agrees with the fold too.
      expect(await rollupOf(me)).toEqual(expectedRollup(folded));
      // So does what eligibility is judged on, for one learner (progress page) and for a class (class view).
      const development = createDevelopmentRepository(db);
      const counted = (c: { occurredOn: string; category: number; hours: number; skillHours: unknown }) =>
        JSON.stringify([c.occurredOn, c.category, c.hours, c.skillHours]);
      const expectedCounted = folded.filter(counts).map(counted).sort();
      const one = await development.eligibilityInputOf(tenantId, me);
      const many = (await development.eligibilityInputsOf(tenantId, [me, other])).get(me)!;
      expect(one.counted.map(counted).sort()).toEqual(expectedCounted);
      expect(many.counted.map(counted).sort()).toEqual(expectedCounted);
    },
  );

  it("the tenant rollup is the sum of its people's rollups, also after group changes, and a rebuild gives the same", async () => {
    const people = await db.query<{ id: number }>('SELECT id FROM people WHERE tenant_id = $1 ORDER BY id', [
      tenantId,
    ]);
    expect(people.length).toBeGreaterThan(3);
    await db.query("UPDATE people SET target_group = 'ACAD' WHERE id = $1", [people[0]!.id]);
    await db.query("UPDATE people SET target_group = 'SERV' WHERE id = ANY ($1::bigint[])", [
      people.slice(1, 3).map((p) => p.id),
    ]);
    await db.query("UPDATE people SET target_group = 'EXEC' WHERE id = $1", [people[1]!.id]);
    await db.query('UPDATE people SET target_group = NULL WHERE id = $1', [people[2]!.id]);
    const live = await tenantRollups();
    expect(live.stored.length).toBeGreaterThan(0);
    expect(live.stored).toEqual(live.expected);
    const before = await db.query(
      'SELECT * FROM learning_rollups ORDER BY person_id, fiscal_year, skill_set_code, category',
    );
    await db.query('SELECT learning_rollup_rebuild($1)', [tenantId]);
    expect(
      await db.query(
        'SELECT * FROM learning_rollups ORDER BY person_id, fiscal_year, skill_set_code, category',
      ),
    ).toEqual(before);
    expect((await tenantRollups()).stored).toEqual(live.stored);
  });

  it('pages and filters the history by date range', async () => {
    const ledger = createLedgerRepository(db);
    const me = await person();
    for (const day of ['2025-09-30', '2025-10-01', '2026-03-01', '2026-09-30', '2026-10-01'])
      await ledger.logActivity(
        { tenantId, personId: me, contextId, targetSetByInstructor: false },
        {
          activityType: 'workshop',
          title: day,
          category: 10,
          hours: 1,
          skillHours: [{ skillSet: 'DL', hours: 1 }],
          occurredOn: day,
        },
      );
    const fy2569 = await ledger.summaryOf(
      { tenantId, personId: me },
      {
        from: '2025-10-01',
        to: '2026-09-30',
        offset: 0,
        limit: 2,
      },
    );
    expect(fy2569.historyCount).toBe(3);
    expect(fy2569.history.map((e) => e.title)).toEqual(['2026-09-30', '2026-03-01']);
    expect(fy2569.fiscalYears).toEqual([2570, 2569, 2568]);
  });

  it('a correction of an entry in another course, or of a reversed or rejected entry, writes nothing', async () => {
    const ledger = createLedgerRepository(db);
    const me = await person();
    const id = await ledger.logActivity(
      { tenantId, personId: me, contextId, targetSetByInstructor: false },
      {
        activityType: 'workshop',
        title: 'x',
        category: 10,
        hours: 2,
        skillHours: [{ skillSet: 'DL', hours: 2 }],
        occurredOn: '2026-01-01',
      },
    );
    expect(
      await ledger.correct({
        tenantId,
        contextId: asContextId(contextId + 999),
        personId: me,
        entryId: id,
        kind: 'reversal',
        reason: 'x',
        recordedBy: me,
        audit: auditBy(me, 'entry.corrected'),
      }),
    ).toBeUndefined();
    expect(
      await ledger.correct({
        tenantId,
        contextId,
        personId: me,
        entryId: id,
        kind: 'reversal',
        reason: 'dup',
        recordedBy: me,
        audit: auditBy(me, 'entry.corrected'),
      }),
    ).toBeDefined();
    expect(
      await ledger.correct({
        tenantId,
        contextId,
        personId: me,
        entryId: id,
        kind: 'reversal',
        reason: 'dup',
        recordedBy: me,
        audit: auditBy(me, 'entry.corrected'),
      }),
    ).toEqual({ notCorrectable: 'REVERSED' });
    const rejected = await ledger.logActivity(
      { tenantId, personId: me, contextId, targetSetByInstructor: false },
      {
        activityType: 'workshop',
        title: 'z',
        category: 10,
        hours: 2,
        skillHours: [{ skillSet: 'DL', hours: 2 }],
        occurredOn: '2026-01-01',
      },
    );
    await ledger.review({
      tenantId,
      contextId,
      entryIds: [rejected],
      decision: 'rejected',
      comment: 'no evidence',
      reviewerId: me,
      audit: auditBy(me, 'entry.rejected'),
    });
    for (const kind of ['correction', 'reversal'] as const)
      expect(
        await ledger.correct({
          tenantId,
          contextId,
          personId: me,
          entryId: rejected,
          kind,
          hours: 1,
          reason: 'x',
          recordedBy: me,
          audit: auditBy(me, 'entry.corrected'),
        }),
      ).toEqual({ notCorrectable: 'REJECTED' });
    const [chain] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM learning_entries WHERE coalesce(root_id, id) = $1',
      [rejected],
    );
    expect(chain!.n).toBe(1);
    // Concurrent corrections both land, one after the other, in one chain.
    const other = await ledger.logActivity(
      { tenantId, personId: me, contextId, targetSetByInstructor: false },
      {
        activityType: 'workshop',
        title: 'y',
        category: 10,
        hours: 2,
        skillHours: [{ skillSet: 'DL', hours: 2 }],
        occurredOn: '2026-01-01',
      },
    );
    await Promise.all(
      [1, 1.5, 0.5].map((hours) =>
        ledger.correct({
          tenantId,
          contextId,
          personId: me,
          entryId: other,
          kind: 'correction',
          hours,
          reason: 'race',
          recordedBy: me,
          audit: auditBy(me, 'entry.corrected'),
        }),
      ),
    );
    const rows = await db.query<{ corrects_id: number | null }>(
      'SELECT corrects_id FROM learning_entries WHERE coalesce(root_id, id) = $1 ORDER BY id',
      [other],
    );
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.corrects_id)).size).toBe(4);
  });
});
