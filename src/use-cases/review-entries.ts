import type { ContextId, EntryId } from '../shared/ids';
import { checkDuty, type DutyRefusal, type PersonRef } from '../domain/review/separation-of-duties';
import { recheckEligibility } from './recheck-eligibility';
import type { UseCaseDeps } from './deps';
import type { EligibilityDeps } from './ports';
import type { LmsOrigin } from './ports/audit';

export interface ReviewEntriesInput {
  reviewer: PersonRef & { contextId: ContextId; lms: LmsOrigin };
  entryIds: EntryId[];
  decision: 'approved' | 'rejected';
  comment?: string;
}

/**
 * An instructor approves or rejects logged learning of the course. A batch that holds any entry of the
 * reviewer's own is refused as a whole, before anything is written. Approved entries count from now on: their
 * owners' eligibility is judged again.
 */
export async function reviewEntries(
  deps: Pick<UseCaseDeps, 'ledger'> & EligibilityDeps,
  input: ReviewEntriesInput,
): Promise<{ decided: EntryId[] } | { refused: DutyRefusal }> {
  const { reviewer, entryIds, decision } = input;
  const owners = await deps.ledger.ownersOf(reviewer.tenantId, entryIds);
  const verdict = checkDuty(
    reviewer,
    decision === 'approved' ? 'approve' : 'reject',
    owners.map((personId) => ({ tenantId: reviewer.tenantId, personId })),
  );
  if (!verdict.allowed) return { refused: verdict };
  const decided = await deps.ledger.review({
    tenantId: reviewer.tenantId,
    contextId: reviewer.contextId,
    entryIds,
    decision,
    comment: input.comment,
    reviewerId: reviewer.personId,
    audit: {
      by: reviewer,
      action: decision === 'approved' ? 'entry.approved' : 'entry.rejected',
      // The store names the entries it decided.
      subject: 'entries',
      // One person's entries, as a batch usually is; several people's: each is named by the entry ids.
      subjectPersonId: owners.length === 1 ? owners[0] : undefined,
      details: input.comment ? { comment: input.comment } : {},
    },
    // Each decided entry's owner hears of the decision.
    notifyOwners: true,
  });
  if (decision === 'approved' && decided.length > 0)
    await recheckEligibility(deps, {
      tenantId: reviewer.tenantId,
      contextId: reviewer.contextId,
      entryIds: decided,
    });
  return { decided };
}
