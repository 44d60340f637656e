import type { Framework } from '../domain/framework/framework';
import { targetHoursFor, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import { fiscalYearRange } from '../domain/learning-record/fiscal-year';
import { learningMix, type EffectiveEntry, type LearningTotals } from '../domain/learning-record/ledger';
import {
  checkLoggedActivity,
  type ActivityProblem,
  type LoggedActivity,
} from '../domain/learning-record/logged-activity';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { DevelopmentStore, Learner, LedgerStore } from './ports';
import type { Assessment } from '../domain/assessment/eligibility';
import { evaluateLearner, type EligibilityResult } from './development-cycle';

export const HISTORY_PAGE_SIZE = 50;

export interface ProgressView {
  /** Verdicts for the framework's assessments, when asked for. */
  eligibility: EligibilityResult[];
  totals: Pick<LearningTotals, 'hours' | 'byCategory' | 'bySkillSet'>;
  mix: Record<LearningCategory, number>;
  targetMix?: Record<LearningCategory, number>;
  /** Per skill set of the framework: credited hours and the target for the learner's group and stage. */
  skillSets: Array<{ code: string; credited: number; target?: number }>;
  /** One page of the entries of the chosen fiscal year (all years when none), newest first. */
  history: EffectiveEntry[];
  /** How many entries the filter matches, and the page shown (1-based) of `pages`. */
  historyCount: number;
  page: number;
  pages: number;
  fiscalYears: number[];
  fiscalYear?: number;
  pendingCount: number;
  targetsAreDefaults: boolean;
}

/**
 * A learner's progress: totals over the whole record (the targets are cumulative), and the history of one Thai
 * fiscal year when asked (the year's totals are shown alongside).
 */
export async function learnerProgress(
  deps: { ledger: LedgerStore },
  learner: Learner,
  framework: Framework,
  targets: DevelopmentTargets | undefined,
  fiscalYear: number | undefined,
  page = 1,
  pageSize = HISTORY_PAGE_SIZE,
  eligibility?: { development: DevelopmentStore; assessments: readonly Assessment[]; today: string },
): Promise<ProgressView> {
  const range = fiscalYear !== undefined ? fiscalYearRange(fiscalYear) : {};
  const ask = (p: number) =>
    deps.ledger.summaryOf(learner.tenantId, learner.personId, {
      ...range,
      offset: (p - 1) * pageSize,
      limit: pageSize,
      withEligibility: eligibility !== undefined,
    });
  let summary = await ask(Math.max(1, page));
  const pages = Math.max(1, Math.ceil(summary.historyCount / pageSize));
  // A page past the end (the record shrank, or a hand-edited URL) shows the last one.
  if (page > pages) summary = await ask(pages);
  const shown = Math.min(Math.max(1, page), pages);
  const byCategory = summary.byCategory;
  const goal =
    targets && learner.targetGroup && learner.targetStage
      ? new Map(
          targetHoursFor(targets, framework, learner.targetGroup, learner.targetStage).map((x) => [
            x.skillSet,
            x.hours,
          ]),
        )
      : undefined;
  const verdicts =
    eligibility && summary.eligibility
      ? await evaluateLearner(
          eligibility,
          learner,
          eligibility.assessments,
          eligibility.today,
          summary.eligibility,
        )
      : [];
  return {
    eligibility: verdicts,
    totals: {
      hours: Math.round((byCategory[70] + byCategory[20] + byCategory[10]) * 100) / 100,
      byCategory,
      bySkillSet: summary.bySkillSet,
    },
    mix: learningMix(byCategory),
    targetMix: targets?.mix,
    skillSets: framework.skillSets.map((s) => ({
      code: s.code,
      credited: summary.bySkillSet.get(s.code) ?? 0,
      target: goal?.get(s.code),
    })),
    history: summary.history,
    historyCount: summary.historyCount,
    page: shown,
    pages,
    fiscalYears: summary.fiscalYears,
    fiscalYear,
    pendingCount: summary.pendingCount,
    targetsAreDefaults: targets?.isDefault ?? false,
  };
}

/** The learner logs learning done outside the tool; it waits for an instructor of the course. */
export async function logLearningActivity(
  deps: { ledger: LedgerStore },
  learner: Learner,
  framework: Framework,
  activity: LoggedActivity,
  today: string,
): Promise<{ id: number } | { problems: ActivityProblem[] }> {
  const problems = checkLoggedActivity(activity, new Set(framework.skillSets.map((s) => s.code)), today);
  if (problems.length > 0) return { problems };
  return { id: await deps.ledger.logActivity(learner, activity) };
}

/** The group and stage must be the framework's; returns false when they are not. */
export async function chooseTarget(
  deps: { ledger: LedgerStore },
  subject: { tenantId: number; personId: number },
  framework: Framework,
  choice: { group: string; stage: string },
  chosenBy: number,
): Promise<boolean> {
  if (
    !framework.targetGroups.some((g) => g.code === choice.group) ||
    !framework.stages.some((s) => s.code === choice.stage)
  )
    return false;
  await deps.ledger.setTarget(subject.tenantId, subject.personId, choice.group, choice.stage, chosenBy);
  return true;
}
