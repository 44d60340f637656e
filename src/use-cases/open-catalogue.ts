import type { TenantId } from '../shared/ids';
import type {
  CatalogueModule,
  FrameworkStore,
  ModuleReference,
  ModuleStore,
  ModuleSummary,
  StoredFramework,
} from './ports';

export interface OpenCatalogueDeps {
  modules: ModuleStore;
  frameworks: FrameworkStore;
  /** The shipped sample modules, checked against the given framework. */
  sampleCatalogue(framework: StoredFramework): CatalogueModule[];
}

/**
 * Gives a tenant the sample catalogue (mapped to its framework), once: a new agency starts with modules a learner
 * can take and a trainer can adapt, and eligibility rules that require a sample module can name and link it.
 * Called when the tenant is first seen (its first launch); a later call does nothing.
 */
export async function giveSampleCatalogue(
  deps: OpenCatalogueDeps,
  tenantId: TenantId,
): Promise<{ framework: StoredFramework; added: number }> {
  const framework = await deps.frameworks.forTenant(tenantId);
  const added = await deps.modules.seedCatalogue(tenantId, framework.id, deps.sampleCatalogue(framework));
  return { framework, added };
}

/**
 * The tenant's module catalogue. The sample catalogue is given at the tenant's first launch; it is given here too
 * should that have failed (a no-op once given).
 */
export async function openCatalogue(
  deps: OpenCatalogueDeps,
  tenantId: TenantId,
): Promise<{ framework: StoredFramework; modules: ModuleSummary[] }> {
  const { framework } = await giveSampleCatalogue(deps, tenantId);
  return { framework, modules: await deps.modules.listLatest(tenantId) };
}

/**
 * How pages name and link the modules they mention (the modules an eligibility rule requires): the tenant's
 * module, else the shipped sample module's title (a rule may name one the tenant does not have), never a bare code
 * unless neither exists.
 */
export async function moduleReferences(
  deps: { modules: Pick<ModuleStore, 'references'>; shipped: () => readonly CatalogueModule[] },
  tenantId: TenantId,
  slugs: readonly string[],
): Promise<Map<string, ModuleReference>> {
  if (slugs.length === 0) return new Map();
  const found = await deps.modules.references(tenantId, slugs);
  for (const slug of slugs) {
    if (found.has(slug)) continue;
    const shipped = deps.shipped().find((m) => m.slug === slug);
    if (shipped) found.set(slug, { slug, title: shipped.title, inCatalogue: false, launchable: false });
  }
  return found;
}
