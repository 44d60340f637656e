import {
  entryId,
  type ContextId,
  type EntryId,
  type EvidenceFileId,
  type PersonId,
  type TenantId,
} from '../shared/ids';
import {
  checkEvidenceFiles,
  MAX_EVIDENCE_FILES,
  type EvidenceProblem,
  type SentEvidenceFile,
} from '../domain/learning-record/evidence-file';
import type { UseCaseDeps } from './deps';
import type { EvidenceChangeRefusal, EvidenceFileSummary, StoredEvidenceFile } from './ports/evidence';

/** Who asks for a file: the session's person, their role in the launch and the course they launched in. */
export interface EvidenceViewer {
  tenantId: TenantId;
  personId: PersonId;
  role: 'learner' | 'instructor' | 'admin';
  contextId?: ContextId;
}

/**
 * An evidence file for whoever may read it: the person whose entry it is, the instructors of the course it was
 * logged in (those whose approval queue and learner record show it: the same course), and the organisation's
 * administrators. Anyone else is told it does not exist ('notFound'), so that ids cannot be probed.
 */
export async function getEvidenceFile(
  deps: Pick<UseCaseDeps, 'evidence'>,
  input: { viewer: EvidenceViewer; fileId: EvidenceFileId },
): Promise<StoredEvidenceFile | 'notFound'> {
  const { viewer } = input;
  const file = await deps.evidence.file(viewer.tenantId, input.fileId);
  if (!file) return 'notFound';
  const mayRead =
    file.ownerId === viewer.personId ||
    viewer.role === 'admin' ||
    (viewer.role === 'instructor' && file.contextId !== undefined && file.contextId === viewer.contextId);
  return mayRead ? file : 'notFound';
}

/**
 * Attaches a file to one's own entry while it waits for review: a PDF or image by its bytes, at most
 * MAX_EVIDENCE_FILES per entry. Decided, corrected or reversed entries keep the files they had.
 */
export async function addEvidenceFile(
  deps: Pick<UseCaseDeps, 'evidence'>,
  input: { owner: { tenantId: TenantId; personId: PersonId }; entryId: EntryId; file: SentEvidenceFile },
): Promise<
  { id: EvidenceFileId } | { problems: EvidenceProblem[] } | Exclude<EvidenceChangeRefusal, 'tooMany'>
> {
  const checked = checkEvidenceFiles([input.file]);
  if ('problems' in checked) return checked;
  const added = await deps.evidence.add({
    ...input.owner,
    entryId: input.entryId,
    file: checked.files[0]!,
    max: MAX_EVIDENCE_FILES,
  });
  if (added === 'tooMany') return { problems: [{ code: 'EVIDENCE_TOO_MANY', max: MAX_EVIDENCE_FILES }] };
  return typeof added === 'number' ? { id: added } : added;
}

/** Removes a file from one's own entry while it waits for review; approved, rejected or reversed entries keep it. */
export async function removeEvidenceFile(
  deps: Pick<UseCaseDeps, 'evidence'>,
  input: { owner: { tenantId: TenantId; personId: PersonId }; fileId: EvidenceFileId },
): Promise<{ entryId: EntryId } | Exclude<EvidenceChangeRefusal, 'tooMany'>> {
  const removed = await deps.evidence.remove({ ...input.owner, fileId: input.fileId });
  return typeof removed === 'number' ? { entryId: removed } : removed;
}

/**
 * Each entry with the files attached to it (metadata only: a record list never loads their bytes), and whether
 * another would fit (`evidenceRoom`).
 */
export async function withEvidence<E extends { id: number }>(
  deps: Pick<UseCaseDeps, 'evidence'>,
  tenantId: TenantId,
  entries: readonly E[],
): Promise<Array<E & { evidence: EvidenceFileSummary[]; evidenceRoom: boolean }>> {
  if (entries.length === 0) return [];
  const files = await deps.evidence.filesOf(
    tenantId,
    entries.map((e) => entryId(e.id)),
  );
  const byEntry = new Map<number, EvidenceFileSummary[]>();
  for (const f of files) byEntry.set(f.entryId, [...(byEntry.get(f.entryId) ?? []), f]);
  return entries.map((e) => {
    const evidence = byEntry.get(e.id) ?? [];
    return { ...e, evidence, evidenceRoom: evidence.length < MAX_EVIDENCE_FILES };
  });
}
