import type { Database } from './database';
import { int, isoDate, nullable, object, oneOf, rows, text, array } from './decode';
import { personIdColumn, tenantIdColumn, contextIdColumn } from './id-columns';
import { kindColumn } from './notification.repository';
import type { MailStore } from '../use-cases/ports/mail';
import type { NotificationDetails } from '../use-cases/ports/notifications';

const waitingRow = object({
  id: int,
  kind: kindColumn,
  created_at: text,
  context_id: nullable(contextIdColumn),
  context_title: nullable(text),
  subject_person_id: nullable(personIdColumn),
  subject_name: nullable(text),
  details: (v: unknown) => (v !== null && typeof v === 'object' ? (v as NotificationDetails) : {}),
});
const boxRow = object({
  tenant_id: tenantIdColumn,
  person_id: personIdColumn,
  email_mode: nullable(oneOf('none', 'digest', 'each')),
  email: nullable(text),
  name: nullable(text),
  locale: nullable(text),
  issuer: text,
  last_digest_on: nullable(isoDate),
  attempts: int,
  waiting: array(waitingRow),
});

/** The mail worker's queries over notification_mailboxes (migration 0047). */
export function createNotificationMailRepository(db: Database): MailStore {
  return {
    async claimDue(now, limit, leaseSeconds) {
      const found = await rows(
        db,
        boxRow,
        `WITH claimed AS (
           UPDATE notification_mailboxes m SET lease_until = $1::timestamptz + make_interval(secs => $3)
            WHERE (m.tenant_id, m.person_id) IN (
                    SELECT tenant_id, person_id FROM notification_mailboxes
                     WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
                     ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING m.tenant_id, m.person_id, m.email_mode, m.last_digest_on, m.attempts)
         SELECT c.tenant_id, c.person_id, c.email_mode, p.email, p.name, p.locale, t.issuer,
                c.last_digest_on::text, c.attempts,
                coalesce((SELECT json_agg(json_build_object(
                                   'id', n.id, 'kind', n.kind, 'created_at', n.created_at, 'context_id', n.context_id,
                                   'context_title', coalesce(x.title, x.label), 'subject_person_id', n.subject_person_id,
                                   'subject_name', s.name, 'details', n.details) ORDER BY n.id)
                            FROM notifications n
                            LEFT JOIN contexts x ON x.tenant_id = n.tenant_id AND x.id = n.context_id
                            LEFT JOIN people s ON s.tenant_id = n.tenant_id AND s.id = n.subject_person_id
                           WHERE n.tenant_id = c.tenant_id AND n.person_id = c.person_id AND n.mailed_at IS NULL),
                         '[]') AS waiting
           FROM claimed c
           JOIN people p ON p.tenant_id = c.tenant_id AND p.id = c.person_id
           JOIN tenants t ON t.id = c.tenant_id`,
        [now, limit, leaseSeconds],
      );
      return found.map((r) => ({
        tenantId: r.tenant_id,
        personId: r.person_id,
        mode: r.email_mode ?? undefined,
        email: r.email ?? undefined,
        name: r.name ?? undefined,
        locale: r.locale ?? undefined,
        lmsUrl: r.issuer,
        lastDigestOn: r.last_digest_on ?? undefined,
        attempts: r.attempts,
        waiting: r.waiting.map((n) => ({
          id: n.id,
          kind: n.kind,
          createdAt: new Date(n.created_at),
          read: false,
          contextId: n.context_id ?? undefined,
          contextTitle: n.context_title ?? undefined,
          subjectPersonId: n.subject_person_id ?? undefined,
          subjectName: n.subject_name ?? undefined,
          details: n.details,
        })),
      }));
    },

    async done(box, ids, o) {
      await db.transaction(async (tx) => {
        if (ids.length > 0)
          await tx.query(
            `UPDATE notifications SET mailed_at = now()
              WHERE tenant_id = $1 AND person_id = $2 AND id = ANY ($3::bigint[]) AND mailed_at IS NULL`,
            [box.tenantId, box.personId, ids],
          );
        // Due again only if something arrived meanwhile (the trigger set due_at again) or at `dueAt`.
        await tx.query(
          `UPDATE notification_mailboxes m
              SET lease_until = NULL, attempts = 0, last_error = NULL,
                  last_digest_on = coalesce($3::date, m.last_digest_on),
                  due_at = CASE WHEN EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = m.tenant_id
                                               AND n.person_id = m.person_id AND n.mailed_at IS NULL)
                                THEN coalesce($4::timestamptz, now()) ELSE $4::timestamptz END
            WHERE tenant_id = $1 AND person_id = $2`,
          [box.tenantId, box.personId, o.digestOn ?? null, o.dueAt ?? null],
        );
      });
    },

    async failed(box, error, retryAt) {
      await db.query(
        `UPDATE notification_mailboxes SET lease_until = NULL, attempts = attempts + 1, last_error = left($3, 500),
                due_at = $4
          WHERE tenant_id = $1 AND person_id = $2`,
        [box.tenantId, box.personId, error, retryAt],
      );
    },
  };
}
