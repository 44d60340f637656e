import type { Database } from './database';
import { entryIdColumn } from './id-columns';
import { SqlParams } from './sql';
import { HAS_LEARNER_ROLE } from './record-sql';
import {
  array,
  firstRow,
  int,
  isoDate,
  nullable,
  numeric,
  object,
  oneRow,
  text,
  timestamp,
  type Decoded,
} from './decode';
import type { ModuleVersionId } from '../shared/ids';
import type {
  CompletionRecord,
  GradePlacement,
  Learner,
  ModuleProgressState,
  PlayerStore,
} from '../use-cases/ports';

const progressRow = object({
  pages_viewed: array(int),
  current_page: int,
  best_quiz_percent: nullable(numeric),
});
const toProgress = (row: Decoded<typeof progressRow> | undefined): ModuleProgressState => ({
  pagesViewed: row?.pages_viewed ?? [],
  currentPage: row?.current_page ?? 0,
  bestQuizPercent: row?.best_quiz_percent ?? undefined,
});

const completionRow = object({
  id: entryIdColumn,
  occurred_on: isoDate,
  score_percent: nullable(numeric),
  created_at: timestamp,
});
const toCompletion = (r: Decoded<typeof completionRow>): CompletionRecord => ({
  entryId: r.id,
  occurredOn: r.occurred_on,
  scorePercent: r.score_percent ?? undefined,
  createdAt: r.created_at,
});
const unfinishedRow = object({
  slug: text,
  title_th: text,
  title_en: text,
  pages_viewed: int,
  page_count: int,
});
const queuedCompletionRow = object({ ...completionRow.shape, queued: int });

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

/**
 * The attempt, the version's best score and, once the module is completed, a better grade for its placements: one
 * statement, so a kept attempt always has its grade queued. With `claim`, an attempt at a drawn quiz: the same
 * statement submits the drawn attempt (only if it is the learner's, open, at this version) and writes the rest only
 * when it did, so that an attempt is submitted once and a resubmission writes nothing (undefined).
 */
async function quizAttemptStatement(
  db: Database,
  l: Learner,
  versionId: ModuleVersionId,
  attempt: { answers: number[][]; percent: number; passed: boolean },
  placement: GradePlacement | undefined,
  claim?: { attemptId: number; results: boolean[]; submittedAt: Date },
): Promise<{ state: ModuleProgressState; gradesQueued: number } | undefined> {
  const params = new SqlParams([
    l.tenantId,
    l.personId,
    versionId,
    JSON.stringify(attempt.answers),
    attempt.percent,
    attempt.passed,
  ]);
  const claimed = claim
    ? `claimed AS (
         UPDATE drawn_attempts SET submitted_at = ${params.add(claim.submittedAt)}::timestamptz, answers = $4::jsonb, percent = $5,
                results = ${params.add(claim.results)}::boolean[]
          WHERE tenant_id = $1 AND id = ${params.add(claim.attemptId)} AND person_id = $2 AND module_version_id = $3
            AND kind = 'post' AND submitted_at IS NULL
         RETURNING id)`
    : 'claimed AS (SELECT 1 AS id)';
  const grades = queueBestScore(params, {
    tenant: '$1',
    person: '$2',
    placement,
    everyPlacement: true,
    attempt: true,
  });
  const row = await firstRow(
    db,
    object({ ...progressRow.shape, queued: int }),
    `WITH ${claimed},
     attempt AS (
       INSERT INTO quiz_attempts (tenant_id, person_id, module_version_id, answers, percent, passed)
       SELECT $1, $2, $3, $4::jsonb, $5, $6 FROM claimed RETURNING percent, created_at),
     progress AS (
       INSERT INTO module_progress (tenant_id, person_id, module_version_id, best_quiz_percent)
       SELECT $1, $2, $3, a.percent FROM attempt a
       ON CONFLICT (tenant_id, person_id, module_version_id) DO UPDATE SET
         best_quiz_percent = GREATEST(module_progress.best_quiz_percent, EXCLUDED.best_quiz_percent), updated_at = now()
       RETURNING pages_viewed, current_page, best_quiz_percent::text),
     completion AS (
       SELECT e.id, e.module_id, e.score_percent, e.created_at FROM learning_entries e
        WHERE e.tenant_id = $1 AND e.person_id = $2 AND e.source = 'module' AND e.kind = 'entry'
          AND e.module_id = (SELECT module_id FROM module_versions WHERE id = $3)
          AND EXISTS (SELECT 1 FROM attempt)),
     ${grades.join(', ')}
     SELECT pages_viewed, current_page, best_quiz_percent, (SELECT count(*) FROM queued)::int AS queued FROM progress`,
    params.values,
  );
  return row && { state: toProgress(row), gradesQueued: row.queued };
}

export function createPlayerRepository(db: Database): PlayerStore {
  const completionSelect = `SELECT id, occurred_on::text, score_percent::text, created_at FROM learning_entries
     WHERE tenant_id = $1 AND person_id = $2 AND module_id = $3 AND source = 'module' AND kind = 'entry'`;
  return {
    async lastUnfinished(l) {
      const row = await firstRow(
        db,
        unfinishedRow,
        // The learner's progress rows by primary key prefix, newest first; a completion is the module's entry (as
        // completionOf reads it), and a module whose versions were all withdrawn cannot be continued.
        `SELECT m.slug, v.title_th, v.title_en, cardinality(p.pages_viewed) AS pages_viewed,
                coalesce(jsonb_array_length(v.content->'pages'), 0) AS page_count
           FROM module_progress p
           JOIN module_versions v ON v.tenant_id = p.tenant_id AND v.id = p.module_version_id
           JOIN modules m ON m.tenant_id = v.tenant_id AND m.id = v.module_id
          WHERE p.tenant_id = $1 AND p.person_id = $2
            AND EXISTS (SELECT 1 FROM module_versions x WHERE x.module_id = m.id AND x.status = 'published')
            AND NOT EXISTS (SELECT 1 FROM learning_entries e
                             WHERE e.tenant_id = $1 AND e.person_id = $2 AND e.module_id = m.id
                               AND e.source = 'module' AND e.kind = 'entry')
          ORDER BY p.updated_at DESC LIMIT 1`,
        [l.tenantId, l.personId],
      );
      return (
        row && {
          slug: row.slug,
          title: { th: row.title_th, en: row.title_en },
          pagesViewed: row.pages_viewed,
          pageCount: row.page_count,
        }
      );
    },

    async progress(l, versionId) {
      const row = await firstRow(
        db,
        progressRow,
        `SELECT pages_viewed, current_page, best_quiz_percent::text FROM module_progress
          WHERE tenant_id = $1 AND person_id = $2 AND module_version_id = $3`,
        [l.tenantId, l.personId, versionId],
      );
      return toProgress(row);
    },

    async viewPage(l, versionId, page) {
      // One atomic upsert: concurrent views of two pages both land in pages_viewed.
      const row = await oneRow(
        db,
        progressRow,
        `INSERT INTO module_progress (tenant_id, person_id, module_version_id, pages_viewed, current_page)
         VALUES ($1, $2, $3, ARRAY[$4::int], $4)
         ON CONFLICT (tenant_id, person_id, module_version_id) DO UPDATE SET
           pages_viewed = CASE WHEN $4 = ANY (module_progress.pages_viewed) THEN module_progress.pages_viewed
                               ELSE module_progress.pages_viewed || $4::int END,
           current_page = $4, updated_at = now()
         RETURNING pages_viewed, current_page, best_quiz_percent::text`,
        [l.tenantId, l.personId, versionId, page],
      );
      return toProgress(row);
    },

    async recordQuizAttempt(l, versionId, attempt, placement) {
      const row = await quizAttemptStatement(db, l, versionId, attempt, placement);
      if (!row) throw new Error('a quiz attempt without a claim always writes its row');
      return row;
    },

    recordDrawnQuizAttempt(l, versionId, attempt, placement) {
      return quizAttemptStatement(db, l, versionId, attempt, placement, {
        attemptId: attempt.attemptId,
        results: attempt.results,
        submittedAt: attempt.submittedAt,
      });
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
        c.horizon ?? null,
      ]);
      const grades = queueBestScore(params, {
        tenant: '$1',
        person: '$2',
        placement: c.grade,
        everyPlacement: true,
        attempt: false,
      });
      const created = await firstRow(
        db,
        queuedCompletionRow,
        `WITH completion AS (
           INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, module_id, module_version_id,
                                         title, category, hours, skill_hours, occurred_on, score_percent, recorded_by,
                                         horizon)
           VALUES ($1, $2, $3, 'module', 'entry', $4, $5, $6, $7, $8, $9::jsonb, (now() AT TIME ZONE 'Asia/Bangkok')::date, $10, $2,
                   $11)
           ON CONFLICT (tenant_id, person_id, module_id) WHERE source = 'module' AND kind = 'entry' DO NOTHING
           RETURNING id, module_id, occurred_on, score_percent, created_at),
         ${grades.join(', ')}
         SELECT id, occurred_on::text, score_percent::text, created_at, (SELECT count(*) FROM queued)::int AS queued
           FROM completion`,
        params.values,
      );
      if (created) return { created: true, record: toCompletion(created), gradesQueued: created.queued };
      const existing = await oneRow(db, completionRow, completionSelect, [
        c.tenantId,
        c.personId,
        c.moduleId,
      ]);
      return { created: false, record: toCompletion(existing), gradesQueued: 0 };
    },

    async completionOf(l, moduleId) {
      const row = await firstRow(db, completionRow, completionSelect, [l.tenantId, l.personId, moduleId]);
      return row ? toCompletion(row) : undefined;
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
      const row = await firstRow(
        db,
        queuedCompletionRow,
        `WITH completion AS (
           SELECT id, module_id, occurred_on, score_percent, created_at FROM learning_entries
            WHERE tenant_id = $1 AND person_id = $2 AND module_id = $3 AND source = 'module' AND kind = 'entry'),
         ${grades.join(', ')}
         SELECT id, occurred_on::text, score_percent::text, created_at, (SELECT count(*) FROM queued)::int AS queued
           FROM completion`,
        params.values,
      );
      return row ? { record: toCompletion(row), gradesQueued: row.queued } : { gradesQueued: 0 };
    },
  };
}
