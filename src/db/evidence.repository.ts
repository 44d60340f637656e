import type { Database, Queryable } from './database';
import { bytes, firstRow, int, nullable, object, oneOf, oneRow, rows, text, type Decoded } from './decode';
import { contextIdColumn, entryIdColumn, evidenceFileIdColumn, personIdColumn } from './id-columns';
import { EVIDENCE_MEDIA_TYPES, type EvidenceFile } from '../domain/learning-record/evidence-file';
import type { EntryId, EvidenceFileId, TenantId } from '../shared/ids';
import type { EvidenceFileSummary, EvidenceStore } from '../use-cases/ports/evidence';

const summaryRow = object({
  id: evidenceFileIdColumn,
  entry_id: entryIdColumn,
  name: text,
  media_type: oneOf(...EVIDENCE_MEDIA_TYPES),
  size: int,
});
const fileRow = object({
  ...summaryRow.shape,
  content: bytes,
  person_id: personIdColumn,
  context_id: nullable(contextIdColumn),
});
const idRow = object({ id: evidenceFileIdColumn });
const entryRow = object({ entry_id: entryIdColumn });
/** The person's own entry, whether it still waits for review, and how many files it holds. */
const pendingRow = object({ pending: oneOf(0, 1), files: int });

const summary = (r: Decoded<typeof summaryRow>): EvidenceFileSummary => ({
  id: r.id,
  entryId: r.entry_id,
  name: r.name,
  mediaType: r.media_type,
  size: r.size,
});

/**
 * Writes evidence files of an entry in the caller's transaction (the entry's own, when it is logged). The
 * digest is the database's (sha256 of the bytes as stored).
 */
export async function insertEvidenceFiles(
  q: Queryable,
  tenantId: TenantId,
  entryId: EntryId,
  files: readonly EvidenceFile[],
): Promise<EvidenceFileId[]> {
  const ids: EvidenceFileId[] = [];
  for (const f of files) {
    const row = await oneRow(
      q,
      idRow,
      `INSERT INTO evidence_files (tenant_id, entry_id, media_type, name, size, sha256, content)
       VALUES ($1, $2, $3, $4, $5, encode(sha256($6::bytea), 'hex'), $6::bytea) RETURNING id`,
      [tenantId, entryId, f.mediaType, f.name, f.bytes.length, f.bytes],
    );
    ids.push(row.id);
  }
  return ids;
}

/**
 * An entry may change its files while it waits for review: the person's own logged activity, not decided, not
 * corrected or reversed (no such row in its chain; the owner's restatement of what it served is neither).
 */
const OWN_PENDING = `
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.tenant_id = e.tenant_id AND r.entry_id = e.id)
               AND NOT EXISTS (SELECT 1 FROM learning_entries c
                                WHERE c.tenant_id = e.tenant_id AND c.person_id = e.person_id
                                  AND coalesce(c.root_id, c.id) = e.id AND c.kind IN ('correction', 'reversal'))
              THEN 1 ELSE 0 END AS pending,
         (SELECT count(*)::int FROM evidence_files f WHERE f.tenant_id = e.tenant_id AND f.entry_id = e.id) AS files
    FROM learning_entries e
   WHERE e.tenant_id = $1 AND e.id = $2 AND e.person_id = $3 AND e.source = 'activity' AND e.kind = 'entry'
     FOR UPDATE OF e`;

export function createEvidenceRepository(db: Database): EvidenceStore {
  return {
    async filesOf(tenantId, entryIds) {
      if (entryIds.length === 0) return [];
      const found = await rows(
        db,
        summaryRow,
        `SELECT id, entry_id, name, media_type, size FROM evidence_files
          WHERE tenant_id = $1 AND entry_id = ANY($2::bigint[]) ORDER BY entry_id, id`,
        [tenantId, entryIds],
      );
      return found.map(summary);
    },

    async file(tenantId, id) {
      const r = await firstRow(
        db,
        fileRow,
        `SELECT f.id, f.entry_id, f.name, f.media_type, f.size, f.content, e.person_id, e.context_id
           FROM evidence_files f JOIN learning_entries e ON e.tenant_id = f.tenant_id AND e.id = f.entry_id
          WHERE f.tenant_id = $1 AND f.id = $2`,
        [tenantId, id],
      );
      return (
        r && {
          ...summary(r),
          bytes: r.content,
          ownerId: r.person_id,
          contextId: r.context_id ?? undefined,
        }
      );
    },

    add(input) {
      return db.transaction(async (tx) => {
        const entry = await firstRow(tx, pendingRow, OWN_PENDING, [
          input.tenantId,
          input.entryId,
          input.personId,
        ]);
        if (!entry) return 'notFound' as const;
        if (entry.pending === 0) return 'notPending' as const;
        if (entry.files >= input.max) return 'tooMany' as const;
        const [id] = await insertEvidenceFiles(tx, input.tenantId, input.entryId, [input.file]);
        return id!;
      });
    },

    remove(input) {
      return db.transaction(async (tx) => {
        const of = await firstRow(
          tx,
          entryRow,
          `SELECT entry_id FROM evidence_files WHERE tenant_id = $1 AND id = $2`,
          [input.tenantId, input.fileId],
        );
        if (!of) return 'notFound' as const;
        const entry = await firstRow(tx, pendingRow, OWN_PENDING, [
          input.tenantId,
          of.entry_id,
          input.personId,
        ]);
        if (!entry) return 'notFound' as const;
        if (entry.pending === 0) return 'notPending' as const;
        await tx.query(`DELETE FROM evidence_files WHERE tenant_id = $1 AND id = $2`, [
          input.tenantId,
          input.fileId,
        ]);
        return of.entry_id;
      });
    },
  };
}
