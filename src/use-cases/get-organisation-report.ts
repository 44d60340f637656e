import type { TenantId } from '../shared/ids';
import type { Assessment } from '../domain/assessment/eligibility';
import type { Framework } from '../domain/framework/framework';
import { countRollups } from '../domain/framework/crosswalk-counting';
import { fiscalYearOf, isFiscalYear, type FiscalYear } from '../domain/learning-record/fiscal-year';
import { formatTypedDate, parseTypedDate, type Era, type TypedDateProblem } from '../shared/typed-date';
import { organisationReport, type OrganisationReport } from '../domain/reporting/organisation-report';
import { agencyReport, type AgencyReport } from '../domain/agency/agency-report';
import { assessmentsInForce } from './assessments-in-force';
import type { UseCaseDeps } from './deps';

export type OrganisationReportDeps = Pick<
  UseCaseDeps,
  'frameworks' | 'reports' | 'rules' | 'shippedAssessments' | 'counting' | 'today'
>;

export interface OrganisationReportView {
  f: Framework;
  assessments: Assessment[];
  fiscalYear: FiscalYear;
  choices: FiscalYear[];
  /** The day the figures stand at (ISO): the day asked for, or today. */
  asOf: string;
  /** True when the figures are as they count today (the rollups), false when folded as of a past day. */
  isToday: boolean;
  /** The as-of day and today as people type them in the page's era (day/month/year), for the date field. */
  typed: { asOf: string; today: string };
  report: OrganisationReport;
  /** The 70:30 split and lecture-heavy training per target group (issue #18 items 8 and 9), of the same day. */
  agency: AgencyReport;
}

/** Why an "as of" date was refused: not a date, after today, or in no fiscal year the tool knows. */
export type AsOfProblem = TypedDateProblem | 'AS_OF_IN_FUTURE' | 'AS_OF_OUT_OF_RANGE';

/**
 * The as-of day: ISO (a snapshot form's hidden copy) or as typed in the page's era; refused when it is not a day,
 * is after today, or names no fiscal year.
 */
export function readAsOf(
  today: string,
  asOf: { iso: string } | { typed: string; era: Era },
): { iso: string } | { problem: AsOfProblem } {
  let iso: string;
  if ('iso' in asOf) {
    const again = parseTypedDate(asOf.iso, 'christian');
    if (!again.ok || again.iso !== asOf.iso) return { problem: 'DATE_FORMAT' };
    iso = asOf.iso;
  } else {
    const typed = parseTypedDate(asOf.typed, asOf.era);
    if (!typed.ok) return { problem: typed.problem };
    iso = typed.iso;
  }
  if (iso > today) return { problem: 'AS_OF_IN_FUTURE' };
  if (!isFiscalYear(fiscalYearOf(iso))) return { problem: 'AS_OF_OUT_OF_RANGE' };
  return { iso };
}

/**
 * The organisation report across every course of the tenant, for one Thai fiscal year (this one when none is
 * asked), with the years that have records to choose from. Given an "as of" day (issue #18 item 10: what the
 * committee saw on the day it met), the year is that day's and the figures count only what was in the record by the
 * end of it; today or no day: the figures as they count now.
 */
export async function getOrganisationReport(
  deps: OrganisationReportDeps,
  input: {
    tenantId: TenantId;
    fiscalYear?: FiscalYear;
    asOf?: { iso: string } | { typed: string; era: Era };
    /** The era the page shows years in (the typed dates returned). */
    era?: Era;
  },
): Promise<OrganisationReportView | { problem: AsOfProblem }> {
  const { tenantId } = input;
  const today = deps.today();
  let asOf: string | undefined;
  if (input.asOf !== undefined) {
    const read = readAsOf(today, input.asOf);
    if ('problem' in read) return read;
    asOf = read.iso;
  }
  const stored = await deps.frameworks.forTenant(tenantId);
  const f = stored.framework;
  const assessments = (await assessmentsInForce(deps, f.id, { tenantId }))?.assessments ?? [];
  const current = fiscalYearOf(today);
  const years = await deps.reports.fiscalYears(tenantId);
  const past = asOf !== undefined && asOf < today ? asOf : undefined;
  // A past day names its year; today (or no day) keeps the year asked for, as it counts now.
  const fiscalYear = past !== undefined ? fiscalYearOf(past) : (input.fiscalYear ?? current);
  const data = await deps.reports.organisation(tenantId, fiscalYear, past);
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
  const era = input.era ?? 'christian';
  return {
    f,
    assessments,
    fiscalYear,
    choices,
    asOf: past ?? today,
    isToday: past === undefined,
    typed: { asOf: formatTypedDate(past ?? today, era), today: formatTypedDate(today, era) },
    report,
    agency: agencyReport(
      data.agency,
      f.targetGroups.map((g) => g.code),
    ),
  };
}
