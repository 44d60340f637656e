import type { TenantId } from '../shared/ids';
import { rulesAcross, type RuleAcross } from '../domain/assessment/rules-across-frameworks';
import type { RuleOverride } from '../domain/assessment/rule-editing';
import { countedSkillSet } from '../domain/framework/crosswalk-counting';
import type { Framework } from '../domain/framework/framework';
import type { UseCaseDeps } from './deps';

/** What moving the organisation from its framework to another changes, for the administrator to confirm. */
export interface FrameworkChoicePreview {
  from: Framework;
  to: Framework;
  /** Each skill set of the framework in use, and the one of the other its recorded hours count towards, if any. */
  skillSets: Array<{ code: string; towards?: string }>;
  /** Every rule edit in force (organisation and courses), read in the other framework. */
  rules: Array<RuleAcross<RuleOverride & { courseTitle?: string }>>;
  /** Target groups people chose that the other framework does not have, with how many chose each. */
  targetGroups: Array<{ code: string; people: number }>;
}

/**
 * The administrator's preview of a change of framework (issue #18 item 6): how the hours already recorded will
 * count, which edited eligibility rules read through the crosswalk and which cannot be read (listed to be fixed),
 * and whose target group the other framework does not have. Nothing is changed or deleted by the move itself.
 */
export async function previewFrameworkChoice(
  deps: Pick<UseCaseDeps, 'frameworks' | 'rules' | 'counting' | 'shippedAssessments'>,
  input: { tenantId: TenantId; code: string },
): Promise<FrameworkChoicePreview | 'unknown'> {
  const [current, chosen, overrides, groupsInUse] = await Promise.all([
    deps.frameworks.forTenant(input.tenantId),
    deps.frameworks.latest(input.code),
    deps.rules.inForceEverywhere(input.tenantId),
    deps.frameworks.targetGroupsInUse(input.tenantId),
  ]);
  if (!chosen) return 'unknown';
  const from = current.framework;
  const to = chosen.framework;
  const counting = deps.counting(to.id);
  const toSkillSets = new Set(to.skillSets.map((s) => s.code));
  const toGroups = new Set(to.targetGroups.map((g) => g.code));
  const read = rulesAcross(counting, overrides, {
    assessments: new Set((deps.shippedAssessments(to.id)?.assessments ?? []).map((a) => a.code)),
    targetGroups: toGroups,
  });
  return {
    from,
    to,
    skillSets: from.skillSets.map((s) => {
      const towards = countedSkillSet(counting, s.code);
      return toSkillSets.has(towards) ? { code: s.code, towards } : { code: s.code };
    }),
    rules: read,
    targetGroups: [...groupsInUse]
      .filter(([code]) => !toGroups.has(code))
      .map(([code, people]) => ({ code, people })),
  };
}
