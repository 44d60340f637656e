import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { getOrganisationReport } from './get-organisation-report';

/**
 * An administrator's home: the organisation in the current fiscal year, as the organisation report reads it
 * (rollups, never entries), for its headline numbers and a chart.
 */
export async function getAdminHome(
  deps: Pick<UseCaseDeps, 'frameworks' | 'reports' | 'rules' | 'shippedAssessments' | 'today'>,
  input: { tenantId: TenantId },
): Promise<Awaited<ReturnType<typeof getOrganisationReport>>> {
  return getOrganisationReport(deps, { tenantId: input.tenantId });
}
