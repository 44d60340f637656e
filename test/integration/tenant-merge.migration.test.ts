import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { migrate, readMigrations } from '../../src/db/migrate';
import { createFrameworkRepository } from '../../src/db/framework.repository';
import { readFrameworkDir } from '../../src/content/framework-file';
import { createEmptyTestDatabase } from '../support/test-db';

// Migration 0018 (one organisation per issuer) on data written under the old schema, where a tenant was issuer +
// deployment: two tenants of one Moodle with overlapping people, courses, modules and records are merged into the
// oldest; a tenant of another Moodle is left exactly as it was.

const ISSUER = 'https://moodle.agency.test';
const OTHER_ISSUER = 'https://moodle.elsewhere.test';

let db: Database;
let drop: () => Promise<void>;
let frameworkId: number;
let skillSet: string;

/** Row ids by name, filled in beforeAll. */
const ids: Record<string, number> = {};
let before: { entries: number; firstTenantEntries: number; otherTenant: unknown };

async function one<T = { id: number }>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await db.query<T>(sql, params);
  return rows[0]!;
}
const id = async (sql: string, params: unknown[] = []) => (await one<{ id: number }>(sql, params)).id;

async function tenant(issuer: string, deploymentId: string): Promise<number> {
  return id(
    'INSERT INTO tenants (issuer, deployment_id, client_id, platform_name) VALUES ($1, $2, $3, $4) RETURNING id',
    [issuer, deploymentId, 'client-1', 'Moodle'],
  );
}
const person = (t: number, sub: string, extra: { email?: string; group?: string; at?: string } = {}) =>
  id(
    `INSERT INTO people (tenant_id, platform_user_id, name, email, target_group, last_launch_at)
     VALUES ($1, $2, $2, $3, $4, coalesce($5::timestamptz, now())) RETURNING id`,
    [t, sub, extra.email ?? null, extra.group ?? null, extra.at ?? null],
  );
const course = (t: number, contextId: string) =>
  id('INSERT INTO contexts (tenant_id, context_id, title) VALUES ($1, $2, $2) RETURNING id', [t, contextId]);
async function module(t: number, slug: string): Promise<{ module: number; version: number }> {
  const m = await id('INSERT INTO modules (tenant_id, slug) VALUES ($1, $2) RETURNING id', [t, slug]);
  const v = await id(
    `INSERT INTO module_versions (tenant_id, module_id, version, status, framework_id, title_th, title_en, category,
                                  estimated_hours, content, published_at)
     VALUES ($1, $2, 1, 'published', $3, $4, $4, 10, 2, '{}'::jsonb, now()) RETURNING id`,
    [t, m, frameworkId, slug],
  );
  await db.query(
    `INSERT INTO module_mappings (tenant_id, module_version_id, framework_id, skill_set_code, hours)
     VALUES ($1, $2, $3, $4, 2)`,
    [t, v, frameworkId, skillSet],
  );
  return { module: m, version: v };
}
const skillHours = (h: number) => JSON.stringify([{ skillSet, hours: h }]);
const completion = (
  t: number,
  p: number,
  m: { module: number; version: number },
  on: string,
  hours: number,
) =>
  id(
    `INSERT INTO learning_entries (tenant_id, person_id, source, kind, module_id, module_version_id, title, category,
                                   hours, skill_hours, occurred_on, recorded_by)
     VALUES ($1, $2, 'module', 'entry', $3, $4, 'module', 10, $5, $6::jsonb, $7, $2) RETURNING id`,
    [t, p, m.module, m.version, hours, skillHours(hours), on],
  );
const activity = (t: number, p: number, ctx: number | null, on: string, hours: number) =>
  id(
    `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, activity_type, title, category,
                                   hours, skill_hours, occurred_on, recorded_by)
     VALUES ($1, $2, $3, 'activity', 'entry', 'on_the_job', 'work', 70, $4, $5::jsonb, $6, $2) RETURNING id`,
    [t, p, ctx, hours, skillHours(hours), on],
  );
const review = (t: number, entry: number, reviewer: number) =>
  id(
    `INSERT INTO entry_reviews (tenant_id, entry_id, decision, reviewer_id) VALUES ($1, $2, 'approved', $3) RETURNING id`,
    [t, entry, reviewer],
  );

/** Hours that count per person (sub) in a tenant, from the rollups the migration rebuilt. */
async function rolledUpHours(t: number | undefined): Promise<Record<string, number>> {
  const rows = await db.query<{ sub: string; hours: string }>(
    `SELECT p.platform_user_id AS sub, sum(l.hours)::text AS hours FROM learning_rollups l JOIN people p ON p.id = l.person_id
      WHERE l.tenant_id = $1 AND l.skill_set_code = '' AND l.category = 0 GROUP BY 1 ORDER BY 1`,
    [t],
  );
  return Object.fromEntries(rows.map((r) => [r.sub, Number(r.hours)]));
}

beforeAll(async () => {
  const t = await createEmptyTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  // The schema as it was before one organisation per issuer.
  await migrate(
    db,
    readMigrations().filter((m) => m.name < '0016'),
  );
  await createFrameworkRepository(db).load(readFrameworkDir(), 'config/frameworks');
  frameworkId = await id('SELECT id FROM frameworks ORDER BY id LIMIT 1');
  skillSet = (
    await one<{ code: string }>(
      'SELECT code FROM framework_skill_sets WHERE framework_id = $1 ORDER BY position LIMIT 1',
      [frameworkId],
    )
  ).code;

  // Issuer A: the site-level tool (deployment 1, the oldest tenant) and a course-level tool (deployment 42).
  const t1 = (ids.t1 = await tenant(ISSUER, '1'));
  const t2 = (ids.t2 = await tenant(ISSUER, '42'));
  // Another Moodle: must come out untouched.
  const t3 = (ids.t3 = await tenant(OTHER_ISSUER, '1'));
  await db.query('UPDATE tenants SET framework_code = NULL, catalogue_seeded_at = now() WHERE id = $1', [t1]);

  ids.alice1 = await person(t1, 'u-alice', { at: '2026-01-01' });
  ids.bob1 = await person(t1, 'u-bob');
  ids.teacher1 = await person(t1, 'u-teacher');
  ids.alice2 = await person(t2, 'u-alice', { email: 'alice@agency.test', group: 'GEN', at: '2026-03-01' });
  ids.carol2 = await person(t2, 'u-carol');
  ids.teacher2 = await person(t2, 'u-teacher');
  ids.alice3 = await person(t3, 'u-alice');

  ids.course1 = await course(t1, 'course-1');
  ids.course1in2 = await course(t2, 'course-1');
  ids.course2 = await course(t2, 'course-2');
  await db.query(
    `INSERT INTO enrolments (tenant_id, context_id, person_id, roles, updated_at) VALUES
       ($1, $2, $3, '{Learner}', '2026-01-01'), ($4, $5, $6, '{Learner,Mentor}', '2026-03-01'),
       ($4, $7, $6, '{Learner}', '2026-03-01'), ($4, $5, $8, '{Instructor}', '2026-03-01')`,
    [t1, ids.course1, ids.alice1, t2, ids.course1in2, ids.alice2, ids.course2, ids.teacher2],
  );
  // A table a later feature adds (grades per placement, say): its references to merged rows are re-pointed too.
  await db.query(
    `CREATE TABLE placement_notes (
       tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
       person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
       resource_link_id bigint REFERENCES resource_links (id) ON DELETE CASCADE)`,
  );
  const link2 = await id(
    "INSERT INTO resource_links (tenant_id, resource_link_id, context_id, module_slug) VALUES ($1, 'link-9', $2, 'dl-basics') RETURNING id",
    [t2, ids.course1in2],
  );

  const basics1 = await module(t1, 'dl-basics');
  const basics2 = await module(t2, 'dl-basics');
  const only2 = await module(t2, 'only-in-second');
  ids.basics1 = basics1.module;
  ids.basicsVersion1 = basics1.version;
  ids.basics2 = basics2.module;
  ids.only2 = only2.module;
  await module(t3, 'dl-basics');

  // Alice completed the same module in both tenants: the earlier (tenant 1) counts, the later (with its correction
  // and its grade row) goes to the archive.
  ids.keptCompletion = await completion(t1, ids.alice1, basics1, '2026-01-10', 3);
  ids.laterCompletion = await completion(t2, ids.alice2, basics2, '2026-02-01', 3);
  await db.query(
    `INSERT INTO learning_entries (tenant_id, person_id, source, kind, corrects_id, root_id, module_id, title, category,
                                   hours, skill_hours, occurred_on, recorded_by, reason)
     SELECT tenant_id, person_id, source, 'correction', id, id, module_id, title, category, 2.5, $2::jsonb, occurred_on, $3, 'typo'
       FROM learning_entries WHERE id = $1`,
    [ids.laterCompletion, skillHours(2.5), ids.teacher2],
  );
  await db.query(
    `INSERT INTO grade_outbox (tenant_id, entry_id, person_id, resource_link_id, issuer, client_id, lineitem_url,
                               platform_user_id, score_given, score_maximum)
     VALUES ($1, $2, $3, $4, $5, 'client-1', 'https://lms/lineitem', 'u-alice', 100, 100)`,
    [t2, ids.laterCompletion, ids.alice2, link2, ISSUER],
  );
  await db.query('INSERT INTO placement_notes (tenant_id, person_id, resource_link_id) VALUES ($1, $2, $3)', [
    t2,
    ids.alice2,
    link2,
  ]);
  ids.link2 = link2;
  await completion(t2, ids.alice2, only2, '2026-02-02', 2);
  ids.aliceWork = await activity(t2, ids.alice2, ids.course1in2, '2026-03-01', 5);
  await review(t2, ids.aliceWork, ids.teacher2);
  await review(t2, await activity(t2, ids.carol2, ids.course2, '2026-03-02', 4), ids.teacher2);
  await activity(t1, ids.bob1, ids.course1, '2026-03-03', 1); // pending: counts nowhere
  await review(t3, await activity(t3, ids.alice3, null, '2026-03-01', 7), ids.alice3);

  await db.query(
    `INSERT INTO module_progress (tenant_id, person_id, module_version_id, pages_viewed, current_page, best_quiz_percent, updated_at)
     VALUES ($1, $2, $3, '{0,1}', 1, 50, '2026-01-01'), ($4, $5, $6, '{1,2}', 2, 80, '2026-02-01')`,
    [t1, ids.alice1, basics1.version, t2, ids.alice2, basics2.version],
  );
  await db.query(
    `INSERT INTO quiz_attempts (tenant_id, person_id, module_version_id, answers, percent, passed)
     VALUES ($1, $2, $3, '{}'::jsonb, 80, true)`,
    [t2, ids.alice2, basics2.version],
  );
  await db.query(
    `INSERT INTO eligibility_firsts (tenant_id, person_id, assessment_code, first_eligible_at)
     VALUES ($1, $2, 'TPQI-DL', '2026-03-01'), ($3, $4, 'TPQI-DL', '2026-02-01')`,
    [t1, ids.alice1, t2, ids.alice2],
  );
  await db.query(
    `INSERT INTO self_assessments (tenant_id, person_id, framework_id, target_group, target_stage, ratings, taken_on)
     VALUES ($1, $2, $5, 'GEN', 'entry', '{}'::jsonb, '2026-01-05'), ($3, $4, $5, 'GEN', 'entry', '{}'::jsonb, '2026-02-05')`,
    [t1, ids.alice1, t2, ids.alice2, frameworkId],
  );
  const plan = (t: number, p: number, version: number, at: string) =>
    id(
      `INSERT INTO development_plans (tenant_id, person_id, fiscal_year, version, framework_id, items, created_at)
       VALUES ($1, $2, 2569, $3, $4, '[]'::jsonb, $5) RETURNING id`,
      [t, p, version, frameworkId, at],
    );
  ids.plan1 = await plan(t1, ids.alice1, 1, '2026-01-01');
  ids.plan2v1 = await plan(t2, ids.alice2, 1, '2026-02-01');
  ids.plan2v2 = await plan(t2, ids.alice2, 2, '2026-03-01');
  await db.query(
    "INSERT INTO plan_reviews (tenant_id, plan_id, decision, reviewer_id) VALUES ($1, $2, 'agreed', $3)",
    [t2, ids.plan2v2, ids.teacher2],
  );
  const rule = (t: number, assessment: string, ctx: number | null, hours: number) =>
    id(
      `INSERT INTO eligibility_rule_overrides (tenant_id, assessment_code, target_group, context_id, rule, recorded_by)
       VALUES ($1, $2, 'GEN', $3, $4::jsonb, NULL) RETURNING id`,
      [t, assessment, ctx, JSON.stringify({ minHours: hours })],
    );
  ids.rule1 = await rule(t1, 'TPQI-DL', null, 10);
  ids.rule2same = await rule(t2, 'TPQI-DL', null, 5);
  ids.rule2other = await rule(t2, 'DG', null, 8);
  ids.rule2course = await rule(t2, 'TPQI-DL', ids.course2, 12);

  const [entries] = await db.query<{ all: number; t1: number }>(
    'SELECT count(*)::int AS all, count(*) FILTER (WHERE tenant_id = $1)::int AS t1 FROM learning_entries',
    [t1],
  );
  before = {
    entries: entries!.all,
    firstTenantEntries: entries!.t1,
    otherTenant: await db.query(
      `SELECT p.platform_user_id, e.hours::text, e.tenant_id FROM people p JOIN learning_entries e ON e.person_id = p.id
        WHERE p.tenant_id = $1 ORDER BY e.id`,
      [t3],
    ),
  };

  // Now the new migration and the ones after it, up to the tenant keys (see the last test).
  await migrate(
    db,
    readMigrations().filter((m) => m.name < '0022'),
  );
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

describe('migration 0018: one organisation per issuer', () => {
  it('when two tenants share an issuer, then the oldest survives as the organisation and the other is gone', async () => {
    const tenants = await db.query<{ id: number; issuer: string; deployment_id: string | null }>(
      'SELECT id, issuer, deployment_id FROM tenants ORDER BY id',
    );
    expect(tenants).toEqual([
      { id: ids.t1, issuer: ISSUER, deployment_id: null },
      { id: ids.t3, issuer: OTHER_ISSUER, deployment_id: null },
    ]);
    // Nothing anywhere still points at the merged tenant.
    const tables = await db.query<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(15);
    for (const { table_name } of tables) {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table_name} WHERE tenant_id = $1`,
        [ids.t2],
      );
      expect({ table_name, n: row!.n }).toEqual({ table_name, n: 0 });
    }
  });

  it('then people with the same LMS user id are one person, who keeps what either record knew', async () => {
    const people = await db.query<{
      id: number;
      platform_user_id: string;
      email: string | null;
      target_group: string | null;
    }>(
      'SELECT id, platform_user_id, email, target_group FROM people WHERE tenant_id = $1 ORDER BY platform_user_id',
      [ids.t1],
    );
    expect(people).toEqual([
      { id: ids.alice1, platform_user_id: 'u-alice', email: 'alice@agency.test', target_group: 'GEN' },
      { id: ids.bob1, platform_user_id: 'u-bob', email: null, target_group: null },
      { id: ids.carol2, platform_user_id: 'u-carol', email: null, target_group: null },
      { id: ids.teacher1, platform_user_id: 'u-teacher', email: null, target_group: null },
    ]);
  });

  it("then the learner's record is one record: nothing counted twice, nothing lost", async () => {
    // Alice: dl-basics once (3 h, the earlier completion), the second tenant's module (2 h), approved work (5 h).
    // Carol: approved work (4 h). Bob: a pending activity (counts nothing).
    expect(await rolledUpHours(ids.t1)).toEqual({ 'u-alice': 10, 'u-carol': 4 });
    const completions = await db.query<{ id: number }>(
      `SELECT id FROM learning_entries WHERE person_id = $1 AND module_id = $2 AND source = 'module'`,
      [ids.alice1, ids.basics1],
    );
    expect(completions).toEqual([{ id: ids.keptCompletion }]);
    const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM learning_entries');
    // The later completion and its correction left the record...
    expect(after!.n).toBe(before.entries - 2);
    // ...and are kept whole in the archive, with the grade row that went with them.
    const archived = await db.query<{ table_name: string; kept_id: number | null; id: number }>(
      `SELECT table_name, kept_id, (row_data->>'id')::bigint AS id FROM tenant_merge_archive
        WHERE table_name IN ('learning_entries', 'grade_outbox') ORDER BY table_name, id`,
    );
    expect(archived).toEqual([
      { table_name: 'grade_outbox', kept_id: null, id: expect.any(Number) },
      { table_name: 'learning_entries', kept_id: ids.keptCompletion, id: ids.laterCompletion },
      { table_name: 'learning_entries', kept_id: ids.keptCompletion, id: expect.any(Number) },
    ]);
    // The tenant rollup counts each learner once.
    const [total] = await db.query<{ hours: string; learners: number }>(
      `SELECT sum(hours)::text AS hours, sum(learners)::int AS learners FROM tenant_rollups
        WHERE tenant_id = $1 AND skill_set_code = '' AND category = 0`,
      [ids.t1],
    );
    expect({ hours: Number(total!.hours), learners: total!.learners }).toEqual({ hours: 14, learners: 2 });
    // The other Moodle's record is exactly as it was, and counted as before.
    expect(
      await db.query(
        `SELECT p.platform_user_id, e.hours::text, e.tenant_id FROM people p JOIN learning_entries e ON e.person_id = p.id
          WHERE p.tenant_id = $1 ORDER BY e.id`,
        [ids.t3],
      ),
    ).toEqual(before.otherTenant);
    expect(await rolledUpHours(ids.t3)).toEqual({ 'u-alice': 7 });
  });

  it('then moved rows point at the surviving person, course, module and link', async () => {
    const work = await one<{ person_id: number; context_id: number; reviewer_id: number }>(
      `SELECT e.person_id, e.context_id, r.reviewer_id FROM learning_entries e JOIN entry_reviews r ON r.entry_id = e.id
        WHERE e.id = $1`,
      [ids.aliceWork],
    );
    expect(work).toEqual({ person_id: ids.alice1, context_id: ids.course1, reviewer_id: ids.teacher1 });
    const modules = await db.query<{ slug: string; id: number }>(
      'SELECT slug, id FROM modules WHERE tenant_id = $1 ORDER BY slug',
      [ids.t1],
    );
    expect(modules).toEqual([
      { slug: 'dl-basics', id: ids.basics1 },
      { slug: 'only-in-second', id: ids.only2 },
    ]);
    const [mixed] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM module_versions v JOIN modules m ON m.id = v.module_id WHERE v.tenant_id <> m.tenant_id`,
    );
    expect(mixed!.n).toBe(0);
    expect(
      await db.query('SELECT person_id, module_version_id FROM quiz_attempts WHERE tenant_id = $1', [ids.t1]),
    ).toEqual([{ person_id: ids.alice1, module_version_id: ids.basicsVersion1 }]);
    expect(
      await db.query(
        'SELECT pages_viewed, current_page, best_quiz_percent::text AS best FROM module_progress WHERE person_id = $1',
        [ids.alice1],
      ),
    ).toEqual([{ pages_viewed: [0, 1, 2], current_page: 2, best: '80.00' }]);
    expect(
      await db.query(
        `SELECT c.context_id, n.roles FROM enrolments n JOIN contexts c ON c.id = n.context_id
          WHERE n.person_id = $1 ORDER BY c.context_id`,
        [ids.alice1],
      ),
    ).toEqual([
      { context_id: 'course-1', roles: ['Learner', 'Mentor'] },
      { context_id: 'course-2', roles: ['Learner'] },
    ]);
    expect(
      await db.query('SELECT context_id FROM contexts WHERE tenant_id = $1 ORDER BY 1', [ids.t1]),
    ).toEqual([{ context_id: 'course-1' }, { context_id: 'course-2' }]);
    expect(
      await db.query('SELECT resource_link_id, context_id FROM resource_links WHERE tenant_id = $1', [
        ids.t1,
      ]),
    ).toEqual([{ resource_link_id: 'link-9', context_id: ids.course1 }]);
    expect(await db.query('SELECT tenant_id, person_id, resource_link_id FROM placement_notes')).toEqual([
      { tenant_id: ids.t1, person_id: ids.alice1, resource_link_id: ids.link2 },
    ]);
  });

  it('then first eligibility keeps the earliest date, plans are numbered in the order written, self-assessments all stay', async () => {
    const firsts = await db.query<{ at: Date }>(
      'SELECT first_eligible_at AS at FROM eligibility_firsts WHERE person_id = $1',
      [ids.alice1],
    );
    expect(firsts.map((f) => new Date(f.at).toISOString().slice(0, 10))).toEqual(['2026-02-01']);
    expect(
      await db.query(
        'SELECT id, version FROM development_plans WHERE person_id = $1 AND fiscal_year = 2569 ORDER BY version',
        [ids.alice1],
      ),
    ).toEqual([
      { id: ids.plan1, version: 1 },
      { id: ids.plan2v1, version: 2 },
      { id: ids.plan2v2, version: 3 },
    ]);
    expect(await db.query('SELECT reviewer_id FROM plan_reviews WHERE plan_id = $1', [ids.plan2v2])).toEqual([
      { reviewer_id: ids.teacher1 },
    ]);
    const [sa] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM self_assessments WHERE person_id = $1 AND tenant_id = $2',
      [ids.alice1, ids.t1],
    );
    expect(sa!.n).toBe(2);
  });

  it("then the surviving organisation's rules stay in force; the other's rules for other keys move", async () => {
    const rules = await db.query<{ id: number; context_id: number | null }>(
      'SELECT id, context_id FROM eligibility_rule_overrides WHERE tenant_id = $1 ORDER BY id',
      [ids.t1],
    );
    expect(rules).toEqual([
      { id: ids.rule1, context_id: null },
      { id: ids.rule2other, context_id: null },
      { id: ids.rule2course, context_id: ids.course2 },
    ]);
    const archived = await db.query<{ id: number }>(
      "SELECT (row_data->>'id')::bigint AS id FROM tenant_merge_archive WHERE table_name = 'eligibility_rule_overrides'",
    );
    expect(archived).toEqual([{ id: ids.rule2same }]);
  });

  it('then a rebuild of the rollups gives the same numbers (the merged rollups are consistent)', async () => {
    const snapshot = () =>
      db.query(
        `SELECT fiscal_year, target_group, skill_set_code, category, hours::text, learners FROM tenant_rollups
          WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4`,
        [ids.t1],
      );
    const merged = await snapshot();
    await db.query('SELECT learning_rollup_rebuild($1)', [ids.t1]);
    expect(await snapshot()).toEqual(merged);
    expect(before.firstTenantEntries).toBeGreaterThan(0);
  });

  it('then one organisation per issuer is enforced from now on', async () => {
    await expect(
      db.query("INSERT INTO tenants (issuer, client_id) VALUES ($1, 'client-2')", [ISSUER]),
    ).rejects.toThrow(/tenants_organisation/);
  });

  it('then the tenant keys (0022-0027) take the merged data; the archive belongs to the surviving organisation', async () => {
    // placement_notes stands for a table outside the tool's schema: its single-column references would stop the
    // tenant keys, as a cross-organisation reference would. The tool's own tables all move to the new keys.
    await db.query('DROP TABLE placement_notes');
    await migrate(db);
    const owners = await db.query<{ table_name: string; tenant_id: number }>(
      'SELECT DISTINCT table_name, tenant_id FROM tenant_merge_archive ORDER BY 1, 2',
    );
    expect(owners.length).toBeGreaterThan(3);
    expect(owners.filter((o) => o.tenant_id !== ids.t1)).toEqual([]);
    await expect(
      db.query('UPDATE learning_entries SET person_id = $1 WHERE tenant_id = $2', [ids.alice3, ids.t1]),
    ).rejects.toThrow(/learning_entries_person_id_fkey/);
  });
});
