import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { giveSampleCatalogue } from './give-sample-catalogue';
import type { ModuleSummary, StoredFramework } from './ports';

/** What opening the catalogue needs (the module player and the launch give it too). */
export type OpenCatalogueDeps = Pick<UseCaseDeps, 'modules' | 'frameworks' | 'sampleCatalogue'>;

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
