import type { ContextId, EntryId, EvidenceFileId, PersonId, TenantId } from '../../shared/ids';
import type { EvidenceFile, EvidenceMediaType } from '../../domain/learning-record/evidence-file';

/** An evidence file as the record lists show it: what it is, never its bytes. */
export interface EvidenceFileSummary {
  id: EvidenceFileId;
  entryId: EntryId;
  name: string;
  mediaType: EvidenceMediaType;
  size: number;
}

/** An evidence file with its bytes, and what decides who may read it. */
export interface StoredEvidenceFile extends EvidenceFileSummary {
  bytes: Uint8Array;
  /** Whose entry it is attached to. */
  ownerId: PersonId;
  /** The course the entry was logged in (whose instructors review it). */
  contextId?: ContextId;
}

/** Why a file could not be added to an entry, or removed from it. */
export type EvidenceChangeRefusal = 'notFound' | 'notPending' | 'tooMany';

export interface EvidenceStore {
  /** The files of these entries (metadata only, never the bytes), oldest first. */
  filesOf(tenantId: TenantId, entryIds: readonly EntryId[]): Promise<EvidenceFileSummary[]>;
  /** One file with its bytes; undefined when the organisation has none of that id. */
  file(tenantId: TenantId, id: EvidenceFileId): Promise<StoredEvidenceFile | undefined>;
  /**
   * Adds a file to the person's own logged entry while it waits for review (no decision, not corrected or
   * reversed), if it holds fewer than `max`; checked and written in one transaction.
   */
  add(input: {
    tenantId: TenantId;
    personId: PersonId;
    entryId: EntryId;
    file: EvidenceFile;
    max: number;
  }): Promise<EvidenceFileId | EvidenceChangeRefusal>;
  /** Removes a file from the person's own entry while it waits for review; decided entries keep theirs. */
  remove(input: {
    tenantId: TenantId;
    personId: PersonId;
    fileId: EvidenceFileId;
  }): Promise<EntryId | Exclude<EvidenceChangeRefusal, 'tooMany'>>;
}
