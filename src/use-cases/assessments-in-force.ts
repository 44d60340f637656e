import type { TenantId, ContextId } from '../shared/ids';
import { effectiveAssessments } from '../domain/assessment/rule-editing';
import { overridesIn } from '../domain/assessment/rules-across-frameworks';
import type { Assessment } from '../domain/assessment/eligibility';
import type { SkillCounting } from '../domain/framework/crosswalk-counting';
import type { EligibilityDeps } from './ports';

/**
 * A framework's assessments with the organisation's and, given one, the course's rule edits in force. Edits
 * written while the organisation used another framework are read through the crosswalk's equivalences; `counting`
 * is how a record's hours count towards this framework, for judging them.
 */
export async function assessmentsInForce(
  deps: Pick<EligibilityDeps, 'rules' | 'shippedAssessments' | 'counting'>,
  frameworkId: string,
  scope: { tenantId: TenantId; contextId?: ContextId },
): Promise<{ assessments: Assessment[]; isDefault: boolean; counting: SkillCounting } | undefined> {
  const set = deps.shippedAssessments(frameworkId);
  if (!set) return undefined;
  const counting = deps.counting(frameworkId);
  const overrides = overridesIn(counting, await deps.rules.inForce(scope.tenantId, scope.contextId));
  return {
    isDefault: set.isDefault && !overrides.some((o) => o.rule !== null),
    assessments: effectiveAssessments(set.assessments, overrides, scope.contextId),
    counting,
  };
}
