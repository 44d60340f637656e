import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { AuditAction, AuditRow } from './ports/audit';

/** The most rows one export holds (the newest); the file says when it was cut there. */
export const AUDIT_EXPORT_LIMIT = 50_000;

/** An administrator exports the organisation's audit log (as filtered on the page), newest first. */
export async function exportAuditLog(
  deps: Pick<UseCaseDeps, 'audit'>,
  input: { tenantId: TenantId; action?: AuditAction; personId?: PersonId },
): Promise<{ rows: AuditRow[]; truncated: boolean }> {
  const { rows, count } = await deps.audit.list(
    input.tenantId,
    { action: input.action, personId: input.personId },
    { offset: 0, limit: AUDIT_EXPORT_LIMIT },
  );
  return { rows, truncated: count > rows.length };
}
