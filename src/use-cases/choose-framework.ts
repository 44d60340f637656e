import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/** A content manager chooses one of the loaded frameworks for the organisation; `unknown` when none has that code. */
export async function chooseFramework(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  input: { by: AuditPerson; code: string },
): Promise<'chosen' | 'unknown'> {
  if (!(await deps.frameworks.latest(input.code))) return 'unknown';
  await deps.frameworks.chooseForTenant(input.by.tenantId, input.code, {
    by: input.by,
    action: 'framework.chosen',
    subject: input.code,
  });
  return 'chosen';
}
