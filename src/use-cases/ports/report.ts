import type { AgencyRollupRow } from '../../domain/agency/agency-report';
import type { SnapshotId, TenantId } from '../../shared/ids';
import type { SnapshotFigures } from '../../domain/reporting/report-snapshot';
import type { AuditEntry } from './audit';
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type { EligibilityCount, RollupRow } from '../../domain/reporting/organisation-report';

/** Reads for the organisation report (tenant rollups kept by the database as entries arrive). */
export interface ReportStore {
  /** Fiscal years (Buddhist era) with hours that count, newest first. */
  fiscalYears(tenantId: TenantId): Promise<FiscalYear[]>;
  /**
   * The report's figures for a fiscal year: as they count now (the rollups), or, given `asOf` (ISO, within the
   * year), as the record stood at the end of that day (Bangkok time; the dated journal of migration 0053). With the
   * 70:30 and lecture-share keys (`agency`) of the same moment.
   */
  organisation(
    tenantId: TenantId,
    fiscalYear: FiscalYear,
    asOf?: string,
  ): Promise<{
    rollups: RollupRow[];
    agency: AgencyRollupRow[];
    headcount: Map<string, number>;
    eligibility: EligibilityCount[];
  }>;
  /** The tenant rollup's 70:30 and lecture-share keys (migration 0041) for a fiscal year, per target group. */
  agencyRollups(tenantId: TenantId, fiscalYear: FiscalYear): Promise<AgencyRollupRow[]>;
}

/** A snapshot as listed, without its figures. */
export interface SnapshotSummary {
  id: SnapshotId;
  title: string;
  fiscalYear: FiscalYear;
  asOf: string;
  frameworkCode: string;
  takenAt: Date;
  takenByName?: string;
}

export interface Snapshot extends SnapshotSummary {
  figures: SnapshotFigures;
}

/**
 * The committee's snapshots of the organisation report (issue #18 item 10): written once, never changed (the
 * database refuses an UPDATE, migration 0043), read back as they were written.
 */
export interface SnapshotStore {
  /** Stores a snapshot and its audit row in one transaction; returns its id. */
  take(
    snapshot: Omit<SnapshotSummary, 'id' | 'takenAt' | 'takenByName'> & { figures: SnapshotFigures },
    audit: AuditEntry,
  ): Promise<SnapshotId>;
  /** The organisation's snapshots, newest first. */
  list(tenantId: TenantId): Promise<SnapshotSummary[]>;
  get(tenantId: TenantId, id: SnapshotId): Promise<Snapshot | undefined>;
}
