import { filterModules, pageOf, type PageSlice } from '../domain/catalogue/module-filter';
import { skillSetsForGroup } from '../domain/learning-record/development-targets';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { openCatalogue, type OpenCatalogueDeps } from './open-catalogue';
import type { ModuleSummary, StoredFramework } from './ports';

export type FindModulesDeps = OpenCatalogueDeps & Pick<UseCaseDeps, 'developmentTargets'>;

/** What a person searches the catalogue for; a skill set or target group the framework does not have is ignored. */
export interface ModuleSearch {
  /** Words in the Thai or English title. */
  q?: string;
  skillSet?: string;
  /** A target group: modules crediting any skill set its development targets name. */
  group?: string;
  lang?: 'th' | 'en';
  category?: 70 | 20 | 10;
  status?: 'draft' | 'published';
}

/**
 * The catalogue page's and the Deep Linking picker's search: the tenant's modules that match, a page of them
 * when asked (a page past the end shows the last one), and the filter as applied.
 */
export async function findModules(
  deps: FindModulesDeps,
  input: { tenantId: TenantId; search: ModuleSearch; page?: { number: number; size: number } },
): Promise<{
  framework: StoredFramework;
  /** Every module of the catalogue, matching or not. */
  total: number;
  found: PageSlice<ModuleSummary>;
  applied: { skillSet?: string; group?: string };
}> {
  const { framework, modules } = await openCatalogue(deps, input.tenantId);
  const f = framework.framework;
  const { search } = input;
  const skillSet = f.skillSets.some((s) => s.code === search.skillSet) ? search.skillSet : undefined;
  const group = f.targetGroups.some((g) => g.code === search.group) ? search.group : undefined;
  const targets = deps.developmentTargets.get(f.id);
  const matching = filterModules(modules, {
    q: search.q,
    skillSet,
    groupSkillSets: group && targets ? new Set(skillSetsForGroup(targets, f, group)) : undefined,
    lang: search.lang,
    category: search.category,
    status: search.status,
  });
  const page = input.page ?? { number: 1, size: Math.max(1, matching.length) };
  return {
    framework,
    total: modules.length,
    found: pageOf(matching, page.number, page.size),
    applied: { skillSet, group },
  };
}
