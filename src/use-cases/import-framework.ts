import type { Framework } from '../domain/framework/framework';
import { FrameworkVersionChanged } from '../domain/framework/framework-errors';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

export type ImportOutcome =
  /**
   * Loaded (or found loaded with the same content). `inUse`: it is a version of the framework the organisation
   * uses, whose newest version applies; otherwise nothing the organisation uses has changed.
   */
  | { imported: { id: string; version: string; added: boolean; inUse: boolean } }
  | { versionChanged: { framework: string; version: string } };

/**
 * A content manager imports a framework (already read and checked): it is added beside the others, and the
 * organisation keeps the framework it uses. Choosing the imported one is an administrator's separate step, after
 * the preview of what it changes (preview-framework-choice.ts, choose-framework.ts). A version already loaded
 * with other content is refused (records made against it must keep their meaning). Audited with the load.
 */
export async function importFramework(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  input: { by: AuditPerson; framework: Framework },
): Promise<ImportOutcome> {
  const { framework: f } = input;
  const inUse = (await deps.frameworks.forTenant(input.by.tenantId)).framework.id === f.id;
  let loaded: { added: string[] };
  try {
    loaded = await deps.frameworks.load([f], 'import', {
      by: input.by,
      action: 'framework.imported',
      subject: `${f.id}@${f.version}`,
      details: { inUse },
    });
  } catch (err) {
    if (!(err instanceof FrameworkVersionChanged)) throw err;
    return { versionChanged: { framework: err.framework, version: err.version } };
  }
  return { imported: { id: f.id, version: f.version, added: loaded.added.length > 0, inUse } };
}
