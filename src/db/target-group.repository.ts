import type { Database, Queryable } from './database';
import type { PersonId } from '../shared/ids';
import type { SecondGroup } from '../domain/agency/target-group';
import type { ImportPerson } from '../domain/agency/target-group-import';
import type { TargetGroupStore } from '../use-cases/ports/target-groups';
import { firstRow, nullable, object, oneOf, rows, text, timestamp } from './decode';
import { personIdColumn } from './id-columns';
import { writeAudit } from './audit.repository';

const secondRow = object({
  person_id: personIdColumn,
  group_code: text,
  state: oneOf('pending', 'approved', 'refused'),
  reason: nullable(text),
});
const toSecond = (r: {
  group_code: string;
  state: SecondGroup['state'];
  reason: string | null;
}): SecondGroup => ({
  group: r.group_code,
  state: r.state,
  ...(r.reason !== null ? { reason: r.reason } : {}),
});

const pendingRow = object({
  person_id: personIdColumn,
  name: nullable(text),
  platform_user_id: text,
  target_group: nullable(text),
  group_code: text,
  requested_at: timestamp,
});

const personRow = object({
  id: personIdColumn,
  platform_user_id: text,
  name: nullable(text),
  email: nullable(text),
  target_group: nullable(text),
  target_state: oneOf('proposed', 'agreed'),
  second_group: nullable(text),
  second_state: nullable(oneOf('pending', 'approved', 'refused')),
  second_reason: nullable(text),
});
const toImportPerson = (r: ReturnType<typeof personRow>): ImportPerson => ({
  personId: r.id,
  platformUserId: r.platform_user_id,
  name: r.name ?? undefined,
  email: r.email ?? undefined,
  group: r.target_group ?? undefined,
  state: r.target_state,
  second:
    r.second_group !== null && r.second_state !== null
      ? toSecond({ group_code: r.second_group, state: r.second_state, reason: r.second_reason })
      : undefined,
});

/** A person with their second group, as the import and its check under lock read them. */
const PERSON_SELECT = `SELECT p.id, p.platform_user_id, p.name, p.email, p.target_group, p.target_state,
        s.group_code AS second_group, s.state AS second_state, s.reason AS second_reason
   FROM people p LEFT JOIN second_target_groups s ON s.tenant_id = p.tenant_id AND s.person_id = p.id`;

const sameSecond = (a: SecondGroup | undefined, b: SecondGroup | undefined) =>
  a?.group === b?.group && a?.state === b?.state;

export function createTargetGroupRepository(db: Database): TargetGroupStore {
  return {
    async agree({ tenantId, personId, group, agreedBy, audit }) {
      return db.transaction(async (tx) => {
        const updated = await tx.query(
          `UPDATE people SET target_state = 'agreed', target_agreed_by = $4, target_agreed_at = now()
            WHERE tenant_id = $1 AND id = $2 AND target_group = $3 AND target_state = 'proposed'
            RETURNING id`,
          [tenantId, personId, group, agreedBy],
        );
        if (updated.length === 0) return false;
        await writeAudit(tx, audit, { group });
        return true;
      });
    },

    async secondGroupOf({ tenantId, personId }) {
      const r = await firstRow(
        db,
        secondRow,
        `SELECT person_id, group_code, state, reason FROM second_target_groups WHERE tenant_id = $1 AND person_id = $2`,
        [tenantId, personId],
      );
      return r && toSecond(r);
    },

    async secondGroupsOf(tenantId, personIds) {
      if (personIds.length === 0) return new Map();
      const found = await rows(
        db,
        secondRow,
        `SELECT person_id, group_code, state, reason FROM second_target_groups
          WHERE tenant_id = $1 AND person_id = ANY($2::bigint[])`,
        [tenantId, personIds],
      );
      return new Map(found.map((r) => [r.person_id, toSecond(r)]));
    },

    async requestSecondGroup({ tenantId, personId, group, requestedBy, audit }) {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO second_target_groups (tenant_id, person_id, group_code, state, requested_by)
           VALUES ($1, $2, $3, 'pending', $4)
           ON CONFLICT (tenant_id, person_id) DO UPDATE SET group_code = EXCLUDED.group_code, state = 'pending',
             requested_by = EXCLUDED.requested_by, requested_at = now(), decided_by = NULL, decided_at = NULL,
             reason = NULL`,
          [tenantId, personId, group, requestedBy],
        );
        await writeAudit(tx, audit, { group });
      });
    },

    async decideSecondGroup({ tenantId, personId, group, approve, reason, decidedBy, audit }) {
      return db.transaction(async (tx) => {
        const updated = await tx.query(
          `UPDATE second_target_groups SET state = $4, reason = $5, decided_by = $6, decided_at = now()
            WHERE tenant_id = $1 AND person_id = $2 AND group_code = $3 AND state = 'pending'
            RETURNING person_id`,
          [
            tenantId,
            personId,
            group,
            approve ? 'approved' : 'refused',
            approve ? null : (reason ?? null),
            decidedBy,
          ],
        );
        if (updated.length === 0) return false;
        await writeAudit(tx, audit, { group, ...(approve ? {} : { reason }) });
        return true;
      });
    },

    async pendingSecondGroups(tenantId) {
      const found = await rows(
        db,
        pendingRow,
        `SELECT s.person_id, p.name, p.platform_user_id, p.target_group, s.group_code, s.requested_at
           FROM second_target_groups s JOIN people p ON p.tenant_id = s.tenant_id AND p.id = s.person_id
          WHERE s.tenant_id = $1 AND s.state = 'pending'
          ORDER BY s.requested_at, s.person_id LIMIT 500`,
        [tenantId],
      );
      return found.map((r) => ({
        personId: r.person_id,
        name: r.name ?? undefined,
        platformUserId: r.platform_user_id,
        first: r.target_group ?? undefined,
        group: r.group_code,
        requestedAt: r.requested_at,
      }));
    },

    async peopleNamed(tenantId, { userIds, emails }) {
      if (userIds.length === 0 && emails.length === 0) return [];
      const found = await rows(
        db,
        personRow,
        `${PERSON_SELECT}
          WHERE p.tenant_id = $1 AND (p.platform_user_id = ANY($2::text[])
                OR (p.email IS NOT NULL AND lower(p.email) = ANY($3::text[])))`,
        [tenantId, userIds, emails],
      );
      return found.map(toImportPerson);
    },

    async wasImported(tenantId, token) {
      const found = await db.query('SELECT 1 FROM target_group_imports WHERE tenant_id = $1 AND token = $2', [
        tenantId,
        token,
      ]);
      return found.length > 0;
    },

    async applyImport({ tenantId, token, sha256, importer, changes, unchanged, audit }) {
      return db
        .transaction(async (tx) => {
          // The token's row first: a second submit of the same preview waits here for the first, then finds it.
          const recorded = await tx.query(
            `INSERT INTO target_group_imports (tenant_id, token, sha256, imported_by, rows_set, rows_unchanged)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, token) DO NOTHING RETURNING token`,
            [tenantId, token, sha256, importer, changes.length, unchanged],
          );
          if (recorded.length === 0) return 'alreadyApplied';
          const ids = changes.map((c) => c.personId);
          const now = await lockedPeople(tx, tenantId, ids);
          const changed = changes.some((c) => {
            const p = now.get(c.personId);
            return (
              !p ||
              p.group !== c.before.group ||
              p.state !== c.before.state ||
              !sameSecond(p.second, c.before.second)
            );
          });
          // Thrown, so that the import's row is rolled back with everything else.
          if (changed) throw new ImportChanged();
          if (changes.length > 0) {
            await tx.query(
              `UPDATE people p SET target_group = c.grp, target_state = 'agreed', target_set_by = $3,
                    target_agreed_by = $3, target_agreed_at = now()
               FROM unnest($2::bigint[], $4::text[]) AS c(id, grp)
              WHERE p.tenant_id = $1 AND p.id = c.id
                AND (p.target_group IS DISTINCT FROM c.grp OR p.target_state <> 'agreed')`,
              [tenantId, ids, importer, changes.map((c) => c.group)],
            );
            const seconds = changes.filter((c) => c.second !== undefined);
            if (seconds.length > 0)
              await tx.query(
                `INSERT INTO second_target_groups (tenant_id, person_id, group_code, state, requested_by, decided_by,
                                                 decided_at)
               SELECT $1, c.id, c.grp, 'approved', $3, $3, now() FROM unnest($2::bigint[], $4::text[]) AS c(id, grp)
               ON CONFLICT (tenant_id, person_id) DO UPDATE SET group_code = EXCLUDED.group_code, state = 'approved',
                 requested_by = EXCLUDED.requested_by, requested_at = now(), decided_by = EXCLUDED.decided_by,
                 decided_at = now(), reason = NULL`,
                [tenantId, seconds.map((c) => c.personId), importer, seconds.map((c) => c.second!)],
              );
          }
          await writeAudit(tx, audit, { sha256, set: changes.length, unchanged });
          return 'applied';
        })
        .catch((err: unknown) => {
          if (err instanceof ImportChanged) return 'changed' as const;
          throw err;
        });
    },
  };
}

class ImportChanged extends Error {}

/** The people of an import under lock (in id order, so two imports never wait on each other in a circle). */
async function lockedPeople(
  tx: Queryable,
  tenantId: number,
  ids: readonly PersonId[],
): Promise<Map<PersonId, ImportPerson>> {
  if (ids.length === 0) return new Map();
  await tx.query(
    `SELECT id FROM people WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`,
    [tenantId, ids],
  );
  const found = await rows(
    tx,
    personRow,
    `${PERSON_SELECT} WHERE p.tenant_id = $1 AND p.id = ANY($2::bigint[])`,
    [tenantId, ids],
  );
  return new Map(found.map((r) => [r.id, toImportPerson(r)]));
}
