import type { TenantId } from '../shared/ids';
import type { Assessment } from '../domain/assessment/eligibility';
import type { Framework } from '../domain/framework/framework';
import { countRollups } from '../domain/framework/crosswalk-counting';
import { fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import { organisationReport, type OrganisationReport } from '../domain/reporting/organisation-report';
import { assessmentsInForce } from './assessments-in-force';
import type { UseCaseDeps } from './deps';

/**
 * The organisation report across every course of the tenant, for one Thai fiscal year (this one when none is
 * asked), with the years that have records to choose from.
 */
export async function getOrganisationReport(
  deps: Pick<UseCaseDeps, 'frameworks' | 'reports' | 'rules' | 'shippedAssessments' | 'counting' | 'today'>,
  input: { tenantId: TenantId; fiscalYear?: FiscalYear },
): Promise<{
  f: Framework;
  assessments: Assessment[];
  fiscalYear: FiscalYear;
  choices: FiscalYear[];
  report: OrganisationReport;
}> {
  const { tenantId } = input;
  const stored = await deps.frameworks.forTenant(tenantId);
  const f = stored.framework;
  const assessments = (await assessmentsInForce(deps, f.id, { tenantId }))?.assessments ?? [];
  const current = fiscalYearOf(deps.today());
  const years = await deps.reports.fiscalYears(tenantId);
  const fiscalYear = input.fiscalYear ?? current;
  const data = await deps.reports.organisation(tenantId, fiscalYear);
  // Hours recorded with another framework's codes (modules mapped to it) count through the crosswalk.
  const rollups = countRollups(deps.counting(f.id), data.rollups, (r) => `${r.targetGroup}/${r.category}`);
  const report = organisationReport({
    ...data,
    rollups,
    groups: f.targetGroups.map((g) => g.code),
    skillSets: f.skillSets.map((s) => s.code),
    assessments: assessments.map((a) => a.code),
  });
  const choices = [...new Set([current, fiscalYear, ...years])].sort((a, b) => b - a);
  return { f, assessments, fiscalYear, choices, report };
}
