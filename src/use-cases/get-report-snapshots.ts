import type { SnapshotId, TenantId } from '../shared/ids';
import type { Framework } from '../domain/framework/framework';
import type { Assessment } from '../domain/assessment/eligibility';
import type { OrganisationReport } from '../domain/reporting/organisation-report';
import type { AgencyReport } from '../domain/agency/agency-report';
import {
  agencyOfSnapshot,
  compareSnapshots,
  reportOfSnapshot,
  type SnapshotComparison,
} from '../domain/reporting/report-snapshot';
import { assessmentsInForce } from './assessments-in-force';
import type { UseCaseDeps } from './deps';
import type { Snapshot, SnapshotSummary } from './ports';

type SnapshotDeps = Pick<
  UseCaseDeps,
  'snapshots' | 'frameworks' | 'rules' | 'shippedAssessments' | 'counting' | 'today'
>;

/** The organisation's snapshots, newest first. */
export async function listReportSnapshots(
  deps: Pick<UseCaseDeps, 'snapshots'>,
  tenantId: TenantId,
): Promise<SnapshotSummary[]> {
  return deps.snapshots.list(tenantId);
}

/** The names a snapshot's codes are shown with: the organisation's framework and assessments of today. */
async function namesOf(
  deps: SnapshotDeps,
  tenantId: TenantId,
): Promise<{ f: Framework; assessments: Assessment[] }> {
  const f = (await deps.frameworks.forTenant(tenantId)).framework;
  const assessments = (await assessmentsInForce(deps, f.id, { tenantId }))?.assessments ?? [];
  return { f, assessments };
}

/** One snapshot, as it was taken, with its report. */
export async function getReportSnapshot(
  deps: SnapshotDeps,
  tenantId: TenantId,
  id: SnapshotId,
): Promise<
  | {
      snapshot: Snapshot;
      report: OrganisationReport;
      /** The 70:30 and lecture-share figures; undefined in a snapshot taken before snapshots kept them. */
      agency?: AgencyReport;
      f: Framework;
      assessments: Assessment[];
    }
  | undefined
> {
  const snapshot = await deps.snapshots.get(tenantId, id);
  if (!snapshot) return undefined;
  const agency = agencyOfSnapshot(snapshot.figures);
  return {
    snapshot,
    report: reportOfSnapshot(snapshot.figures),
    ...(agency ? { agency } : {}),
    ...(await namesOf(deps, tenantId)),
  };
}

/** Two snapshots side by side, the earlier (as of its date, then taken first) on the left. */
export async function compareReportSnapshots(
  deps: SnapshotDeps,
  tenantId: TenantId,
  ids: [SnapshotId, SnapshotId],
): Promise<
  | {
      earlier: Snapshot;
      later: Snapshot;
      comparison: SnapshotComparison;
      f: Framework;
      assessments: Assessment[];
    }
  | undefined
> {
  const [a, b] = await Promise.all(ids.map((id) => deps.snapshots.get(tenantId, id)));
  if (!a || !b) return undefined;
  const aFirst = a.asOf < b.asOf || (a.asOf === b.asOf && a.takenAt <= b.takenAt);
  const [earlier, later] = aFirst ? [a, b] : [b, a];
  return {
    earlier,
    later,
    comparison: compareSnapshots(reportOfSnapshot(earlier.figures), reportOfSnapshot(later.figures), {
      earlier: agencyOfSnapshot(earlier.figures),
      later: agencyOfSnapshot(later.figures),
    }),
    ...(await namesOf(deps, tenantId)),
  };
}
