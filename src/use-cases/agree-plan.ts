import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import type { PersonId, ContextId } from '../shared/ids';
import { checkDuty, type DutyRefusal, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { LmsOrigin } from './ports/audit';

export interface PlanDecision {
  /** The supervisor, in their course: only its learners' plans are theirs to decide. */
  reviewer: PersonRef & { contextId: ContextId; lms: LmsOrigin };
  personId: PersonId;
  fiscalYear: FiscalYear;
  /** The version the supervisor read: a decision on an older one is not recorded. */
  version: number;
  comment?: string;
}

/** `notFound`: not a learner of the supervisor's course. */
export type PlanDecisionOutcome = { recorded: boolean } | { refused: DutyRefusal } | 'notFound';

/**
 * A supervisor agrees a learner's development plan; never their own plan. `recorded` is false when `version` is
 * no longer the latest (the learner saved meanwhile).
 */
export function agreePlan(
  deps: Pick<UseCaseDeps, 'plans' | 'ledger'>,
  input: PlanDecision,
): Promise<PlanDecisionOutcome> {
  return decidePlan(deps, input, 'agreed');
}

/** Shared by agreePlan and sendBackPlan: the duty check and the decision, recorded against the version read. */
export async function decidePlan(
  deps: Pick<UseCaseDeps, 'plans' | 'ledger'>,
  input: PlanDecision,
  decision: 'agreed' | 'commented',
): Promise<PlanDecisionOutcome> {
  const { reviewer } = input;
  if (
    !(await deps.ledger.courseLearner({
      tenantId: reviewer.tenantId,
      contextId: reviewer.contextId,
      personId: input.personId,
    }))
  )
    return 'notFound';
  const verdict = checkDuty(reviewer, decision === 'agreed' ? 'agreePlan' : 'sendBackPlan', [
    { tenantId: reviewer.tenantId, personId: input.personId },
  ]);
  if (!verdict.allowed) return { refused: verdict };
  return {
    recorded: await deps.plans.review({
      personId: input.personId,
      fiscalYear: input.fiscalYear,
      version: input.version,
      decision,
      comment: input.comment,
      tenantId: reviewer.tenantId,
      reviewerId: reviewer.personId,
      audit: {
        by: reviewer,
        action: decision === 'agreed' ? 'plan.agreed' : 'plan.sent_back',
        subject: `${input.fiscalYear} v${input.version}`,
        subjectPersonId: input.personId,
        details: {
          fiscalYear: input.fiscalYear,
          version: input.version,
          ...(input.comment ? { comment: input.comment } : {}),
        },
      },
      // The learner hears of the decision.
      notify: {
        kind: decision === 'agreed' ? 'planAgreed' : 'planSentBack',
        actorId: reviewer.personId,
        to: { person: input.personId },
        contextId: reviewer.contextId,
        subjectPersonId: input.personId,
        details: { fiscalYear: input.fiscalYear, version: input.version },
      },
    }),
  };
}
