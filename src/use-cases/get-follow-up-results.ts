import {
  summariseFollowUps,
  type FollowUpModuleResult,
  type FollowUpQuestionnaire,
} from '../domain/evaluation/follow-up';
import { fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { TenantId } from '../shared/ids';
import type { FollowUpDeps } from './get-follow-ups';

/**
 * The committee's follow-up results for a fiscal year (this one when none is given; the year of the completion):
 * per module, the response rates of learners and supervisors among the follow-ups due by today, and the mean of
 * each item with how many rated it. Answers are only ever shown so, aggregated.
 */
export async function getFollowUpResults(
  deps: FollowUpDeps,
  tenantId: TenantId,
  fiscalYear?: FiscalYear,
): Promise<{
  fiscalYear: FiscalYear;
  questionnaire: FollowUpQuestionnaire;
  modules: FollowUpModuleResult[];
}> {
  const today = deps.today();
  const year = fiscalYear ?? fiscalYearOf(today);
  const { due, answers } = await deps.followUps.results(tenantId, year, today);
  const q = deps.followUpQuestionnaire;
  return { fiscalYear: year, questionnaire: q, modules: summariseFollowUps(q, due, answers) };
}
