import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';

/** The framework the organisation uses (its newest version), as the exports give it. */
export function getFramework(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  tenantId: TenantId,
): Promise<StoredFramework> {
  return deps.frameworks.forTenant(tenantId);
}
