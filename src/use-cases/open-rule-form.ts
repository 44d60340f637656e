import { ruleFor, type Assessment } from '../domain/assessment/eligibility';
import { ruleFormValues } from '../domain/assessment/rule-editing';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { ModuleSummary } from './ports';
import { officialCodes, type OfficialCodeList } from './official-codes';

/**
 * An administrator opens the rule of an assessment for a target group: the form starts from the rule in force
 * (a group without a rule of its own follows the '*' rule), and offers the organisation's modules (each at its
 * newest version) to require, and the TPQI units and areas a certification may be asked of.
 */
export async function openRuleForm(
  deps: Pick<UseCaseDeps, 'modules' | 'frameworks'>,
  input: { tenantId: TenantId; assessment: Assessment; group: string },
): Promise<{
  modules: ModuleSummary[];
  certifications: OfficialCodeList['tpqi'];
  current: { fields: Record<string, string>; modules: string[] };
}> {
  const [modules, codes] = await Promise.all([
    deps.modules.listLatest(input.tenantId),
    officialCodes(deps, input.tenantId),
  ]);
  return {
    modules,
    certifications: codes.tpqi,
    current: ruleFormValues(ruleFor(input.assessment, input.group)),
  };
}
