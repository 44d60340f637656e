import type { Database, Queryable } from './database';
import { bool, int, isoDate, nullable, object, oneOf, rows, text, timestamp } from './decode';
import { personIdColumn } from './id-columns';
import { writeAudit } from './audit.repository';
import type { PersonId } from '../shared/ids';
import { resultKey } from '../domain/agency/official-results-import';
import type { OfficialResultStore } from '../use-cases/ports/official-results';

const kind = oneOf('dg_sa', 'tpqi_certification');
const personRow = object({
  id: personIdColumn,
  platform_user_id: text,
  name: nullable(text),
  email: nullable(text),
});
const heldRow = object({
  id: int,
  person_id: personIdColumn,
  kind,
  code: text,
  level: int,
  awarded_on: isoDate,
  certificate_number: nullable(text),
});
const viewRow = object({
  kind,
  code: text,
  level: int,
  awarded_on: isoDate,
  certificate_number: nullable(text),
});
const importRow = object({
  id: int,
  imported_at: timestamp,
  importer_name: nullable(text),
  importer_user_id: nullable(text),
  rows_added: int,
  rows_replaced: int,
  rows_unchanged: int,
  undone_at: nullable(timestamp),
});
const idRow = object({ id: int });
const madeRow = object({ id: int, person_id: int, kind: text, code: text, awarded_on: isoDate });
const undoneRow = object({ undone: bool });

class ImportChanged extends Error {}

export function createOfficialResultRepository(db: Database): OfficialResultStore {
  return {
    async peopleNamed(tenantId, { userIds, emails }) {
      if (userIds.length === 0 && emails.length === 0) return [];
      const found = await rows(
        db,
        personRow,
        `SELECT id, platform_user_id, name, email FROM people
          WHERE tenant_id = $1 AND (platform_user_id = ANY($2::text[])
                OR (email IS NOT NULL AND lower(email) = ANY($3::text[])))`,
        [tenantId, userIds, emails],
      );
      return found.map((p) => ({
        personId: p.id,
        platformUserId: p.platform_user_id,
        name: p.name ?? undefined,
        email: p.email ?? undefined,
      }));
    },

    async heldBy(tenantId, personIds) {
      if (personIds.length === 0) return [];
      const found = await rows(
        db,
        heldRow,
        `SELECT id, person_id, kind, code, level, awarded_on::text, certificate_number FROM official_results
          WHERE tenant_id = $1 AND person_id = ANY($2::bigint[]) AND current`,
        [tenantId, personIds],
      );
      return found.map((r) => ({
        id: r.id,
        personId: r.person_id,
        kind: r.kind,
        code: r.code,
        level: r.level,
        awardedOn: r.awarded_on,
        ...(r.certificate_number !== null ? { certificateNumber: r.certificate_number } : {}),
      }));
    },

    async wasImported(tenantId, token) {
      const found = await db.query(
        'SELECT 1 FROM official_result_imports WHERE tenant_id = $1 AND token = $2',
        [tenantId, token],
      );
      return found.length > 0;
    },

    async applyImport({ tenantId, token, sha256, importer, added, replaced, unchanged, audit }) {
      return db
        .transaction(async (tx) => {
          // The token's row first: a second submit of the same preview waits here for the first, then finds it.
          const recorded = await rows(
            tx,
            idRow,
            `INSERT INTO official_result_imports (tenant_id, token, sha256, imported_by, rows_added, rows_replaced,
                                                  rows_unchanged)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, token) DO NOTHING RETURNING id`,
            [tenantId, token, sha256, importer, added.length, replaced.length, unchanged],
          );
          if (recorded.length === 0) return 'alreadyApplied';
          const importId = recorded[0]!.id;
          if (replaced.length > 0) {
            // The results replaced, still current as the preview saw them (another import meanwhile: 'changed').
            const gone = await tx.query(
              `UPDATE official_results SET current = false
                WHERE tenant_id = $1 AND id = ANY($2::bigint[]) AND current RETURNING id`,
              [tenantId, replaced.map((r) => r.replaces)],
            );
            if (gone.length !== replaced.length) throw new ImportChanged();
          }
          const all = [...added, ...replaced.map((r) => r.result)];
          if (all.length > 0) {
            const made = await rows(
              tx,
              madeRow,
              `INSERT INTO official_results (tenant_id, person_id, kind, code, area, level, awarded_on,
                                             certificate_number, import_id)
               SELECT $1, r.person_id, r.kind, r.code, r.area, r.level, r.awarded_on, r.number, $2
                 FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::date[], $9::text[])
                      AS r(person_id, kind, code, area, level, awarded_on, number)
               RETURNING id, person_id, kind, code, awarded_on::text`,
              [
                tenantId,
                importId,
                all.map((r) => r.personId),
                all.map((r) => r.kind),
                all.map((r) => r.code),
                all.map((r) => r.area),
                all.map((r) => r.level),
                all.map((r) => r.awardedOn),
                all.map((r) => r.certificateNumber ?? null),
              ],
            ).catch((err: unknown) => {
              // A result another import added meanwhile breaks the unique index: 'changed' as well.
              if ((err as { code?: string }).code === '23505') throw new ImportChanged();
              throw err;
            });
            if (replaced.length > 0) {
              const idOf = new Map(
                made.map((m) => [`${m.person_id}|${m.kind}|${m.code}|${m.awarded_on}`, m.id]),
              );
              const newIds = replaced.map((r) => idOf.get(resultKey(r.result)));
              await tx.query(
                `UPDATE official_results o SET replaced_by = x.new_id
                   FROM unnest($2::bigint[], $3::bigint[]) AS x(old_id, new_id)
                  WHERE o.tenant_id = $1 AND o.id = x.old_id`,
                [tenantId, replaced.map((r) => r.replaces), newIds],
              );
            }
          }
          await writeAudit(tx, audit, {
            sha256,
            importId,
            added: added.length,
            replaced: replaced.map((r) => ({ replaces: r.replaces, level: r.result.level })),
            unchanged,
          });
          return 'applied' as const;
        })
        .catch((err: unknown) => {
          if (err instanceof ImportChanged) return 'changed' as const;
          throw err;
        });
    },

    async imports(tenantId, limit) {
      const found = await rows(
        db,
        importRow,
        `SELECT i.id, i.imported_at, p.name AS importer_name, p.platform_user_id AS importer_user_id,
                i.rows_added, i.rows_replaced, i.rows_unchanged, i.undone_at
           FROM official_result_imports i LEFT JOIN people p ON p.tenant_id = i.tenant_id AND p.id = i.imported_by
          WHERE i.tenant_id = $1 ORDER BY i.imported_at DESC, i.id DESC LIMIT $2`,
        [tenantId, limit],
      );
      return found.map((r) => ({
        id: r.id,
        importedAt: r.imported_at,
        importedBy:
          r.importer_user_id !== null
            ? { platformUserId: r.importer_user_id, name: r.importer_name ?? undefined }
            : undefined,
        added: r.rows_added,
        replaced: r.rows_replaced,
        unchanged: r.rows_unchanged,
        undoneAt: r.undone_at ?? undefined,
      }));
    },

    async undoImport({ tenantId, importId, by, audit }) {
      return db.transaction(async (tx) => {
        const found = await rows(
          tx,
          undoneRow,
          `SELECT undone_at IS NOT NULL AS undone FROM official_result_imports
            WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
          [tenantId, importId],
        );
        if (found.length === 0) return { outcome: 'notFound' as const, personIds: [] };
        if (found[0]!.undone) return { outcome: 'alreadyUndone' as const, personIds: [] };
        // A later import replaced one of its results: undoing this one first would leave that one's history wrong.
        const later = await tx.query(
          `SELECT 1 FROM official_results WHERE tenant_id = $1 AND import_id = $2 AND replaced_by IS NOT NULL LIMIT 1`,
          [tenantId, importId],
        );
        if (later.length > 0) return { outcome: 'replacedLater' as const, personIds: [] };
        const people = await personIdsOf(
          tx,
          `UPDATE official_results SET current = false
            WHERE tenant_id = $1 AND import_id = $2 AND current RETURNING person_id`,
          [tenantId, importId],
        );
        await tx.query(
          `UPDATE official_results o SET current = true, replaced_by = NULL
             FROM official_results n
            WHERE n.tenant_id = $1 AND n.import_id = $2 AND o.tenant_id = $1 AND o.replaced_by = n.id`,
          [tenantId, importId],
        );
        await tx.query(
          'UPDATE official_result_imports SET undone_at = now(), undone_by = $3 WHERE tenant_id = $1 AND id = $2',
          [tenantId, importId, by],
        );
        await writeAudit(tx, audit, { importId, results: people.length });
        return { outcome: 'undone' as const, personIds: [...new Set(people)] };
      });
    },

    async resultsOf(tenantId, personId) {
      const found = await rows(
        db,
        viewRow,
        `SELECT kind, code, level, awarded_on::text, certificate_number FROM official_results
          WHERE tenant_id = $1 AND person_id = $2 AND current
          ORDER BY awarded_on DESC, kind, code LIMIT 200`,
        [tenantId, personId],
      );
      return found.map((r) => ({
        kind: r.kind,
        code: r.code,
        level: r.level,
        awardedOn: r.awarded_on,
        ...(r.certificate_number !== null ? { certificateNumber: r.certificate_number } : {}),
      }));
    },
  };
}

async function personIdsOf(tx: Queryable, sql: string, params: unknown[]): Promise<PersonId[]> {
  return (await rows(tx, object({ person_id: personIdColumn }), sql, params)).map((r) => r.person_id);
}
