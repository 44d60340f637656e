import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { AuditAction, AuditRow } from './ports/audit';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditLogPage {
  rows: AuditRow[];
  /** The page shown (the last one when asked for one past the end), of `pages`, and how many rows match. */
  page: number;
  pages: number;
  count: number;
  /** The people who appear as authors, for the filter. */
  actors: Array<{ personId: PersonId; name?: string; platformUserId: string }>;
}

/** An administrator reads the organisation's audit log: newest first, by action and by author, a page at a time. */
export async function getAuditLog(
  deps: Pick<UseCaseDeps, 'audit'>,
  input: { tenantId: TenantId; action?: AuditAction; personId?: PersonId; page: number },
): Promise<AuditLogPage> {
  const filter = { action: input.action, personId: input.personId };
  const read = (page: number) =>
    deps.audit.list(input.tenantId, filter, {
      offset: (page - 1) * AUDIT_PAGE_SIZE,
      limit: AUDIT_PAGE_SIZE,
    });
  const [first, actors] = await Promise.all([read(input.page), deps.audit.actors(input.tenantId)]);
  const pages = Math.max(1, Math.ceil(first.count / AUDIT_PAGE_SIZE));
  // A page past the end (the log filtered further, an old link) shows the last one.
  const page = Math.min(input.page, pages);
  const { rows, count } = page === input.page ? first : await read(page);
  return { rows, page, pages, count, actors };
}
