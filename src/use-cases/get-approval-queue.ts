import type { ContextId } from '../shared/ids';
import { mayReview, type PersonRef } from '../domain/review/separation-of-duties';
import { reviewFlags, type ReviewFlag } from '../domain/learning-record/review-flags';
import type { UseCaseDeps } from './deps';
import { withEvidence } from './evidence-files';
import type { EvidenceFileSummary } from './ports/evidence';
import type { ReviewItem, StoredFramework } from './ports';

/** A pending logged activity with what the reviewer should look at twice (`reviewFlags`). */
export interface QueuedReview extends ReviewItem {
  flags: ReviewFlag[];
  /** The files attached to it (metadata only). */
  evidence: EvidenceFileSummary[];
  /** The reviewer's own entry: someone else decides it. */
  own: boolean;
}

/**
 * The logged activities waiting in the reviewer's course, oldest first, each flagged when it duplicates another
 * entry of the same person or claims hours far above the usual for its type in the organisation. Four reads, at
 * once, then the files attached (metadata only).
 */
export async function getApprovalQueue(
  deps: Pick<UseCaseDeps, 'ledger' | 'frameworks' | 'evidence'>,
  reviewer: PersonRef & { contextId: ContextId },
): Promise<{ items: QueuedReview[]; framework: StoredFramework }> {
  const { tenantId, contextId } = reviewer;
  const [items, record, usual, framework] = await Promise.all([
    deps.ledger.pendingInContext(tenantId, contextId),
    deps.ledger.recordsOfReviewees(tenantId, contextId),
    deps.ledger.usualHours(tenantId, contextId),
    deps.frameworks.forTenant(tenantId),
  ]);
  const flags = reviewFlags(
    items.map((i) => ({ ...i, id: i.entryId })),
    record,
    usual,
  );
  const withFiles = await withEvidence(
    deps,
    tenantId,
    items.map((i) => ({ ...i, id: i.entryId })),
  );
  return {
    framework,
    items: withFiles.map(({ id: _id, evidenceRoom: _room, ...i }) => ({
      ...i,
      flags: flags.get(i.entryId) ?? [],
      own: !mayReview(reviewer, { tenantId, personId: i.personId }),
    })),
  };
}
