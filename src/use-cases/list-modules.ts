import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { ModuleSummary } from './ports';

/** The organisation's modules, each at its newest version (draft or published). */
export function listModules(
  deps: Pick<UseCaseDeps, 'modules'>,
  tenantId: TenantId,
): Promise<ModuleSummary[]> {
  return deps.modules.listLatest(tenantId);
}
