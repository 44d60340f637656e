import type { Database } from './database';
import { writeAudit } from './audit.repository';
import {
  bool,
  type Decoded,
  firstRow,
  int,
  isoDate,
  nullable,
  object,
  oneOf,
  oneRow,
  record,
  rows,
  text,
  timestamp,
} from './decode';
import { fiscalYearSql } from './fiscal-year-sql';
import { contextIdColumn, entryIdColumn, moduleIdColumn, personIdColumn } from './id-columns';
import { HAS_STAFF_ROLE } from './record-sql';
import type { FollowUpCompletionRow, FollowUpStore } from '../use-cases/ports/follow-ups';

/**
 * Module completions as the follow-up reads them, as the CTE `comp` over the originals (alias o) that `where`
 * keeps: the newest row of each chain gives the date (a correction's) and whether it was reversed; the module
 * gives its weeks now. Parameters are the caller's.
 */
const COMPLETIONS = (where: string) => `comp AS (
    SELECT o.tenant_id, o.id AS entry_id, o.person_id, o.context_id, o.module_id, m.follow_up_weeks::int AS weeks,
           CASE WHEN n.kind = 'reversal' THEN o.occurred_on ELSE n.occurred_on END AS completed_on,
           n.kind = 'reversal' AS reversed,
           coalesce(v.title_th, o.title) AS title_th, coalesce(v.title_en, o.title) AS title_en
      FROM learning_entries o
      JOIN modules m ON m.id = o.module_id AND m.tenant_id = o.tenant_id
      JOIN LATERAL (SELECT x.kind, x.occurred_on FROM learning_entries x
                     WHERE x.tenant_id = o.tenant_id AND x.person_id = o.person_id AND coalesce(x.root_id, x.id) = o.id
                     ORDER BY x.id DESC LIMIT 1) n ON true
      LEFT JOIN module_versions v ON v.id = o.module_version_id
     WHERE o.source = 'module' AND o.kind = 'entry' AND ${where})`;

/**
 * A follow-up open on the day `today` (a date parameter), `within` weeks to answer: followUpState's 'open' of
 * src/domain/evaluation/follow-up.ts in SQL (not reversed, the module asks for one, due, not yet closed).
 */
const OPEN = (today: string, within: string) =>
  `NOT c.reversed AND c.weeks > 0 AND c.completed_on + 7 * c.weeks <= ${today}::date
   AND c.completed_on + 7 * (c.weeks + ${within}::int) > ${today}::date`;

/**
 * Completions whose follow-up may be open on `today`, judged on the original row's date (and the module's weeks),
 * so that the newest row of each chain is looked up only for those: the window of OPEN widened by SLACK_DAYS either
 * side, for a completion whose date a correction moved. The first line alone is what an index on completion dates
 * can use (the sweep's, across organisations). OPEN then judges the newest row's date exactly.
 */
const SLACK_DAYS = 56;
const MAYBE_OPEN = (today: string, within: string) =>
  `o.occurred_on >= ${today}::date - 7 * (52 + ${within}::int) - ${SLACK_DAYS}
   AND m.follow_up_weeks > 0
   AND o.occurred_on <= ${today}::date - 7 * m.follow_up_weeks + ${SLACK_DAYS}
   AND o.occurred_on > ${today}::date - 7 * (m.follow_up_weeks + ${within}::int) - ${SLACK_DAYS}`;

const answered = (role: 'learner' | 'supervisor') =>
  `EXISTS (SELECT 1 FROM follow_up_answers a WHERE a.tenant_id = c.tenant_id AND a.entry_id = c.entry_id AND a.role = '${role}')`;

const ROW_COLUMNS = `c.entry_id, c.person_id, p.name AS learner_name, c.module_id, c.title_th, c.title_en, c.context_id,
       coalesce(ct.title, ct.label) AS context_title, c.completed_on::text AS completed_on, c.weeks, c.reversed,
       ${answered('learner')} AS learner_answered, ${answered('supervisor')} AS supervisor_answered`;
const ROW_JOINS = `LEFT JOIN people p ON p.tenant_id = c.tenant_id AND p.id = c.person_id
       LEFT JOIN contexts ct ON ct.tenant_id = c.tenant_id AND ct.id = c.context_id`;

const completionRowShape = {
  entry_id: entryIdColumn,
  person_id: personIdColumn,
  learner_name: nullable(text),
  module_id: moduleIdColumn,
  title_th: text,
  title_en: text,
  context_id: nullable(contextIdColumn),
  context_title: nullable(text),
  completed_on: isoDate,
  weeks: int,
  reversed: bool,
  learner_answered: bool,
  supervisor_answered: bool,
};
const completionRow = object(completionRowShape);
const completionWithViewer = object({ ...completionRowShape, viewer_supervises: bool });
const toCompletion = (r: Decoded<typeof completionRow>): FollowUpCompletionRow => ({
  entryId: r.entry_id,
  learnerId: r.person_id,
  ...(r.learner_name ? { learnerName: r.learner_name } : {}),
  moduleId: r.module_id,
  moduleTitle: { th: r.title_th, en: r.title_en },
  ...(r.context_id !== null ? { contextId: r.context_id } : {}),
  ...(r.context_title ? { contextTitle: r.context_title } : {}),
  completedOn: r.completed_on,
  weeks: r.weeks,
  reversed: r.reversed,
  learnerAnswered: r.learner_answered,
  supervisorAnswered: r.supervisor_answered,
});

const answerRow = object({
  ratings: record(int),
  comment: nullable(text),
  respondent_id: nullable(personIdColumn),
  answered_at: timestamp,
});
const dueRow = object({
  module_id: int,
  title_th: text,
  title_en: text,
  due: int,
  learner_answered: int,
  supervisor_answered: int,
});
const ratingsRow = object({ module_id: int, role: oneOf('learner', 'supervisor'), ratings: record(int) });
const nRow = object({ n: int });
const idRow = object({ id: int });

/** The event key of a completion's follow-up notification for a role (one per completion, role and person). */
export const followUpEventKey = (entryId: number, role: 'learner' | 'supervisor') =>
  `follow-up:${entryId}:${role}`;

export function createFollowUpRepository(db: Database): FollowUpStore {
  return {
    async open(tenantId, personId, role, today, within) {
      // Only completions that may be open (MAYBE_OPEN): an instructor of a large course reads the follow-ups of a
      // few months, not the course's whole history.
      const mine =
        role === 'learner'
          ? `o.tenant_id = $1 AND o.person_id = $2 AND ${MAYBE_OPEN('$3', '$4')}`
          : `o.tenant_id = $1 AND o.person_id <> $2 AND ${MAYBE_OPEN('$3', '$4')}
             AND o.context_id IN (SELECT e.context_id FROM enrolments e
                                   WHERE e.tenant_id = $1 AND e.person_id = $2 AND ${HAS_STAFF_ROLE})`;
      const found = await rows(
        db,
        completionRow,
        `WITH ${COMPLETIONS(mine)}
         SELECT ${ROW_COLUMNS} FROM comp c ${ROW_JOINS}
          WHERE ${OPEN('$3', '$4')} AND NOT ${answered(role)}
          ORDER BY c.completed_on, c.entry_id
          LIMIT 500`,
        [tenantId, personId, today, within],
      );
      return found.map(toCompletion);
    },

    async completion(tenantId, entryId, viewerId) {
      const found = await firstRow(
        db,
        completionWithViewer,
        `WITH ${COMPLETIONS('o.tenant_id = $1 AND o.id = $2')}
         SELECT ${ROW_COLUMNS},
                EXISTS (SELECT 1 FROM enrolments e WHERE e.tenant_id = c.tenant_id AND e.context_id = c.context_id
                           AND e.person_id = $3 AND ${HAS_STAFF_ROLE}) AS viewer_supervises
           FROM comp c ${ROW_JOINS}`,
        [tenantId, entryId, viewerId],
      );
      return found ? { row: toCompletion(found), viewerSupervises: found.viewer_supervises } : undefined;
    },

    async answerOf(tenantId, entryId, role) {
      const found = await firstRow(
        db,
        answerRow,
        `SELECT ratings, comment, respondent_id, answered_at FROM follow_up_answers
          WHERE tenant_id = $1 AND entry_id = $2 AND role = $3`,
        [tenantId, entryId, role],
      );
      if (!found) return undefined;
      return {
        ratings: found.ratings,
        ...(found.comment ? { comment: found.comment } : {}),
        ...(found.respondent_id !== null ? { respondentId: found.respondent_id } : {}),
        answeredAt: found.answered_at,
      };
    },

    async answer(input, audit) {
      return db.transaction(async (tx) => {
        const saved = await firstRow(
          tx,
          idRow,
          `INSERT INTO follow_up_answers (tenant_id, entry_id, role, learner_id, respondent_id, module_id,
                                          questionnaire, questionnaire_version, ratings, comment)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
           ON CONFLICT (tenant_id, entry_id, role) DO NOTHING RETURNING id`,
          [
            input.tenantId,
            input.entryId,
            input.role,
            input.learnerId,
            input.respondentId,
            input.moduleId,
            input.questionnaire.id,
            input.questionnaire.version,
            JSON.stringify(input.answer.ratings),
            input.answer.comment || null,
          ],
        );
        if (!saved) return 'alreadyAnswered';
        await writeAudit(tx, audit, { answerId: saved.id });
        // Answered: the role's "follow-up due" notifications (every supervisor's) have nothing left to ask.
        await tx.query(
          `UPDATE notifications SET read_at = now()
            WHERE tenant_id = $1 AND kind = 'follow_up_due' AND event_key = $2 AND read_at IS NULL`,
          [input.tenantId, followUpEventKey(input.entryId, input.role)],
        );
        return 'saved';
      });
    },

    async results(tenantId, fiscalYear, today) {
      const due = `${COMPLETIONS('o.tenant_id = $1')},
        due AS (SELECT * FROM comp c
                 WHERE NOT c.reversed AND c.weeks > 0 AND c.completed_on + 7 * c.weeks <= $3::date
                   AND ${fiscalYearSql('c.completed_on')} = $2)`;
      const [counts, answers] = await Promise.all([
        rows(
          db,
          dueRow,
          `WITH ${due}
           SELECT c.module_id, (array_agg(c.title_th ORDER BY c.entry_id DESC))[1] AS title_th,
                  (array_agg(c.title_en ORDER BY c.entry_id DESC))[1] AS title_en, count(*)::int AS due,
                  (count(*) FILTER (WHERE ${answered('learner')}))::int AS learner_answered,
                  (count(*) FILTER (WHERE ${answered('supervisor')}))::int AS supervisor_answered
             FROM due c GROUP BY c.module_id ORDER BY 2, 1`,
          [tenantId, fiscalYear, today],
        ),
        rows(
          db,
          ratingsRow,
          `WITH ${due}
           SELECT c.module_id, a.role, a.ratings FROM due c
             JOIN follow_up_answers a ON a.tenant_id = c.tenant_id AND a.entry_id = c.entry_id`,
          [tenantId, fiscalYear, today],
        ),
      ]);
      return {
        due: counts.map((r) => ({
          moduleId: r.module_id,
          title: { th: r.title_th, en: r.title_en },
          fiscalYear,
          due: r.due,
          learnerAnswered: r.learner_answered,
          supervisorAnswered: r.supervisor_answered,
        })),
        answers: answers.map((r) => ({
          moduleId: r.module_id,
          fiscalYear,
          role: r.role,
          ratings: r.ratings,
        })),
      };
    },

    async notifyDue(today, within) {
      // Only completions that may be open: the index on completion dates keeps the sweep from reading the ledger.
      const row = await oneRow(
        db,
        nRow,
        `WITH ${COMPLETIONS(MAYBE_OPEN('$1', '$2'))},
         due AS (SELECT c.* FROM comp c WHERE ${OPEN('$1', '$2')}),
         learners AS (
           INSERT INTO notifications (tenant_id, person_id, kind, event_key, context_id, subject_person_id, details)
           SELECT c.tenant_id, c.person_id, 'follow_up_due', 'follow-up:' || c.entry_id || ':learner', c.context_id,
                  c.person_id, jsonb_build_object('titleTh', c.title_th, 'titleEn', c.title_en, 'followUpRole', 'learner')
             FROM due c WHERE NOT ${answered('learner')}
           ON CONFLICT (tenant_id, person_id, kind, event_key) DO NOTHING RETURNING 1),
         supervisors AS (
           INSERT INTO notifications (tenant_id, person_id, kind, event_key, context_id, subject_person_id, details)
           SELECT c.tenant_id, e.person_id, 'follow_up_due', 'follow-up:' || c.entry_id || ':supervisor', c.context_id,
                  c.person_id, jsonb_build_object('titleTh', c.title_th, 'titleEn', c.title_en, 'followUpRole', 'supervisor')
             FROM due c JOIN enrolments e ON e.tenant_id = c.tenant_id AND e.context_id = c.context_id
            WHERE ${HAS_STAFF_ROLE} AND e.person_id <> c.person_id AND NOT ${answered('supervisor')}
           ON CONFLICT (tenant_id, person_id, kind, event_key) DO NOTHING RETURNING 1)
         SELECT ((SELECT count(*) FROM learners) + (SELECT count(*) FROM supervisors))::int AS n`,
        [today, within],
      );
      return row.n;
    },
  };
}
