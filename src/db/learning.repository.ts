import type { Database } from './database';
import { SqlParams } from './sql';
import { writeAudit } from './audit.repository';
import {
  EFFECTIVE_ENTRIES,
  EFFECTIVE_ENTRIES_OF_REVIEWEES,
  HAS_LEARNER_ROLE,
  ELIGIBILITY_COLUMNS,
  toEligibilityInput,
  type EligibilityColumns,
} from './record-sql';
import type {
  CompletionRecord,
  CourseLearner,
  GradeOutbox,
  GradePlacement,
  GradeRow,
  GradeRejection,
  GradeStatus,
  LedgerStore,
  Learner,
  ModuleProgressState,
  OutboxGrade,
  PlayerStore,
  ReviewItem,
} from '../use-cases/ports';
import {
  correctionBlock,
  type EffectiveEntry,
  type LedgerEntry,
  type SkillHours,
} from '../domain/learning-record/ledger';
import type { LearningCategory } from '../domain/catalogue/learning-module';

const isoDate = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

interface CourseLearnerRow {
  id: number;
  platform_user_id: string;
  name: string | null;
  target_group: string | null;
  target_stage: string | null;
}

const toCourseLearner = (r: CourseLearnerRow): CourseLearner => ({
  personId: r.id,
  platformUserId: r.platform_user_id,
  name: r.name ?? undefined,
  targetGroup: r.target_group ?? undefined,
  targetStage: r.target_stage ?? undefined,
});

interface ProgressRow {
  pages_viewed: number[];
  current_page: number;
  best_quiz_percent: string | null;
}
const toProgress = (row: ProgressRow | undefined): ModuleProgressState => ({
  pagesViewed: row?.pages_viewed ?? [],
  currentPage: row?.current_page ?? 0,
  bestQuizPercent: row?.best_quiz_percent == null ? undefined : Number(row.best_quiz_percent),
});

interface CompletionRow {
  id: number;
  occurred_on: string;
  score_percent: string | null;
  created_at: Date;
}
const toCompletion = (r: CompletionRow): CompletionRecord => ({
  entryId: r.id,
  occurredOn: isoDate(r.occurred_on),
  scorePercent: r.score_percent == null ? undefined : Number(r.score_percent),
  createdAt: r.created_at,
});

/** Who a session is: the person and course ids of its launch (recorded at launch, so they exist). */
export function createLearnerLookup(db: Database) {
  return async function learnerOf(
    tenantId: number,
    platformUserId: string,
    contextId: string | undefined,
  ): Promise<Learner | undefined> {
    const rows = await db.query<{
      id: number;
      target_group: string | null;
      target_stage: string | null;
      set_by_other: boolean;
      context_id: number | null;
    }>(
      `SELECT p.id, p.target_group, p.target_stage, coalesce(p.target_set_by <> p.id, false) AS set_by_other,
              (SELECT c.id FROM contexts c WHERE c.tenant_id = p.tenant_id AND c.context_id = $3) AS context_id
         FROM people p WHERE p.tenant_id = $1 AND p.platform_user_id = $2`,
      [tenantId, platformUserId, contextId ?? null],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      tenantId,
      personId: row.id,
      contextId: row.context_id ?? undefined,
      targetGroup: row.target_group ?? undefined,
      targetStage: row.target_stage ?? undefined,
      targetSetByInstructor: row.set_by_other,
    };
  };
}

/**
 * The common table expressions that queue a learner's best score of a module for its placements. They read a CTE
 * `completion` (id, module_id, score_percent, created_at: the learner's completion entry of the module, or no row:
 * then nothing is queued) and, with `attempt`, a CTE `attempt` (percent, created_at) holding a quiz attempt of this
 * statement. They end in `queued`, one row per grade queued.
 *
 * - The best score is the completion's or that of a later attempt (a retake), with the time it was earned.
 * - The placements are the launch's (`placement`) and, with `everyPlacement`, every resource link that placed the
 *   module, has a line item and sits in a course where the person is enrolled as a learner.
 * - A placement gets the score only when no score as high was queued for its line item before (a lower retake never
 *   lowers the grade; the same best is not sent twice), and the unique index on person, line item and score keeps
 *   concurrent statements to one row. The score's timestamp is at least a second after the line item's previous
 *   one, since Moodle compares whole seconds and takes only a newer score.
 */
function queueBestScore(
  params: SqlParams,
  o: {
    /** The placeholders of the tenant and person ids, already among the params. */
    tenant: string;
    person: string;
    placement?: GradePlacement;
    everyPlacement: boolean;
    attempt: boolean;
  },
): string[] {
  const { tenant, person } = o;
  const pl = o.placement;
  const lineitem = params.add(pl?.lineitemUrl ?? null);
  const placements = [
    `SELECT 0 AS pref, (SELECT id FROM resource_links WHERE tenant_id = ${tenant} AND resource_link_id = ${params.add(pl?.resourceLinkId ?? null)}::text) AS link_id,
            ${params.add(pl?.issuer ?? null)}::text AS issuer, ${params.add(pl?.clientId ?? null)}::text AS client_id,
            ${lineitem}::text AS lineitem_url, ${params.add(pl?.platformUserId ?? null)}::text AS platform_user_id
      WHERE ${lineitem}::text IS NOT NULL`,
  ];
  if (o.everyPlacement)
    placements.push(`SELECT 1, rl.id, tn.issuer, coalesce(rl.client_id, tn.client_id), rl.ags_lineitem_url, pe.platform_user_id
      FROM completion c JOIN modules m ON m.id = c.module_id
      JOIN resource_links rl ON rl.tenant_id = ${tenant} AND rl.module_slug = m.slug AND rl.ags_lineitem_url IS NOT NULL
      JOIN enrolments e ON e.tenant_id = ${tenant} AND e.context_id = rl.context_id AND e.person_id = ${person}
      JOIN tenants tn ON tn.id = ${tenant} JOIN people pe ON pe.id = ${person}
     WHERE ${HAS_LEARNER_ROLE}`);
  return [
    `best AS (
      SELECT s.score, s.at FROM (
        SELECT c.score_percent AS score, c.created_at AS at FROM completion c WHERE c.score_percent IS NOT NULL
        UNION ALL
        SELECT a.percent, a.created_at FROM completion c
          JOIN quiz_attempts a ON a.tenant_id = ${tenant} AND a.person_id = ${person} AND a.created_at > c.created_at
          JOIN module_versions v ON v.id = a.module_version_id AND v.module_id = c.module_id
        ${o.attempt ? 'UNION ALL SELECT a.percent, a.created_at FROM attempt a, completion c' : ''}
      ) s ORDER BY s.score DESC, s.at LIMIT 1)`,
    `placements AS (
      SELECT DISTINCT ON (lineitem_url) link_id, issuer, client_id, lineitem_url, platform_user_id
        FROM (${placements.join(' UNION ALL ')}) x
       ORDER BY lineitem_url, pref)`,
    `queued AS (
      INSERT INTO grade_outbox (tenant_id, entry_id, person_id, resource_link_id, issuer, client_id, lineitem_url,
                                platform_user_id, score_given, score_maximum, scored_at)
      SELECT ${tenant}, c.id, ${person}, x.link_id, x.issuer, x.client_id, x.lineitem_url, x.platform_user_id, b.score, 100,
             greatest(b.at, (SELECT max(g.scored_at) + interval '1 second' FROM grade_outbox g
                              WHERE g.tenant_id = ${tenant} AND g.person_id = ${person} AND g.lineitem_url = x.lineitem_url))
        FROM completion c, best b, placements x
       WHERE NOT EXISTS (SELECT 1 FROM grade_outbox g
                          WHERE g.tenant_id = ${tenant} AND g.person_id = ${person} AND g.lineitem_url = x.lineitem_url
                            AND g.score_given >= b.score)
      ON CONFLICT (tenant_id, person_id, lineitem_url, score_given) DO NOTHING
      RETURNING 1)`,
  ];
}

export function createPlayerRepository(db: Database): PlayerStore {
  const completionSelect = `SELECT id, occurred_on::text, score_percent::text, created_at FROM learning_entries
     WHERE tenant_id = $1 AND person_id = $2 AND module_id = $3 AND source = 'module' AND kind = 'entry'`;
  return {
    async progress(l, versionId) {
      const rows = await db.query<ProgressRow>(
        `SELECT pages_viewed, current_page, best_quiz_percent::text FROM module_progress
          WHERE tenant_id = $1 AND person_id = $2 AND module_version_id = $3`,
        [l.tenantId, l.personId, versionId],
      );
      return toProgress(rows[0]);
    },

    async viewPage(l, versionId, page) {
      // One atomic upsert: concurrent views of two pages both land in pages_viewed.
      const rows = await db.query<ProgressRow>(
        `INSERT INTO module_progress (tenant_id, person_id, module_version_id, pages_viewed, current_page)
         VALUES ($1, $2, $3, ARRAY[$4::int], $4)
         ON CONFLICT (tenant_id, person_id, module_version_id) DO UPDATE SET
           pages_viewed = CASE WHEN $4 = ANY (module_progress.pages_viewed) THEN module_progress.pages_viewed
                               ELSE module_progress.pages_viewed || $4::int END,
           current_page = $4, updated_at = now()
         RETURNING pages_viewed, current_page, best_quiz_percent::text`,
        [l.tenantId, l.personId, versionId, page],
      );
      return toProgress(rows[0]);
    },

    async recordQuizAttempt(l, versionId, attempt, placement) {
      // The attempt, the version's best score and, once the module is completed, a better grade for its placements:
      // one statement, so a kept attempt always has its grade queued.
      const params = new SqlParams([
        l.tenantId,
        l.personId,
        versionId,
        JSON.stringify(attempt.answers),
        attempt.percent,
        attempt.passed,
      ]);
      const grades = queueBestScore(params, {
        tenant: '$1',
        person: '$2',
        placement,
        everyPlacement: true,
        attempt: true,
      });
      const rows = await db.query<ProgressRow & { queued: number }>(
        `WITH attempt AS (
           INSERT INTO quiz_attempts (tenant_id, person_id, module_version_id, answers, percent, passed)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING percent, created_at),
         progress AS (
           INSERT INTO module_progress (tenant_id, person_id, module_version_id, best_quiz_percent)
           VALUES ($1, $2, $3, $5)
           ON CONFLICT (tenant_id, person_id, module_version_id) DO UPDATE SET
             best_quiz_percent = GREATEST(module_progress.best_quiz_percent, EXCLUDED.best_quiz_percent), updated_at = now()
           RETURNING pages_viewed, current_page, best_quiz_percent::text),
         completion AS (
           SELECT e.id, e.module_id, e.score_percent, e.created_at FROM learning_entries e
            WHERE e.tenant_id = $1 AND e.person_id = $2 AND e.source = 'module' AND e.kind = 'entry'
              AND e.module_id = (SELECT module_id FROM module_versions WHERE id = $3)),
         ${grades.join(', ')}
         SELECT pages_viewed, current_page, best_quiz_percent, (SELECT count(*) FROM queued)::int AS queued FROM progress`,
        params.values,
      );
      return { state: toProgress(rows[0]), gradesQueued: rows[0]?.queued ?? 0 };
    },

    async complete(c) {
      // The partial unique index makes a second completion of the module a no-op, also under concurrency; the
      // grades are queued by the same statement, so an acknowledged completion always has its grades queued.
      const params = new SqlParams([
        c.tenantId,
        c.personId,
        c.contextId ?? null,
        c.moduleId,
        c.moduleVersionId,
        c.title,
        c.category,
        c.hours,
        JSON.stringify(c.skillHours),
        c.scorePercent,
      ]);
      const grades = queueBestScore(params, {
        tenant: '$1',
        person: '$2',
        placement: c.grade,
        everyPlacement: true,
        attempt: false,
      });
      const rows = await db.query<CompletionRow & { queued: number }>(
        `WITH completion AS (
           INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, module_id, module_version_id,
                                         title, category, hours, skill_hours, occurred_on, score_percent, recorded_by)
           VALUES ($1, $2, $3, 'module', 'entry', $4, $5, $6, $7, $8, $9::jsonb, (now() AT TIME ZONE 'Asia/Bangkok')::date, $10, $2)
           ON CONFLICT (tenant_id, person_id, module_id) WHERE source = 'module' AND kind = 'entry' DO NOTHING
           RETURNING id, module_id, occurred_on, score_percent, created_at),
         ${grades.join(', ')}
         SELECT id, occurred_on::text, score_percent::text, created_at, (SELECT count(*) FROM queued)::int AS queued
           FROM completion`,
        params.values,
      );
      if (rows[0]) return { created: true, record: toCompletion(rows[0]), gradesQueued: rows[0].queued };
      const existing = await db.query<CompletionRow>(completionSelect, [c.tenantId, c.personId, c.moduleId]);
      return { created: false, record: toCompletion(existing[0]!), gradesQueued: 0 };
    },

    async completionOf(l, moduleId) {
      const rows = await db.query<CompletionRow>(completionSelect, [l.tenantId, l.personId, moduleId]);
      return rows[0] ? toCompletion(rows[0]) : undefined;
    },

    async completionAt(l, moduleId, placement) {
      // The read the page makes anyway, with the placement's grade queued by the same statement when it is due.
      const params = new SqlParams([l.tenantId, l.personId, moduleId]);
      const grades = queueBestScore(params, {
        tenant: '$1',
        person: '$2',
        placement,
        everyPlacement: false,
        attempt: false,
      });
      const rows = await db.query<CompletionRow & { queued: number }>(
        `WITH completion AS (
           SELECT id, module_id, occurred_on, score_percent, created_at FROM learning_entries
            WHERE tenant_id = $1 AND person_id = $2 AND module_id = $3 AND source = 'module' AND kind = 'entry'),
         ${grades.join(', ')}
         SELECT id, occurred_on::text, score_percent::text, created_at, (SELECT count(*) FROM queued)::int AS queued
           FROM completion`,
        params.values,
      );
      const row = rows[0];
      return row ? { record: toCompletion(row), gradesQueued: row.queued } : { gradesQueued: 0 };
    },
  };
}

interface EntryRow {
  id: number;
  source: LedgerEntry['source'];
  kind: LedgerEntry['kind'];
  corrects_id: number | null;
  title: string;
  activity_type: string | null;
  module_id: number | null;
  category: LearningCategory;
  /** numeric arrives as a JSON number inside json_agg. */
  hours: number | string;
  skill_hours: SkillHours[];
  occurred_on: string;
  decision: 'approved' | 'rejected' | null;
  review_comment: string | null;
  reason: string | null;
  title_th: string | null;
  title_en: string | null;
}

interface EffectiveRow {
  root: number;
  current_id: number;
  source: EffectiveEntry['source'];
  title: string;
  title_th: string | null;
  title_en: string | null;
  activity_type: string | null;
  module_id: number | null;
  category: LearningCategory;
  hours: number | string;
  skill_hours: SkillHours[];
  occurred_on: string;
  status: EffectiveEntry['status'];
  comment: string | null;
  reason: string | null;
  reversed: boolean;
  corrected: boolean;
}

const toEffective = (r: EffectiveRow): EffectiveEntry => ({
  id: r.root,
  currentId: r.current_id,
  source: r.source,
  title: r.title,
  moduleTitle: r.title_th && r.title_en ? { th: r.title_th, en: r.title_en } : undefined,
  activityType: r.activity_type ?? undefined,
  moduleId: r.module_id ?? undefined,
  category: r.category,
  hours: Number(r.hours),
  skillHours: r.skill_hours,
  occurredOn: r.occurred_on,
  status: r.status,
  reviewComment: r.comment ?? undefined,
  reason: r.reason ?? undefined,
  reversed: r.reversed,
  corrected: r.corrected,
});

export function createLedgerRepository(db: Database): LedgerStore {
  return {
    async entriesOf(tenantId, personId) {
      // One row holding a JSON array: parsing a thousand rows column by column cost more than the query itself.
      const [row] = await db.query<{ entries: EntryRow[] | null }>(
        `SELECT json_agg(json_build_object(
                  'id', e.id, 'source', e.source, 'kind', e.kind, 'corrects_id', e.corrects_id, 'title', e.title,
                  'activity_type', e.activity_type, 'module_id', e.module_id, 'category', e.category,
                  'hours', e.hours, 'skill_hours', e.skill_hours, 'occurred_on', e.occurred_on,
                  'decision', r.decision, 'review_comment', r.comment, 'reason', e.reason, 'title_th', v.title_th, 'title_en', v.title_en)) AS entries
           FROM learning_entries e
           LEFT JOIN module_versions v ON v.id = e.module_version_id
           LEFT JOIN LATERAL (SELECT decision, comment FROM entry_reviews
                               WHERE entry_id = e.id ORDER BY id DESC LIMIT 1) r ON true
          WHERE e.tenant_id = $1 AND e.person_id = $2`,
        [tenantId, personId],
      );
      return (row?.entries ?? []).map((r) => ({
        id: r.id,
        source: r.source,
        kind: r.kind,
        correctsId: r.corrects_id ?? undefined,
        title: r.title,
        moduleTitle: r.title_th && r.title_en ? { th: r.title_th, en: r.title_en } : undefined,
        activityType: r.activity_type ?? undefined,
        moduleId: r.module_id ?? undefined,
        category: r.category,
        hours: Number(r.hours),
        skillHours: r.skill_hours,
        occurredOn: r.occurred_on,
        decision: r.decision ?? undefined,
        reviewComment: r.review_comment ?? undefined,
        reason: r.reason ?? undefined,
      }));
    },

    async summaryOf(tenantId, personId, range) {
      const [row] = await db.query<
        {
          by_category: Record<string, number | string>;
          by_skill_set: Record<string, number | string>;
          pending: number;
          years: number[];
          history_count: number;
          history: EffectiveRow[];
        } & EligibilityColumns
      >(
        `WITH ${EFFECTIVE_ENTRIES}
         SELECT
           (SELECT coalesce(json_object_agg(category, h), '{}') FROM
              (SELECT category, sum(hours) AS h FROM eff WHERE counted GROUP BY category) x) AS by_category,
           (SELECT coalesce(json_object_agg(ss, h), '{}') FROM
              (SELECT s->>'skillSet' AS ss, sum((s->>'hours')::numeric) AS h
                 FROM eff, jsonb_array_elements(eff.skill_hours) s WHERE counted GROUP BY 1) y) AS by_skill_set,
           (SELECT count(*) FROM eff WHERE status = 'pending' AND NOT reversed)::int AS pending,
           (SELECT coalesce(array_agg(fy ORDER BY fy DESC), '{}') FROM
              (SELECT DISTINCT (extract(year FROM occurred_on + interval '3 months') + 543)::int AS fy FROM eff) z) AS years,
           (SELECT count(*) FROM eff WHERE ($3::date IS NULL OR occurred_on >= $3) AND ($4::date IS NULL OR occurred_on <= $4))::int
             AS history_count,
           (SELECT coalesce(json_agg(h), '[]') FROM
              (SELECT root, current_id, source, title, title_th, title_en, activity_type, module_id, category, hours,
                      skill_hours, occurred_on, status, comment, reason, reversed, corrected FROM eff
                WHERE ($3::date IS NULL OR occurred_on >= $3) AND ($4::date IS NULL OR occurred_on <= $4)
                ORDER BY occurred_on DESC, root DESC LIMIT $5 OFFSET $6) h) AS history
           ${range.withEligibility ? `, ${ELIGIBILITY_COLUMNS}` : ''}`,
        [tenantId, personId, range.from ?? null, range.to ?? null, range.limit, range.offset],
      );
      const r = row!;
      const num = (v: number | string | undefined) => Math.round(Number(v ?? 0) * 100) / 100;
      return {
        byCategory: {
          70: num(r.by_category['70']),
          20: num(r.by_category['20']),
          10: num(r.by_category['10']),
        },
        bySkillSet: new Map(Object.entries(r.by_skill_set).map(([k, v]) => [k, num(v)])),
        pendingCount: r.pending,
        fiscalYears: r.years,
        historyCount: r.history_count,
        history: r.history.map(toEffective),
        eligibility: range.withEligibility ? toEligibilityInput(r) : undefined,
      };
    },

    async courseEntriesOf(tenantId, contextId, personId) {
      const rows = await db.query<EffectiveRow>(
        `WITH ${EFFECTIVE_ENTRIES}
         SELECT root, current_id, source, title, title_th, title_en, activity_type, module_id, category, hours::float8 AS hours,
                skill_hours, occurred_on::text, status, comment, reason, reversed, corrected
           FROM eff WHERE context_id = $3 ORDER BY occurred_on DESC, root DESC LIMIT 500`,
        [tenantId, personId, contextId],
      );
      return rows.map(toEffective);
    },

    async correct(c) {
      return db.transaction(async (tx) => {
        // Lock the chain's original first; the newest row is read after the lock, so concurrent corrections queue
        // and each names the row the previous one wrote.
        const [root] = await tx.query<{ root: number }>(
          `SELECT o.id AS root FROM learning_entries o
            WHERE o.id = (SELECT coalesce(root_id, id) FROM learning_entries WHERE id = $3 AND tenant_id = $1 AND person_id = $2)
              AND o.tenant_id = $1 AND o.person_id = $2
            FOR UPDATE`,
          [c.tenantId, c.personId, c.entryId],
        );
        if (!root) return undefined;
        const [current] = await tx.query<{
          id: number;
          root: number;
          kind: string;
          source: string;
          activity_type: string | null;
          title: string;
          category: number;
          hours: string;
          skill_hours: SkillHours[];
          occurred_on: string;
          module_id: number | null;
          module_version_id: number | null;
          decision: 'approved' | 'rejected' | null;
        }>(
          `SELECT e.id, coalesce(e.root_id, e.id) AS root, e.kind, e.source, e.activity_type, e.title, e.category,
                  e.hours::text, e.skill_hours, e.occurred_on::text, e.module_id, e.module_version_id,
                  (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = coalesce(e.root_id, e.id)
                    ORDER BY r.id DESC LIMIT 1) AS decision
             FROM learning_entries e
            WHERE e.tenant_id = $1 AND e.context_id = $2 AND coalesce(e.root_id, e.id) = $3
            ORDER BY e.id DESC LIMIT 1`,
          [c.tenantId, c.contextId, root.root],
        );
        if (!current) return undefined;
        const blocked = correctionBlock({
          reversed: current.kind === 'reversal',
          status: current.source !== 'activity' ? 'approved' : (current.decision ?? 'pending'),
        });
        if (blocked) return { notCorrectable: blocked };
        const oldHours = Number(current.hours);
        const hours = c.kind === 'reversal' ? oldHours : (c.hours ?? oldHours);
        // Skill-set hours follow the entry's hours in proportion, so their sum still fits.
        const factor = oldHours > 0 ? hours / oldHours : 0;
        const skillHours = current.skill_hours.map((x) => ({
          ...x,
          hours: Math.round(x.hours * factor * 100) / 100,
        }));
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, module_id,
                                         module_version_id, activity_type, title, category, hours, skill_hours,
                                         occurred_on, recorded_by, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17) RETURNING id`,
          [
            c.tenantId,
            c.personId,
            c.contextId,
            current.source,
            c.kind,
            current.id,
            current.root,
            current.module_id,
            current.module_version_id,
            current.activity_type,
            current.title,
            c.category ?? current.category,
            hours,
            JSON.stringify(skillHours),
            current.occurred_on,
            c.recordedBy,
            c.reason,
          ],
        );
        await writeAudit(tx, c.audit, {
          entryId: current.root,
          before: { hours: oldHours, category: current.category },
          after: { hours, category: c.category ?? current.category },
          reason: c.reason,
        });
        return row!.id;
      });
    },

    async logActivity(l, a) {
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, activity_type, title, category,
                                       hours, skill_hours, occurred_on, reflection, evidence_url, recorded_by)
         VALUES ($1, $2, $3, 'activity', 'entry', $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $2) RETURNING id`,
        [
          l.tenantId,
          l.personId,
          l.contextId ?? null,
          a.activityType,
          a.title,
          a.category,
          a.hours,
          JSON.stringify(a.skillHours),
          a.occurredOn,
          a.reflection ?? null,
          a.evidenceUrl ?? null,
        ],
      );
      return row!.id;
    },

    async pendingInContext(tenantId, contextId) {
      const rows = await db.query<{
        id: number;
        person_id: number;
        name: string | null;
        activity_type: string | null;
        title: string;
        category: LearningCategory;
        hours: string;
        skill_hours: SkillHours[];
        occurred_on: string;
        reflection: string | null;
        evidence_url: string | null;
        created_at: Date;
      }>(
        `SELECT e.id, e.person_id, p.name, e.activity_type, e.title, e.category, e.hours::text, e.skill_hours, e.occurred_on::text,
                e.reflection, e.evidence_url, e.created_at
           FROM learning_entries e JOIN people p ON p.id = e.person_id
          WHERE e.tenant_id = $1 AND e.context_id = $2 AND e.source = 'activity' AND e.kind = 'entry'
            AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = e.id)
          ORDER BY e.created_at, e.id`,
        [tenantId, contextId],
      );
      return rows.map((r): ReviewItem => ({
        entryId: r.id,
        personId: r.person_id,
        personName: r.name ?? undefined,
        activityType: r.activity_type ?? undefined,
        title: r.title,
        category: r.category,
        hours: Number(r.hours),
        skillHours: r.skill_hours,
        occurredOn: r.occurred_on,
        reflection: r.reflection ?? undefined,
        evidenceUrl: r.evidence_url ?? undefined,
        createdAt: r.created_at,
      }));
    },

    async recordsOfReviewees(tenantId, contextId) {
      const rows = await db.query<{
        root: number;
        person_id: number;
        title: string;
        occurred_on: string;
        status: EffectiveEntry['status'];
        reversed: boolean;
      }>(
        `WITH ${EFFECTIVE_ENTRIES_OF_REVIEWEES}
         SELECT root, person_id, title, occurred_on::text, status, reversed FROM eff
          WHERE NOT reversed AND status <> 'rejected'`,
        [tenantId, contextId],
      );
      return rows.map((r) => ({
        id: r.root,
        personId: r.person_id,
        title: r.title,
        occurredOn: r.occurred_on,
        status: r.status,
        reversed: r.reversed,
      }));
    },

    async usualHours(tenantId, contextId) {
      // Each approved logged activity with the hours of the newest row of its chain (a correction's), unless that
      // row is a reversal; percentile_cont interpolates between ranks as usualHoursOf does.
      const rows = await db.query<{ activity_type: string; n: number; median: number; p95: number }>(
        `SELECT o.activity_type, count(*)::int AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY h.hours) AS median,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY h.hours) AS p95
           FROM learning_entries o
           JOIN LATERAL (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = o.id
                          ORDER BY r.id DESC LIMIT 1) rv ON rv.decision = 'approved'
           JOIN LATERAL (SELECT e.kind, e.hours FROM learning_entries e
                          WHERE e.tenant_id = o.tenant_id AND e.person_id = o.person_id
                            AND coalesce(e.root_id, e.id) = o.id
                          ORDER BY e.id DESC LIMIT 1) h ON h.kind <> 'reversal'
          WHERE o.tenant_id = $1 AND o.source = 'activity' AND o.kind = 'entry'
            AND o.activity_type IN (
                  SELECT p.activity_type FROM learning_entries p
                   WHERE p.tenant_id = $1 AND p.context_id = $2 AND p.source = 'activity' AND p.kind = 'entry'
                     AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = p.id))
          GROUP BY o.activity_type`,
        [tenantId, contextId],
      );
      return rows.map((r) => ({
        activityType: r.activity_type,
        count: r.n,
        median: Number(r.median),
        p95: Number(r.p95),
      }));
    },

    async ownersOf(tenantId, entryIds) {
      if (entryIds.length === 0) return [];
      const rows = await db.query<{ person_id: number }>(
        `SELECT DISTINCT person_id FROM learning_entries WHERE tenant_id = $1 AND id = ANY ($2::bigint[])`,
        [tenantId, entryIds],
      );
      return rows.map((r) => r.person_id);
    },

    async review(tenantId, contextId, entryIds, decision, comment, reviewerId, audit) {
      if (entryIds.length === 0) return [];
      return db.transaction(async (tx) => {
        // Lock the entries so two reviewers deciding at once cannot both record a first decision.
        const pending = await tx.query<{ id: number }>(
          `SELECT e.id FROM learning_entries e
            WHERE e.tenant_id = $1 AND e.context_id = $2 AND e.id = ANY ($3::bigint[]) AND e.source = 'activity'
              AND e.kind = 'entry' AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = e.id)
            FOR UPDATE OF e`,
          [tenantId, contextId, entryIds],
        );
        const ids = pending.map((r) => r.id);
        if (ids.length === 0) return [];
        await tx.query(
          `INSERT INTO entry_reviews (tenant_id, entry_id, decision, comment, reviewer_id)
           SELECT $1, id, $3, $4, $5 FROM unnest($2::bigint[]) AS id`,
          [tenantId, ids, decision, comment ?? null, reviewerId],
        );
        // The entries decided here (others were decided meanwhile, or are not this course's pending ones).
        await writeAudit(tx, { ...audit, subject: ids.map((id) => `#${id}`).join(' ') }, { entryIds: ids });
        return ids;
      });
    },

    async courseLearners(tenantId, contextId) {
      const rows = await db.query<CourseLearnerRow>(
        `SELECT p.id, p.platform_user_id, p.name, p.target_group, p.target_stage FROM enrolments e JOIN people p ON p.id = e.person_id
          WHERE e.tenant_id = $1 AND e.context_id = $2
            AND ${HAS_LEARNER_ROLE}
          ORDER BY p.name NULLS LAST, p.id LIMIT 2000`,
        [tenantId, contextId],
      );
      return rows.map(toCourseLearner);
    },

    async courseLearner(tenantId, contextId, personId) {
      // The enrolment's primary key (tenant, course, person) finds the row; the person's by id.
      const rows = await db.query<CourseLearnerRow>(
        `SELECT p.id, p.platform_user_id, p.name, p.target_group, p.target_stage FROM enrolments e JOIN people p ON p.id = e.person_id
          WHERE e.tenant_id = $1 AND e.context_id = $2 AND e.person_id = $3 AND p.tenant_id = $1
            AND ${HAS_LEARNER_ROLE}`,
        [tenantId, contextId, personId],
      );
      return rows[0] ? toCourseLearner(rows[0]) : undefined;
    },

    async setTarget(tenantId, personId, group, stage, setBy, audit) {
      await db.transaction(async (tx) => {
        // The values before, under the row's lock, for the audit row written with the change.
        const [before] = await tx.query<{ target_group: string | null; target_stage: string | null }>(
          'SELECT target_group, target_stage FROM people WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
          [tenantId, personId],
        );
        if (!before) return;
        await tx.query(
          `UPDATE people SET target_group = $3, target_stage = $4, target_set_by = $5 WHERE tenant_id = $1 AND id = $2`,
          [tenantId, personId, group, stage, setBy],
        );
        await writeAudit(tx, audit, {
          before: { group: before.target_group, stage: before.target_stage },
          after: { group, stage },
        });
      });
    },
  };
}

export function createGradeOutbox(db: Database): GradeOutbox {
  return {
    async claimDue(limit, leaseSeconds) {
      const rows = await db.query<{
        id: number;
        tenant_id: number;
        issuer: string;
        client_id: string;
        lineitem_url: string;
        platform_user_id: string;
        score_given: string;
        score_maximum: string;
        scored_at: Date;
        attempts: number;
      }>(
        `UPDATE grade_outbox g SET next_attempt_at = now() + make_interval(secs => $2), attempts = g.attempts + 1
          WHERE g.id IN (SELECT id FROM grade_outbox WHERE status IN ('pending', 'failing') AND next_attempt_at <= now()
                          ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING g.id, g.tenant_id, g.issuer, g.client_id, g.lineitem_url, g.platform_user_id, g.score_given::text,
                    g.score_maximum::text, g.scored_at, g.attempts`,
        [limit, leaseSeconds],
      );
      return rows.map((r): OutboxGrade => ({
        id: r.id,
        tenantId: r.tenant_id,
        issuer: r.issuer,
        clientId: r.client_id,
        lineitemUrl: r.lineitem_url,
        platformUserId: r.platform_user_id,
        scoreGiven: Number(r.score_given),
        scoreMaximum: Number(r.score_maximum),
        scoredAt: r.scored_at,
        attempts: r.attempts,
      }));
    },

    async markDelivered(id) {
      await db.query(
        `UPDATE grade_outbox SET status = 'delivered', delivered_at = now(), last_error = NULL, rejection = NULL,
                failure_cause = NULL
          WHERE id = $1`,
        [id],
      );
    },

    async markScoreSent(id) {
      // The value before this update: the row lock orders two workers whose leases overlapped.
      const rows = await db.query<{ sent_before: boolean }>(
        `UPDATE grade_outbox g SET score_sent_at = now() FROM (SELECT id, score_sent_at FROM grade_outbox
                                                                WHERE id = $1 FOR UPDATE) old
          WHERE g.id = old.id
          RETURNING old.score_sent_at IS NOT NULL AS sent_before`,
        [id],
      );
      return rows[0]?.sent_before ?? false;
    },

    async markFailed(id, error, retryAt, cause) {
      await db.query(
        `UPDATE grade_outbox SET status = 'failing', last_error = left($2, 500), next_attempt_at = $3,
                failure_cause = $4
          WHERE id = $1 AND status IN ('pending', 'failing')`,
        [id, error, retryAt, cause],
      );
    },

    async markRejected(id, rejection, error, cause) {
      await db.query(
        `UPDATE grade_outbox SET status = 'rejected', rejection = $2, last_error = left($3, 500), failure_cause = $4
          WHERE id = $1 AND status IN ('pending', 'failing')`,
        [id, rejection, error, cause],
      );
    },

    async forContext(tenantId, contextId) {
      const rows = await db.query<{
        id: number;
        name: string | null;
        title_th: string;
        title_en: string;
        score_given: string;
        status: GradeStatus;
        rejection: GradeRejection | null;
        failure_cause: string | null;
        attempts: number;
        last_error: string | null;
        next_attempt_at: Date;
        delivered_at: Date | null;
        created_at: Date;
      }>(
        // A grade belongs to the course of the placement it goes to (the completion may have been in another
        // course); a grade queued without a known link, to the course of the completion.
        `WITH course_grades AS (
           SELECT g.id FROM grade_outbox g
            WHERE g.tenant_id = $1
              AND g.resource_link_id IN (SELECT id FROM resource_links WHERE tenant_id = $1 AND context_id = $2)
           UNION ALL
           SELECT g.id FROM grade_outbox g JOIN learning_entries e ON e.id = g.entry_id
            WHERE g.tenant_id = $1 AND g.resource_link_id IS NULL AND e.context_id = $2)
         SELECT g.id, p.name, coalesce(v.title_en, e.title) AS title_en, coalesce(v.title_th, e.title) AS title_th, g.score_given::text, g.status, g.rejection, g.failure_cause, g.attempts, g.last_error, g.next_attempt_at,
                g.delivered_at, g.created_at
           FROM course_grades c
           JOIN grade_outbox g ON g.id = c.id
           JOIN learning_entries e ON e.id = g.entry_id
           JOIN people p ON p.id = g.person_id
           LEFT JOIN module_versions v ON v.id = e.module_version_id
          ORDER BY g.created_at DESC, g.id DESC LIMIT 500`,
        [tenantId, contextId],
      );
      return rows.map((r): GradeRow => ({
        id: r.id,
        personName: r.name ?? undefined,
        moduleTitle: { th: r.title_th, en: r.title_en },
        scoreGiven: Number(r.score_given),
        status: r.status,
        rejection: r.rejection ?? undefined,
        failureCause: r.failure_cause ?? undefined,
        attempts: r.attempts,
        lastError: r.last_error ?? undefined,
        nextAttemptAt: r.next_attempt_at,
        deliveredAt: r.delivered_at ?? undefined,
        createdAt: r.created_at,
      }));
    },

    async counts() {
      const rows = await db.query<{ status: GradeStatus; n: number }>(
        'SELECT status, count(*)::int AS n FROM grade_outbox GROUP BY status',
      );
      const out: Record<GradeStatus, number> = { pending: 0, delivered: 0, failing: 0, rejected: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
  };
}
