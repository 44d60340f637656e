import type { TenantId } from '../shared/ids';
import { agencyReport, type AgencyReport } from '../domain/agency/agency-report';
import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import type { UseCaseDeps } from './deps';

/**
 * The organisation report's 70:30 split and lecture-heavy training per target group for a fiscal year (issue #18
 * items 8 and 9), from the tenant rollup. Kept apart from getOrganisationReport, which the page calls beside it.
 * The rollup keeps these figures for the record as it counts now; the report "as of" a past day is folded from the
 * ledger without them (ROLLUPS_AS_OF), so for a past day (`isToday` false) there are none: undefined, not zeros.
 */
export async function getAgencyReport(
  deps: Pick<UseCaseDeps, 'frameworks' | 'reports'>,
  input: { tenantId: TenantId; fiscalYear: FiscalYear; isToday?: boolean },
): Promise<AgencyReport | undefined> {
  if (input.isToday === false) return undefined;
  const [stored, rows] = await Promise.all([
    deps.frameworks.forTenant(input.tenantId),
    deps.reports.agencyRollups(input.tenantId, input.fiscalYear),
  ]);
  return agencyReport(
    rows,
    stored.framework.targetGroups.map((g) => g.code),
  );
}
