import type { Database, Queryable } from './database';
import { contextIdColumn, personIdColumn } from './id-columns';
import {
  firstRow,
  int,
  nullable,
  object,
  oneOf,
  oneRow,
  rows,
  text,
  timestamp,
  type Decoder,
} from './decode';
import { HAS_LEARNER_ROLE, HAS_STAFF_ROLE } from './record-sql';
import type { TenantId } from '../shared/ids';
import {
  NOTIFICATION_KINDS,
  type NotificationDetails,
  type NotificationEvent,
  type NotificationKind,
  type NotificationStore,
} from '../use-cases/ports/notifications';

/** The kinds as the table spells them (snake case, as the audit log's actions are kept). */
const COLUMN_KIND: Record<NotificationKind, string> = {
  entryToReview: 'entry_to_review',
  entryDecided: 'entry_decided',
  planToAgree: 'plan_to_agree',
  targetToAgree: 'target_to_agree',
  planAgreed: 'plan_agreed',
  planSentBack: 'plan_sent_back',
  gradeFailing: 'grade_failing',
  gradeRejected: 'grade_rejected',
  followUpDue: 'follow_up_due',
  handInOverdue: 'hand_in_overdue',
};
const KIND_OF_COLUMN = new Map(NOTIFICATION_KINDS.map((k) => [COLUMN_KIND[k], k]));
export const kindColumn: Decoder<NotificationKind> = (v) => {
  const kind = KIND_OF_COLUMN.get(oneOf(...Object.values(COLUMN_KIND))(v));
  if (!kind) throw new TypeError('unknown notification kind');
  return kind;
};
export const columnKind = (k: NotificationKind): string => COLUMN_KIND[k];

/** The people an event's recipients are, in SQL over $1 tenant and $2 the recipient's id. */
function recipientsSql(to: NotificationEvent['to']): { sql: string; id: number } {
  if ('person' in to) return { sql: 'SELECT $2::bigint AS person_id', id: to.person };
  if ('instructorsOf' in to)
    return {
      sql: `SELECT e.person_id FROM enrolments e WHERE e.tenant_id = $1 AND e.context_id = $2 AND ${HAS_STAFF_ROLE}`,
      id: to.instructorsOf,
    };
  return {
    sql: `SELECT DISTINCT s.person_id FROM enrolments l
            JOIN enrolments s ON s.tenant_id = l.tenant_id AND s.context_id = l.context_id
           WHERE l.tenant_id = $1 AND l.person_id = $2 AND ${HAS_LEARNER_ROLE.replace(/\be\./g, 'l.')}
             AND ${HAS_STAFF_ROLE.replace(/\be\./g, 's.')}`,
    id: to.supervisorsOf,
  };
}

/**
 * Writes an event's notifications inside the transaction (or statement's connection) `q` of the write it tells of:
 * one row per recipient but the actor, named `eventKey` (what the write made: 'entry:12', 'review:40'); a
 * repeated event writes nothing more. The stores call it as they call writeAudit.
 */
export async function writeNotifications(
  q: Queryable,
  tenantId: TenantId,
  event: NotificationEvent,
  eventKey: string,
): Promise<void> {
  const to = recipientsSql(event.to);
  await q.query(
    `INSERT INTO notifications (tenant_id, person_id, kind, event_key, context_id, subject_person_id, details)
     SELECT $1, r.person_id, $3, $4, $5, $6, $7::jsonb FROM (${to.sql}) r
      WHERE r.person_id IS DISTINCT FROM $8::bigint
     ON CONFLICT (tenant_id, person_id, kind, event_key) DO NOTHING`,
    [
      tenantId,
      to.id,
      COLUMN_KIND[event.kind],
      eventKey,
      event.contextId ?? null,
      event.subjectPersonId ?? null,
      JSON.stringify(event.details),
      event.actorId ?? null,
    ],
  );
}

/**
 * A review decision's notification to each decided entry's owner (not the reviewer), named after its review row:
 * one statement over the rows the decision wrote (`reviewIds`), in its transaction.
 */
export async function writeEntryDecisions(
  q: Queryable,
  tenantId: TenantId,
  reviewIds: number[],
  reviewerId: number,
): Promise<void> {
  if (reviewIds.length === 0) return;
  await q.query(
    `INSERT INTO notifications (tenant_id, person_id, kind, event_key, context_id, subject_person_id, details)
     SELECT r.tenant_id, e.person_id, 'entry_decided', 'review:' || r.id, e.context_id, e.person_id,
            jsonb_build_object('title', e.title, 'decision', r.decision)
       FROM entry_reviews r JOIN learning_entries e ON e.tenant_id = r.tenant_id AND e.id = r.entry_id
      WHERE r.tenant_id = $1 AND r.id = ANY ($2::bigint[]) AND e.person_id <> $3
     ON CONFLICT (tenant_id, person_id, kind, event_key) DO NOTHING`,
    [tenantId, reviewIds, reviewerId],
  );
}

/**
 * A grade's notification to the instructors of its course (the placement's, else the completion's), in SQL to
 * append to a statement that has the grade's row as the CTE `g` (id, tenant_id, resource_link_id, entry_id,
 * person_id, attempts, notify): the grade outbox's failure and rejection write it in their own statement.
 */
export const GRADE_NOTIFICATIONS = (kind: 'gradeFailing' | 'gradeRejected') => `
  INSERT INTO notifications (tenant_id, person_id, kind, event_key, context_id, subject_person_id, details)
  SELECT g.tenant_id, s.person_id, '${COLUMN_KIND[kind]}', 'grade:' || g.id, c.context_id, g.person_id,
         jsonb_build_object('titleTh', c.title_th, 'titleEn', c.title_en, 'attempts', g.attempts)
    FROM g
    JOIN LATERAL (SELECT coalesce(rl.context_id, e.context_id) AS context_id,
                         coalesce(v.title_th, e.title) AS title_th, coalesce(v.title_en, e.title) AS title_en
                    FROM learning_entries e
                    LEFT JOIN resource_links rl ON rl.tenant_id = g.tenant_id AND rl.id = g.resource_link_id
                    LEFT JOIN module_versions v ON v.id = e.module_version_id
                   WHERE e.tenant_id = g.tenant_id AND e.id = g.entry_id) c ON true
    JOIN enrolments s ON s.tenant_id = g.tenant_id AND s.context_id = c.context_id
   WHERE g.notify AND ${HAS_STAFF_ROLE.replace(/\be\./g, 's.')} AND s.person_id <> g.person_id
  ON CONFLICT (tenant_id, person_id, kind, event_key) DO NOTHING`;

const details: Decoder<NotificationDetails> = (v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as NotificationDetails) : {};

const listRow = object({
  id: int,
  kind: kindColumn,
  created_at: timestamp,
  read: (v: unknown) => v === true,
  context_id: nullable(contextIdColumn),
  context_title: nullable(text),
  subject_person_id: nullable(personIdColumn),
  subject_name: nullable(text),
  details,
});
const countsRow = object({ count: int, unread: int });
const nRow = object({ n: int });
const modeRow = object({ email_mode: nullable(oneOf('none', 'digest', 'each')) });

export function createNotificationRepository(db: Database): NotificationStore {
  return {
    async list(tenantId, personId, page) {
      const [found, counts] = await Promise.all([
        rows(
          db,
          listRow,
          `SELECT n.id, n.kind, n.created_at, n.read_at IS NOT NULL AS read, n.context_id,
                  coalesce(c.title, c.label) AS context_title, n.subject_person_id, p.name AS subject_name, n.details
             FROM notifications n
             LEFT JOIN contexts c ON c.tenant_id = n.tenant_id AND c.id = n.context_id
             LEFT JOIN people p ON p.tenant_id = n.tenant_id AND p.id = n.subject_person_id
            WHERE n.tenant_id = $1 AND n.person_id = $2
            ORDER BY n.id DESC LIMIT $3 OFFSET $4`,
          [tenantId, personId, page.limit, page.offset],
        ),
        oneRow(
          db,
          countsRow,
          `SELECT count(*)::int AS count, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread
             FROM notifications WHERE tenant_id = $1 AND person_id = $2`,
          [tenantId, personId],
        ),
      ]);
      return {
        count: counts.count,
        unread: counts.unread,
        rows: found.map((r) => ({
          id: r.id,
          kind: r.kind,
          createdAt: r.created_at,
          read: r.read,
          contextId: r.context_id ?? undefined,
          contextTitle: r.context_title ?? undefined,
          subjectPersonId: r.subject_person_id ?? undefined,
          subjectName: r.subject_name ?? undefined,
          details: r.details,
        })),
      };
    },

    async unreadCount(tenantId, platformUserId) {
      const row = await oneRow(
        db,
        nRow,
        `SELECT count(*)::int AS n FROM notifications n
          WHERE n.tenant_id = $1 AND n.read_at IS NULL
            AND n.person_id = (SELECT id FROM people WHERE tenant_id = $1 AND platform_user_id = $2)`,
        [tenantId, platformUserId],
      );
      return row.n;
    },

    async markRead(tenantId, personId, id) {
      const row = await oneRow(
        db,
        nRow,
        `WITH d AS (UPDATE notifications SET read_at = now()
                     WHERE tenant_id = $1 AND person_id = $2 AND read_at IS NULL AND ($3::bigint IS NULL OR id = $3)
                     RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [tenantId, personId, id ?? null],
      );
      return row.n;
    },

    async emailMode(tenantId, personId) {
      const row = await firstRow(
        db,
        modeRow,
        'SELECT email_mode FROM notification_mailboxes WHERE tenant_id = $1 AND person_id = $2',
        [tenantId, personId],
      );
      return row?.email_mode ?? undefined;
    },

    async setEmailMode(tenantId, personId, mode) {
      // Due now: the worker sends what waits under the new choice (or marks it as not to be sent).
      await db.query(
        `INSERT INTO notification_mailboxes (tenant_id, person_id, email_mode, due_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (tenant_id, person_id) DO UPDATE SET email_mode = EXCLUDED.email_mode, due_at = now()`,
        [tenantId, personId, mode],
      );
    },
  };
}
