import type { TenantId } from '../shared/ids';
import { countSkillHours } from '../domain/framework/crosswalk-counting';
import type { UseCaseDeps } from './deps';
import { crosswalksOf, type FrameworkCrosswalks } from './get-frameworks';
import { openCatalogue, type OpenCatalogueDeps } from './open-catalogue';
import type { ModuleSummary, StoredFramework } from './ports';

/**
 * The coverage matrix's data: the catalogue with each module's mappings as they count towards the organisation's
 * framework (a module mapped to the other framework counts through the crosswalk), and the crosswalk counterparts
 * of the framework's skill sets for the matrix's second header row.
 */
export async function getMatrix(
  deps: OpenCatalogueDeps & Pick<UseCaseDeps, 'counting' | 'crosswalks'>,
  tenantId: TenantId,
): Promise<{ framework: StoredFramework; modules: ModuleSummary[]; crosswalks: FrameworkCrosswalks }> {
  const [{ framework, modules }, all] = await Promise.all([
    openCatalogue(deps, tenantId),
    deps.frameworks.listLatest(),
  ]);
  const counting = deps.counting(framework.framework.id);
  return {
    framework,
    modules: modules.map((m) => ({ ...m, mappings: countSkillHours(counting, m.mappings) })),
    crosswalks: crosswalksOf(
      deps,
      framework.framework,
      all.map((s) => s.framework),
    ),
  };
}
