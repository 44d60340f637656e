import type { Framework } from '../domain/framework/framework';
import { FrameworkVersionChanged } from '../domain/framework/framework-errors';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/**
 * A content manager imports a framework (already read and checked) and the organisation uses it from now on. A
 * version already loaded with other content is refused (records made against it must keep their meaning).
 */
export async function importFramework(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  input: { by: AuditPerson; framework: Framework },
): Promise<'imported' | { versionChanged: { framework: string; version: string } }> {
  let loaded: { added: string[] };
  try {
    loaded = await deps.frameworks.load([input.framework], 'import');
  } catch (err) {
    if (!(err instanceof FrameworkVersionChanged)) throw err;
    return { versionChanged: { framework: err.framework, version: err.version } };
  }
  // The organisation's change is the choice: the audit row goes with it. The version, once loaded, is shared and
  // never rewritten (`added` says whether this import loaded it, or found the same content loaded).
  await deps.frameworks.chooseForTenant(input.by.tenantId, input.framework.id, {
    by: input.by,
    action: 'framework.imported',
    subject: `${input.framework.id}@${input.framework.version}`,
    details: { added: loaded.added.length > 0 },
  });
  return 'imported';
}
