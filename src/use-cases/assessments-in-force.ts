import type { TenantId, ContextId } from '../shared/ids';
import { effectiveAssessments } from '../domain/assessment/rule-editing';
import type { Assessment } from '../domain/assessment/eligibility';
import type { EligibilityDeps } from './ports';

/** A framework's assessments with the organisation's and, given one, the course's rule edits in force. */
export async function assessmentsInForce(
  deps: Pick<EligibilityDeps, 'rules' | 'shippedAssessments'>,
  frameworkId: string,
  scope: { tenantId: TenantId; contextId?: ContextId },
): Promise<{ assessments: Assessment[]; isDefault: boolean } | undefined> {
  const set = deps.shippedAssessments(frameworkId);
  if (!set) return undefined;
  const overrides = await deps.rules.inForce(scope.tenantId, scope.contextId);
  return {
    isDefault: set.isDefault && !overrides.some((o) => o.rule !== null),
    assessments: effectiveAssessments(set.assessments, overrides, scope.contextId),
  };
}
