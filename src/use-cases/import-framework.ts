import type { TenantId } from '../shared/ids';
import type { Framework } from '../domain/framework/framework';
import { FrameworkVersionChanged } from '../domain/framework/framework-errors';
import type { UseCaseDeps } from './deps';

/**
 * A content manager imports a framework (already read and checked) and the organisation uses it from now on. A
 * version already loaded with other content is refused (records made against it must keep their meaning).
 */
export async function importFramework(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  input: { tenantId: TenantId; framework: Framework },
): Promise<'imported' | { versionChanged: { framework: string; version: string } }> {
  try {
    await deps.frameworks.load([input.framework], 'import');
  } catch (err) {
    if (!(err instanceof FrameworkVersionChanged)) throw err;
    return { versionChanged: { framework: err.framework, version: err.version } };
  }
  await deps.frameworks.chooseForTenant(input.tenantId, input.framework.id);
  return 'imported';
}
