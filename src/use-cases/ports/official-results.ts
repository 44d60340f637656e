import type { PersonId, TenantId } from '../../shared/ids';
import type {
  HeldResult,
  OfficialPerson,
  OfficialResult,
  OfficialResultKind,
} from '../../domain/agency/official-results-import';
import type { AuditEntry } from './audit';

/** One imported official result as the progress and record pages show it. */
export interface OfficialResultView {
  kind: OfficialResultKind;
  code: string;
  level: number;
  awardedOn: string;
  certificateNumber?: string;
}

/** One import as the administrators' list shows it. */
export interface OfficialImportSummary {
  id: number;
  importedAt: Date;
  importedBy?: { name?: string; platformUserId: string };
  added: number;
  replaced: number;
  unchanged: number;
  undoneAt?: Date;
}

export type OfficialImportApplied = 'applied' | 'alreadyApplied' | 'changed';
export type OfficialUndo = 'undone' | 'notFound' | 'alreadyUndone' | 'replacedLater';

/**
 * Where official results are kept (issue #19 item 6, migration 0051): per organisation and person, each naming
 * the import that brought it, so that an import can be listed and undone as a whole; a replaced result is kept,
 * no longer current. Every write carries its audit entry, written in the same transaction.
 */
export interface OfficialResultStore {
  /** The people a file names that the organisation knows, by LMS user id or (case-insensitive) e-mail address. */
  peopleNamed(tenantId: TenantId, names: { userIds: string[]; emails: string[] }): Promise<OfficialPerson[]>;
  /** The current results of these people. */
  heldBy(tenantId: TenantId, personIds: readonly PersonId[]): Promise<HeldResult[]>;
  /** Whether an import with this token was applied. */
  wasImported(tenantId: TenantId, token: string): Promise<boolean>;
  /**
   * Applies an import in one transaction: records it under its token (a second call with the same token writes
   * nothing: 'alreadyApplied'), adds each new result, and replaces each changed one (the one it replaces must be
   * the current one the preview saw, else 'changed', nothing written), with its audit entry.
   */
  applyImport(input: {
    tenantId: TenantId;
    token: string;
    sha256: string;
    importer: PersonId;
    added: readonly OfficialResult[];
    replaced: ReadonlyArray<{ result: OfficialResult; replaces: number }>;
    unchanged: number;
    audit: AuditEntry;
  }): Promise<OfficialImportApplied>;
  /** The organisation's imports, newest first. */
  imports(tenantId: TenantId, limit: number): Promise<OfficialImportSummary[]>;
  /**
   * Undoes an import as a whole, in one transaction with its audit entry: its results are no longer current, and
   * those it replaced are current again. Refused when a later import replaced one of its results (undo that first).
   * Returns the people whose results changed, for their eligibility.
   */
  undoImport(input: {
    tenantId: TenantId;
    importId: number;
    by: PersonId;
    audit: AuditEntry;
  }): Promise<{ outcome: OfficialUndo; personIds: PersonId[] }>;
  /** A person's current results, newest first. */
  resultsOf(tenantId: TenantId, personId: PersonId): Promise<OfficialResultView[]>;
}
