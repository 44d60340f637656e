import type { AgencyRollupRow } from '../../domain/agency/agency-report';
import type { TenantId } from '../../shared/ids';
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type { EligibilityCount, RollupRow } from '../../domain/reporting/organisation-report';

/** Reads for the organisation report (tenant rollups kept by the database as entries arrive). */
export interface ReportStore {
  /** Fiscal years (Buddhist era) with hours that count, newest first. */
  fiscalYears(tenantId: TenantId): Promise<FiscalYear[]>;
  organisation(
    tenantId: TenantId,
    fiscalYear: FiscalYear,
  ): Promise<{ rollups: RollupRow[]; headcount: Map<string, number>; eligibility: EligibilityCount[] }>;
  /** The tenant rollup's 70:30 and lecture-share keys (migration 0041) for a fiscal year, per target group. */
  agencyRollups(tenantId: TenantId, fiscalYear: FiscalYear): Promise<AgencyRollupRow[]>;
}
