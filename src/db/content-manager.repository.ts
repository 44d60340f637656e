import type { Database } from './database';
import type {
  ContentManager,
  ContentManagerStore,
  NameContentManagerResult,
  OrganisationPerson,
} from '../use-cases/ports';
import { writeAudit } from './audit.repository';
import { bool, nullable, object, oneRow, rows, text, timestamp, type Decoded } from './decode';
import { personIdColumn } from './id-columns';

const personRow = object({
  id: personIdColumn,
  platform_user_id: text,
  name: nullable(text),
  email: nullable(text),
});
const managerRow = object({ ...personRow.shape, named_at: timestamp });

const person = (r: Decoded<typeof personRow>): OrganisationPerson => ({
  personId: r.id,
  platformUserId: r.platform_user_id,
  name: r.name ?? undefined,
  email: r.email ?? undefined,
});

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `staffRoles`: the LIS role URIs and short names that make a launch an instructor's or administrator's
 * (src/lti/roles.ts, passed in by the composition root): a person is a candidate when one of their enrolments
 * carries one of them.
 */
export function createContentManagerRepository(
  db: Database,
  staffRoles: readonly string[],
): ContentManagerStore {
  const isStaff = (tenant: string, personRef: string, roles: string) =>
    `EXISTS (SELECT 1 FROM enrolments e WHERE e.tenant_id = ${tenant} AND e.person_id = ${personRef} AND e.roles && ${roles}::text[])`;

  return {
    async isContentManager(tenantId, platformUserId) {
      const row = await oneRow(
        db,
        object({ yes: bool }),
        `SELECT EXISTS (SELECT 1 FROM content_managers cm JOIN people p ON p.id = cm.person_id
                         WHERE cm.tenant_id = $1 AND p.tenant_id = $1 AND p.platform_user_id = $2) AS yes`,
        [tenantId, platformUserId],
      );
      return row.yes;
    },

    async list(tenantId) {
      const found = await rows(
        db,
        managerRow,
        `SELECT p.id, p.platform_user_id, p.name, p.email, cm.named_at
           FROM content_managers cm JOIN people p ON p.id = cm.person_id AND p.tenant_id = cm.tenant_id
          WHERE cm.tenant_id = $1
          ORDER BY lower(coalesce(p.name, p.email, p.platform_user_id)), p.id`,
        [tenantId],
      );
      return found.map((r): ContentManager => ({ ...person(r), namedAt: r.named_at }));
    },

    async candidates(tenantId, query, limit) {
      const pattern = `%${likeLiteral(query)}%`;
      const found = await rows(
        db,
        personRow,
        `SELECT p.id, p.platform_user_id, p.name, p.email
           FROM people p
          WHERE p.tenant_id = $1
            AND ${isStaff('$1', 'p.id', '$3')}
            AND NOT EXISTS (SELECT 1 FROM content_managers cm WHERE cm.tenant_id = $1 AND cm.person_id = p.id)
            AND (p.name ILIKE $2 OR p.email ILIKE $2 OR p.given_name ILIKE $2 OR p.family_name ILIKE $2
                 OR p.platform_user_id ILIKE $2)
          ORDER BY lower(coalesce(p.name, p.email, p.platform_user_id)), p.id
          LIMIT $4`,
        [tenantId, pattern, staffRoles, limit],
      );
      return found.map(person);
    },

    async add(tenantId, personId, namedBy, audit): Promise<NameContentManagerResult> {
      // One statement: the person must be of this organisation and have launched as staff, or nothing is written;
      // the audit row in the same transaction, only when someone was named.
      return db.transaction(async (tx) => {
        const r = await oneRow(
          tx,
          object({ staff: bool, named: bool }),
          `WITH candidate AS (
           SELECT p.id FROM people p WHERE p.tenant_id = $1 AND p.id = $2 AND ${isStaff('$1', 'p.id', '$4')}
         ), named AS (
           INSERT INTO content_managers (tenant_id, person_id, named_by)
           SELECT $1, id, $3 FROM candidate
           ON CONFLICT (tenant_id, person_id) DO NOTHING
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM candidate) AS staff, EXISTS (SELECT 1 FROM named) AS named`,
          [tenantId, personId, namedBy, staffRoles],
        );
        if (r.named) await writeAudit(tx, audit);
        return r.named ? 'named' : r.staff ? 'alreadyNamed' : 'notStaff';
      });
    },

    async remove(tenantId, personId, audit) {
      return db.transaction(async (tx) => {
        const removed = await rows(
          tx,
          object({ person_id: personIdColumn }),
          'DELETE FROM content_managers WHERE tenant_id = $1 AND person_id = $2 RETURNING person_id',
          [tenantId, personId],
        );
        if (removed.length === 0) return false;
        await writeAudit(tx, audit);
        return true;
      });
    },
  };
}
