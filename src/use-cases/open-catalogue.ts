import type { CatalogueModule, FrameworkStore, ModuleStore, ModuleSummary, StoredFramework } from './ports';

export interface OpenCatalogueDeps {
  modules: ModuleStore;
  frameworks: FrameworkStore;
  /** The shipped sample modules, checked against the given framework. */
  sampleCatalogue(framework: StoredFramework): CatalogueModule[];
}

/**
 * An instructor opens the tenant's module catalogue. The first time, the tenant is given the sample catalogue
 * (mapped to its framework), so that a new agency starts with something a trainer can use and adapt.
 */
export async function openCatalogue(
  deps: OpenCatalogueDeps,
  tenantId: number,
): Promise<{ framework: StoredFramework; modules: ModuleSummary[] }> {
  const framework = await deps.frameworks.forTenant(tenantId);
  await deps.modules.seedCatalogue(tenantId, framework.id, deps.sampleCatalogue(framework));
  return { framework, modules: await deps.modules.listLatest(tenantId) };
}
