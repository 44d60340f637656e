import type { Database, Queryable } from './database';
import { int, nullable, object, oneOf, oneRow, record, rows, text, timestamp, type Decoder } from './decode';
import { personIdColumn } from './id-columns';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditDetails,
  type AuditEntry,
  type AuditLog,
  type AuditRow,
  type PlatformActor,
} from '../use-cases/ports/audit';

/**
 * The audit log's writes are called by the stores, inside the transaction of the change they record (`q` is that
 * transaction): see src/use-cases/ports/audit.ts for why there. `extra` is what only the write knows (a
 * correction's old hours, the entries a review decided), merged into the entry's details.
 */
export async function writeAudit(q: Queryable, entry: AuditEntry, extra: AuditDetails = {}): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (tenant_id, action, actor_kind, actor_person_id, issuer, deployment_id, subject,
                            subject_person_id, details)
     VALUES ($1, $2, 'person', $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      entry.by.tenantId,
      entry.action,
      entry.by.personId,
      entry.by.lms.issuer,
      entry.by.lms.deploymentId,
      entry.subject,
      entry.subjectPersonId ?? null,
      JSON.stringify({ ...entry.details, ...extra }),
    ],
  );
}

/** A change to the platform registry, in the registry's transaction. */
export async function writePlatformAudit(
  q: Queryable,
  actor: PlatformActor,
  action: Extract<AuditAction, `platform.${string}`>,
  platform: { issuer: string; clientId?: string },
  details: AuditDetails = {},
): Promise<void> {
  await q.query(
    `INSERT INTO platform_audit_log (action, actor_kind, issuer, client_id, subject, details)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [
      action,
      actor.kind,
      platform.issuer,
      platform.clientId ?? null,
      platform.clientId ? `${platform.issuer} ${platform.clientId}` : platform.issuer,
      JSON.stringify(details),
    ],
  );
}

const details: Decoder<AuditDetails> = record((v: unknown) => v);

const auditRow = object({
  seq: int,
  source: oneOf('a', 'p'),
  at: timestamp,
  action: oneOf(...AUDIT_ACTIONS),
  actor_kind: oneOf('person', 'operator', 'registration', 'system'),
  actor_person_id: nullable(personIdColumn),
  actor_name: nullable(text),
  actor_uid: nullable(text),
  issuer: nullable(text),
  deployment_id: nullable(text),
  subject: text,
  subject_person_id: nullable(personIdColumn),
  subject_name: nullable(text),
  subject_uid: nullable(text),
  details,
  total: int,
});
const actorRow = object({ id: personIdColumn, name: nullable(text), platform_user_id: text });

/**
 * The organisation's own rows, and its issuer's platform registry's (every organisation of the issuer shows them):
 * a filter by person leaves the registry's out (its authors are not people of the organisation).
 */
const ROWS = `
  SELECT a.id AS seq, 'a' AS source, a.at, a.action, a.actor_kind, a.actor_person_id, ap.name AS actor_name,
         ap.platform_user_id AS actor_uid, a.issuer, a.deployment_id, a.subject, a.subject_person_id,
         sp.name AS subject_name, sp.platform_user_id AS subject_uid, a.details
    FROM audit_log a
    LEFT JOIN people ap ON ap.tenant_id = a.tenant_id AND ap.id = a.actor_person_id
    LEFT JOIN people sp ON sp.tenant_id = a.tenant_id AND sp.id = a.subject_person_id
   WHERE a.tenant_id = $1 AND ($2::text IS NULL OR a.action = $2) AND ($3::bigint IS NULL OR a.actor_person_id = $3)
  UNION ALL
  SELECT p.id, 'p', p.at, p.action, p.actor_kind, NULL, NULL, NULL, p.issuer, NULL, p.subject, NULL, NULL, NULL,
         p.details
    FROM platform_audit_log p
   WHERE p.issuer = (SELECT issuer FROM tenants WHERE id = $1) AND ($2::text IS NULL OR p.action = $2)
     AND $3::bigint IS NULL`;

export function createAuditRepository(db: Database): AuditLog {
  return {
    async list(tenantId, filter, page) {
      const params = [tenantId, filter.action ?? null, filter.personId ?? null];
      const found = await rows(
        db,
        auditRow,
        `SELECT r.*, count(*) OVER ()::int AS total FROM (${ROWS}) r
          ORDER BY r.at DESC, r.source, r.seq DESC LIMIT $4 OFFSET $5`,
        [...params, page.limit, page.offset],
      );
      // A page past the end has no row to carry the total.
      const count =
        found[0]?.total ??
        (page.offset > 0
          ? (await oneRow(db, object({ n: int }), `SELECT count(*)::int AS n FROM (${ROWS}) r`, params)).n
          : 0);
      return {
        count,
        rows: found.map((r): AuditRow => ({
          id: `${r.source}${r.seq}`,
          at: r.at,
          action: r.action,
          actorKind: r.actor_kind,
          actorPersonId: r.actor_person_id ?? undefined,
          actorName: r.actor_name ?? undefined,
          actorPlatformUserId: r.actor_uid ?? undefined,
          issuer: r.issuer ?? undefined,
          deploymentId: r.deployment_id ?? undefined,
          subject: r.subject,
          subjectPersonId: r.subject_person_id ?? undefined,
          subjectName: r.subject_name ?? undefined,
          subjectPlatformUserId: r.subject_uid ?? undefined,
          details: r.details,
        })),
      };
    },

    async actors(tenantId) {
      const found = await rows(
        db,
        actorRow,
        `SELECT p.id, p.name, p.platform_user_id FROM people p
          WHERE p.tenant_id = $1 AND EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = $1 AND a.actor_person_id = p.id)
          ORDER BY lower(coalesce(p.name, p.platform_user_id)), p.id LIMIT 500`,
        [tenantId],
      );
      return found.map((r) => ({
        personId: r.id,
        name: r.name ?? undefined,
        platformUserId: r.platform_user_id,
      }));
    },
  };
}
