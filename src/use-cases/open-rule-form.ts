import { ruleFor, type Assessment } from '../domain/assessment/eligibility';
import { ruleFormValues } from '../domain/assessment/rule-editing';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { ModuleSummary } from './ports';

/**
 * An administrator opens the rule of an assessment for a target group: the form starts from the rule in force
 * (a group without a rule of its own follows the '*' rule), and offers the organisation's modules (each at its
 * newest version) to require.
 */
export async function openRuleForm(
  deps: Pick<UseCaseDeps, 'modules'>,
  input: { tenantId: TenantId; assessment: Assessment; group: string },
): Promise<{ modules: ModuleSummary[]; current: { fields: Record<string, string>; modules: string[] } }> {
  return {
    modules: await deps.modules.listLatest(input.tenantId),
    current: ruleFormValues(ruleFor(input.assessment, input.group)),
  };
}
