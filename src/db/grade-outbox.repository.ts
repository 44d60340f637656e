import type { Database } from './database';
import { tenantIdColumn } from './id-columns';
import { GRADE_NOTIFICATIONS } from './notification.repository';
import type { GradeOutbox, GradeRow, GradeStatus, OutboxGrade } from '../use-cases/ports';
import { bool, int, nullable, numeric, object, oneOf, rows, text, timestamp } from './decode';

const status = oneOf('pending', 'delivered', 'failing', 'rejected');
const rejection = oneOf('platform_removed', 'refused', 'not_newer');

const claimedRow = object({
  id: int,
  tenant_id: tenantIdColumn,
  issuer: text,
  client_id: text,
  lineitem_url: text,
  platform_user_id: text,
  score_given: numeric,
  score_maximum: numeric,
  scored_at: timestamp,
  attempts: int,
});

const gradeRow = object({
  id: int,
  name: nullable(text),
  title_th: text,
  title_en: text,
  score_given: numeric,
  status,
  rejection: nullable(rejection),
  failure_cause: nullable(text),
  attempts: int,
  last_error: nullable(text),
  next_attempt_at: timestamp,
  delivered_at: nullable(timestamp),
  created_at: timestamp,
});

export function createGradeOutbox(db: Database): GradeOutbox {
  return {
    async claimDue(limit, leaseSeconds) {
      const claimed = await rows(
        db,
        claimedRow,
        `UPDATE grade_outbox g SET next_attempt_at = now() + make_interval(secs => $2), attempts = g.attempts + 1
          WHERE g.id IN (SELECT id FROM grade_outbox WHERE status IN ('pending', 'failing') AND next_attempt_at <= now()
                          ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING g.id, g.tenant_id, g.issuer, g.client_id, g.lineitem_url, g.platform_user_id, g.score_given::text,
                    g.score_maximum::text, g.scored_at, g.attempts`,
        [limit, leaseSeconds],
      );
      return claimed.map((r): OutboxGrade => ({
        id: r.id,
        tenantId: r.tenant_id,
        issuer: r.issuer,
        clientId: r.client_id,
        lineitemUrl: r.lineitem_url,
        platformUserId: r.platform_user_id,
        scoreGiven: r.score_given,
        scoreMaximum: r.score_maximum,
        scoredAt: r.scored_at,
        attempts: r.attempts,
      }));
    },

    async markDelivered(ids) {
      if (ids.length === 0) return;
      await db.query(
        `UPDATE grade_outbox SET status = 'delivered', delivered_at = now(), last_error = NULL, rejection = NULL,
                failure_cause = NULL
          WHERE id = ANY($1::bigint[])`,
        [ids],
      );
    },

    async markScoreSent(id) {
      // The value before this update: the row lock orders two workers whose leases overlapped.
      const sent = await rows(
        db,
        object({ sent_before: bool }),
        `UPDATE grade_outbox g SET score_sent_at = now() FROM (SELECT id, score_sent_at FROM grade_outbox
                                                                WHERE id = $1 FOR UPDATE) old
          WHERE g.id = old.id
          RETURNING old.score_sent_at IS NOT NULL AS sent_before`,
        [id],
      );
      return sent[0]?.sent_before ?? false;
    },

    async markFailed(id, error, retryAt, cause, notifyInstructors = false) {
      // The course's instructors are told in the same statement, once per grade (the notification's key).
      await db.query(
        `WITH g AS (UPDATE grade_outbox SET status = 'failing', last_error = left($2, 500), next_attempt_at = $3,
                           failure_cause = $4
                     WHERE id = $1 AND status IN ('pending', 'failing')
                     RETURNING id, tenant_id, resource_link_id, entry_id, person_id, attempts, $5::boolean AS notify)
         ${GRADE_NOTIFICATIONS('gradeFailing')}`,
        [id, error, retryAt, cause, notifyInstructors],
      );
    },

    async markRejected(id, rejection, error, cause) {
      await db.query(
        `WITH g AS (UPDATE grade_outbox SET status = 'rejected', rejection = $2, last_error = left($3, 500),
                           failure_cause = $4
                     WHERE id = $1 AND status IN ('pending', 'failing')
                     RETURNING id, tenant_id, resource_link_id, entry_id, person_id, attempts, true AS notify)
         ${GRADE_NOTIFICATIONS('gradeRejected')}`,
        [id, rejection, error, cause],
      );
    },

    async forContext(tenantId, contextId) {
      const found = await rows(
        db,
        gradeRow,
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
      return found.map((r): GradeRow => ({
        id: r.id,
        personName: r.name ?? undefined,
        moduleTitle: { th: r.title_th, en: r.title_en },
        scoreGiven: r.score_given,
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
      const found = await rows(
        db,
        object({ status, n: int }),
        'SELECT status, count(*)::int AS n FROM grade_outbox GROUP BY status',
      );
      const out: Record<GradeStatus, number> = { pending: 0, delivered: 0, failing: 0, rejected: 0 };
      for (const r of found) out[r.status] = r.n;
      return out;
    },
  };
}
