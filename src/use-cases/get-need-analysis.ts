import type { TenantId } from '../shared/ids';
import type { Framework } from '../domain/framework/framework';
import { needAnalysis, type NeedLine } from '../domain/agency/need-analysis';
import {
  fiscalYearOf,
  fiscalYearRange,
  isFiscalYear,
  type FiscalYear,
} from '../domain/learning-record/fiscal-year';
import type { UseCaseDeps } from './deps';

/**
 * The yearly need analysis (issue #18 item 11; seed 004 §5.3): per target group and skill set, how many people
 * assessed themselves below the level of their target and by how much, from each person's latest self-assessment
 * of the fiscal year against the organisation's framework.
 */
export async function getNeedAnalysis(
  deps: Pick<UseCaseDeps, 'frameworks' | 'needs' | 'today'>,
  input: { tenantId: TenantId; fiscalYear?: FiscalYear },
): Promise<{
  f: Framework;
  fiscalYear: FiscalYear;
  choices: FiscalYear[];
  people: number;
  lines: NeedLine[];
}> {
  const f = (await deps.frameworks.forTenant(input.tenantId)).framework;
  const current = fiscalYearOf(deps.today());
  const fiscalYear = input.fiscalYear ?? current;
  const latest = await deps.needs.latestSelfAssessments(input.tenantId, f.id, fiscalYearRange(fiscalYear));
  const choices = [...new Set([current, fiscalYear, ...[1, 2].map((n) => current - n)])]
    .filter(isFiscalYear)
    .sort((a, b) => b - a);
  return { f, fiscalYear, choices, people: latest.length, lines: needAnalysis(f, latest) };
}
