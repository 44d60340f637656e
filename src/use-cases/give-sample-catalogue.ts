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

/**
 * The sample catalogue given at an organisation's first launch, before any page reads it. A failure is logged,
 * not the launch's: the catalogue pages give it again (open-catalogue.ts).
 */
export async function giveSampleCatalogueAtFirstLaunch(
  deps: Pick<UseCaseDeps, 'modules' | 'frameworks' | 'sampleCatalogue' | 'logger'>,
  tenantId: TenantId,
): Promise<void> {
  try {
    await giveSampleCatalogue(deps, tenantId);
  } catch (err) {
    deps.logger.warn({ err, event: 'catalogue.seed_failed', tenantId }, 'sample catalogue not given');
  }
}
