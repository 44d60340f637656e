import type { PersonId, ContextId } from '../shared/ids';
import type { PersonRef } from '../domain/review/separation-of-duties';
import { checkAgreement, type AgreementRefusal } from '../domain/agency/target-group';
import type { UseCaseDeps } from './deps';
import type { LmsOrigin } from './ports/audit';

/**
 * An instructor agrees the group a learner of their course proposed (seed 004 §4.6.3), as they saw it on their page:
 * not their own, not one changed or agreed meanwhile. 'notFound' for a person who is not a learner of the course.
 */
export async function agreeTarget(
  deps: Pick<UseCaseDeps, 'ledger' | 'targetGroups'>,
  input: { actor: PersonRef & { contextId: ContextId; lms: LmsOrigin }; personId: PersonId; group: string },
): Promise<'agreed' | 'notFound' | { refused: AgreementRefusal }> {
  const { actor } = input;
  const learner = await deps.ledger.courseLearner({
    tenantId: actor.tenantId,
    contextId: actor.contextId,
    personId: input.personId,
  });
  if (!learner) return 'notFound';
  const subject = { tenantId: actor.tenantId, personId: input.personId };
  const verdict = checkAgreement(
    actor,
    subject,
    { group: learner.targetGroup, state: learner.targetState ?? 'agreed' },
    input.group,
  );
  if (!verdict.allowed) return { refused: verdict.code };
  const agreed = await deps.targetGroups.agree({
    ...subject,
    group: input.group,
    agreedBy: actor.personId,
    audit: {
      by: { tenantId: actor.tenantId, personId: actor.personId, lms: actor.lms },
      action: 'target.agreed',
      subject: input.group,
      subjectPersonId: input.personId,
    },
  });
  // Changed between the read and the write (another instructor agreed, or the learner chose again).
  return agreed ? 'agreed' : { refused: 'PROPOSAL_CHANGED' };
}
