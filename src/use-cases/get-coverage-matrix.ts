import { coverage, uncovered, type Coverage } from '../domain/catalogue/coverage';
import { skillSetsForGroup } from '../domain/learning-record/development-targets';
import type { TenantId } from '../shared/ids';
import type { FindModulesDeps } from './find-modules';
import type { UseCaseDeps } from './deps';
import type { FrameworkCrosswalks } from './get-frameworks';
import { getMatrix } from './get-matrix';
import type { ModuleSummary, StoredFramework } from './ports';

/**
 * How the tenant's catalogue covers its framework: hours per module and skill set, and, for a target group of
 * the framework, the skill sets its development targets name and those no published module covers (the gaps).
 */
export async function getCoverageMatrix(
  deps: FindModulesDeps & Pick<UseCaseDeps, 'counting' | 'crosswalks'>,
  input: { tenantId: TenantId; group?: string },
): Promise<{
  framework: StoredFramework;
  modules: ModuleSummary[];
  coverage: Coverage;
  /** The target group asked for, when the framework has it. */
  group?: string;
  /** Its skill sets, in the framework's order (none without a group or targets). */
  groupSkillSets: string[];
  gaps: string[];
  targetsAreDefaults: boolean;
  /** The crosswalk counterparts of the framework's skill sets (the matrix's second header row). */
  crosswalks: FrameworkCrosswalks;
}> {
  // Each module's mappings as they count towards the organisation's framework (through the crosswalk).
  const { framework, modules, crosswalks } = await getMatrix(deps, input.tenantId);
  const f = framework.framework;
  const c = coverage(
    modules,
    f.skillSets.map((s) => s.code),
  );
  const targets = deps.developmentTargets.get(f.id);
  const group = f.targetGroups.find((g) => g.code === input.group)?.code;
  const groupSkillSets = group && targets ? skillSetsForGroup(targets, f, group) : [];
  return {
    framework,
    modules,
    coverage: c,
    group,
    groupSkillSets,
    gaps: group ? uncovered(c, groupSkillSets) : [],
    targetsAreDefaults: targets?.isDefault ?? false,
    crosswalks,
  };
}
