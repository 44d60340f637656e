import type { PersonId, ContextId } from '../shared/ids';
import { checkDuty, type DutyRefusal, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { LmsOrigin } from './ports/audit';
import { chooseTarget, type TargetChoice, type TargetProblem } from './set-own-target';

/**
 * An instructor sets a learner's group (and stage, before the organisation announces one) for them, after talking
 * it over (seed 004 §4.6.3): the group is agreed at once. Only a learner of their course (another's is not found),
 * never their own (they choose it as themselves). `learnerName` names them on the form's problems.
 */
export async function setLearnerTarget(
  deps: Pick<UseCaseDeps, 'ledger' | 'frameworks' | 'organisationStages' | 'today'>,
  input: {
    actor: PersonRef & { contextId: ContextId; lms: LmsOrigin };
    personId: PersonId;
    choice: TargetChoice;
  },
): Promise<'notFound' | { refused: DutyRefusal } | { problems: TargetProblem[]; learnerName?: string }> {
  const { actor } = input;
  const learner = await deps.ledger.courseLearner({
    tenantId: actor.tenantId,
    contextId: actor.contextId,
    personId: input.personId,
  });
  if (!learner) return 'notFound';
  const subject = { tenantId: actor.tenantId, personId: input.personId };
  const verdict = checkDuty(actor, 'overrideTarget', [subject]);
  if (!verdict.allowed) return { refused: verdict };
  const stored = await deps.frameworks.forTenant(actor.tenantId);
  return {
    problems: await chooseTarget(deps, subject, stored.framework, input.choice, actor, 'agreed'),
    learnerName: learner.name,
  };
}
