import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';

/** The organisation's framework and every loaded framework it could choose instead (newest version of each). */
export async function getFrameworks(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  tenantId: TenantId,
): Promise<{ current: StoredFramework; all: StoredFramework[] }> {
  const current = await deps.frameworks.forTenant(tenantId);
  const all = await deps.frameworks.listLatest();
  return { current, all };
}
