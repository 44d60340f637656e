import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { getOrganisationReport, type OrganisationReportView } from './get-organisation-report';

/**
 * An administrator's home: the organisation in the current fiscal year, as the organisation report reads it
 * (rollups, never entries), for its headline numbers and a chart.
 */
export async function getAdminHome(
  deps: Pick<UseCaseDeps, 'frameworks' | 'reports' | 'rules' | 'shippedAssessments' | 'counting' | 'today'>,
  input: { tenantId: TenantId },
): Promise<OrganisationReportView> {
  const report = await getOrganisationReport(deps, { tenantId: input.tenantId });
  // Only an "as of" day can be refused, and home asks for today's figures.
  if ('problem' in report) throw new Error(`the organisation report refused today: ${report.problem}`);
  return report;
}
