import type { PersonId, SnapshotId, TenantId } from '../shared/ids';
import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import { snapshotFigures } from '../domain/reporting/report-snapshot';
import {
  getOrganisationReport,
  type AsOfProblem,
  type OrganisationReportDeps,
} from './get-organisation-report';
import type { UseCaseDeps } from './deps';
import type { LmsOrigin } from './ports/audit';

/**
 * An administrator saves the organisation report as a dated snapshot for the committee (issue #18 item 10): the
 * figures as of a day, its title, when and by whom; never changed afterwards. Audited.
 */
export async function takeReportSnapshot(
  deps: OrganisationReportDeps & Pick<UseCaseDeps, 'snapshots'>,
  who: { tenantId: TenantId; personId: PersonId; lms: LmsOrigin },
  input: { title: string; fiscalYear?: FiscalYear; asOf?: string },
): Promise<{ id: SnapshotId } | { problem: AsOfProblem }> {
  const view = await getOrganisationReport(deps, {
    tenantId: who.tenantId,
    ...(input.fiscalYear !== undefined ? { fiscalYear: input.fiscalYear } : {}),
    ...(input.asOf !== undefined ? { asOf: { iso: input.asOf } } : {}),
  });
  if ('problem' in view) return view;
  const id = await deps.snapshots.take(
    {
      title: input.title,
      fiscalYear: view.fiscalYear,
      asOf: view.asOf,
      frameworkCode: view.f.id,
      figures: snapshotFigures(view.report, view.agency),
    },
    {
      by: who,
      action: 'report.snapshot_taken',
      subject: 'snapshot',
      details: { title: input.title, fiscalYear: view.fiscalYear, asOf: view.asOf },
    },
  );
  return { id };
}
