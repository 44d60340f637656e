import type { TenantId } from '../shared/ids';
import type { ModuleContent } from '../domain/catalogue/learning-module';
import type { UseCaseDeps } from './deps';
import { openCatalogue } from './open-catalogue';
import type { ModuleSummary, StoredFramework } from './ports';

/**
 * What the authoring form starts from: the organisation's framework and, for an edit, the module's newest
 * version (draft or published); `notFound` when the organisation has no module `slug`.
 */
export async function getModuleForEditing(
  deps: Pick<UseCaseDeps, 'modules' | 'frameworks' | 'sampleCatalogue'>,
  input: { tenantId: TenantId; slug?: string },
): Promise<
  { framework: StoredFramework; existing?: { summary: ModuleSummary; content: ModuleContent } } | 'notFound'
> {
  const { framework } = await openCatalogue(deps, input.tenantId);
  if (input.slug === undefined) return { framework };
  const existing = await deps.modules.getLatest(input.tenantId, input.slug);
  return existing ? { framework, existing } : 'notFound';
}
