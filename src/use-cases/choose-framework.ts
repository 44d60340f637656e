import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';

/** A content manager chooses one of the loaded frameworks for the organisation; `unknown` when none has that code. */
export async function chooseFramework(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  input: { tenantId: TenantId; code: string },
): Promise<'chosen' | 'unknown'> {
  if (!(await deps.frameworks.latest(input.code))) return 'unknown';
  await deps.frameworks.chooseForTenant(input.tenantId, input.code);
  return 'chosen';
}
