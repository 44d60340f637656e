import type { TenantId } from '../shared/ids';
import type { Verdict } from '../domain/assessment/eligibility';
import type { UseCaseDeps } from './deps';
import type { ModuleReference } from './ports';

/** The modules that verdicts say are still to complete, each once. */
export function modulesMissingFrom(verdicts: Iterable<Verdict>): string[] {
  const slugs = new Set<string>();
  for (const v of verdicts)
    if (!v.eligible) for (const m of v.missing) if (m.code === 'MODULE_NOT_COMPLETED') slugs.add(m.module);
  return [...slugs];
}

/**
 * How pages name and link the modules they mention (the modules an eligibility rule requires): the tenant's
 * module, else the shipped sample module's title (a rule may name one the tenant does not have), never a bare code
 * unless neither exists.
 */
export async function moduleReferences(
  deps: Pick<UseCaseDeps, 'shippedModules'> & { modules: Pick<UseCaseDeps['modules'], 'references'> },
  tenantId: TenantId,
  slugs: readonly string[],
): Promise<Map<string, ModuleReference>> {
  if (slugs.length === 0) return new Map();
  const found = await deps.modules.references(tenantId, slugs);
  for (const slug of slugs) {
    if (found.has(slug)) continue;
    const shipped = deps.shippedModules().find((m) => m.slug === slug);
    if (shipped) found.set(slug, { slug, title: shipped.title, inCatalogue: false, launchable: false });
  }
  return found;
}

/** The modules the verdicts miss, named and linked (one query, none when nothing is missing). */
export function referencesForVerdicts(
  deps: Parameters<typeof moduleReferences>[0],
  tenantId: TenantId,
  verdicts: Iterable<Verdict>,
): Promise<Map<string, ModuleReference>> {
  return moduleReferences(deps, tenantId, modulesMissingFrom(verdicts));
}
