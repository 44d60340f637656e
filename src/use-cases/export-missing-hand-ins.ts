import { handInStatus, type HandInStatus } from '../domain/development/signed-self-assessment';
import { fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';
import type { HandInDeadline, HandInQuery, HandInRow } from './ports/hand-ins';

/** More than any organisation holds: the CSV is every expected person who has not handed in, in one read. */
const ALL = 1_000_000;

/**
 * Who has not handed in the signed self-assessment of a fiscal year (for HR to chase), within the page's group and
 * search, in name order, each as not yet or overdue.
 */
export async function exportMissingHandIns(
  deps: Pick<UseCaseDeps, 'handIns' | 'frameworks' | 'today'>,
  input: { tenantId: TenantId; fiscalYear?: FiscalYear; query: HandInQuery },
): Promise<{
  framework: StoredFramework;
  fiscalYear: FiscalYear;
  deadline?: HandInDeadline;
  rows: Array<HandInRow & { status: HandInStatus }>;
}> {
  const today = deps.today();
  const fiscalYear = input.fiscalYear ?? fiscalYearOf(today);
  const [framework, deadline] = await Promise.all([
    deps.frameworks.forTenant(input.tenantId),
    deps.handIns.deadline(input.tenantId, fiscalYear),
  ]);
  const list = await deps.handIns.list(input.tenantId, fiscalYear, input.query, {
    filter: 'notYet',
    offset: 0,
    limit: ALL,
  });
  return {
    framework,
    fiscalYear,
    deadline,
    rows: list.rows.map((r) => ({ ...r, status: handInStatus({ deadline: deadline?.deadline, today }) })),
  };
}
