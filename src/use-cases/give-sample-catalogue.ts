import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';

/**
 * Gives a tenant the sample catalogue (mapped to its framework), once: a new agency starts with modules a learner
 * can take and a trainer can adapt, and eligibility rules that require a sample module can name and link it.
 * Called when the tenant is first seen (its first launch); a later call does nothing.
 */
export async function giveSampleCatalogue(
  deps: Pick<UseCaseDeps, 'modules' | 'frameworks' | 'sampleCatalogue'>,
  tenantId: TenantId,
): Promise<{ framework: StoredFramework; added: number }> {
  const framework = await deps.frameworks.forTenant(tenantId);
  const added = await deps.modules.seedCatalogue(tenantId, framework.id, deps.sampleCatalogue(framework));
  return { framework, added };
}
