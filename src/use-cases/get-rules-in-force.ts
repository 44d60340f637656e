import type { TenantId, ContextId } from '../shared/ids';
import type { Assessment } from '../domain/assessment/eligibility';
import { effectiveAssessments, type RuleOverride, type RuleSource } from '../domain/assessment/rule-editing';
import { overridesIn } from '../domain/assessment/rules-across-frameworks';
import type { Framework } from '../domain/framework/framework';
import type { UseCaseDeps } from './deps';

export interface RulesInForce {
  f: Framework;
  /** The framework's shipped assessments, before any edit. */
  shipped: Assessment[];
  /** The organisation's edits and, when the editor launched in a course, that course's. */
  overrides: RuleOverride[];
  /** The rules in force where the edit applies (the course when `contextId` is given), with where each comes from. */
  inForce: Array<Assessment & { sources: Record<string, RuleSource> }>;
  /** The organisation's rules, which a course may only narrow. */
  organisation: Array<Assessment & { sources: Record<string, RuleSource> }>;
}

/** The assessment rules as an editor sees them: shipped, edited by the organisation and by the course. */
export async function getRulesInForce(
  deps: Pick<UseCaseDeps, 'frameworks' | 'rules' | 'shippedAssessments' | 'counting'>,
  input: { tenantId: TenantId; launchContextId?: ContextId; contextId?: ContextId },
): Promise<RulesInForce> {
  const stored = await deps.frameworks.forTenant(input.tenantId);
  const shipped = deps.shippedAssessments(stored.framework.id)?.assessments ?? [];
  // Edits written while the organisation used another framework, read through the crosswalk's equivalences (as
  // eligibility reads them: assessments-in-force.ts).
  const overrides = overridesIn(
    deps.counting(stored.framework.id),
    await deps.rules.inForce(input.tenantId, input.launchContextId),
  );
  return {
    f: stored.framework,
    shipped,
    overrides,
    inForce: effectiveAssessments(shipped, overrides, input.contextId),
    organisation: effectiveAssessments(shipped, overrides, undefined),
  };
}
