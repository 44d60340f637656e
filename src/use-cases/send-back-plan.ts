import { decidePlan, type PlanDecision, type PlanDecisionOutcome } from './agree-plan';
import type { UseCaseDeps } from './deps';

/**
 * A supervisor sends a learner's plan back with a comment (what to change); never their own plan. `recorded` is
 * false when `version` is no longer the latest.
 */
export function sendBackPlan(
  deps: Pick<UseCaseDeps, 'plans' | 'ledger'>,
  input: PlanDecision & { comment: string },
): Promise<PlanDecisionOutcome> {
  return decidePlan(deps, input, 'commented');
}
