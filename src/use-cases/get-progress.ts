import type { Framework } from '../domain/framework/framework';
import { planStatus, planVsActual, type PlanLine, type PlanStatus } from '../domain/development/plan';
import { targetHoursFor } from '../domain/learning-record/development-targets';
import { fiscalYearOf, fiscalYearRange, type FiscalYear } from '../domain/learning-record/fiscal-year';
import { learningMix, type EffectiveEntry, type LearningTotals } from '../domain/learning-record/ledger';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import { roundHours } from '../domain/learning-record/hours';
import { horizonSplit, type HorizonSplit } from '../domain/agency/seventy-thirty';
import { isLectureHeavy } from '../domain/agency/lecture-share';
import { assessmentsInForce } from './assessments-in-force';
import type { UseCaseDeps } from './deps';
import { evaluateLearner, type EligibilityResult } from './evaluate-learner';
import { referencesForVerdicts } from './module-references';
import type { Learner, ModuleReference } from './ports';

/** A page of history: the progress page stays within 2,000 px on a desktop with a year of records (issue #17). */
export const HISTORY_PAGE_SIZE = 20;

export interface ProgressView {
  /** Verdicts for the framework's assessments with the rule edits in force where the learner launched. */
  eligibility: EligibilityResult[];
  /** The shipped rules, unedited, are in force. */
  eligibilityDefaults: boolean;
  /** The modules the verdicts say are missing, named and linked. */
  modules: Map<string, ModuleReference>;
  totals: Pick<LearningTotals, 'hours' | 'byCategory' | 'bySkillSet'>;
  mix: Record<LearningCategory, number>;
  targetMix?: Record<LearningCategory, number>;
  /** What the hours that count serve (70:30), over the whole record like the mix. */
  seventyThirty: HorizonSplit;
  /** Per skill set of the framework: credited hours and the target for the learner's group and stage. */
  skillSets: Array<{ code: string; credited: number; target?: number }>;
  /** One page of the entries of the chosen fiscal year (all years when none), newest first. */
  history: Array<EffectiveEntry & { fiscalYear: FiscalYear; lectureHeavy: boolean }>;
  /** How many entries the filter matches, and the page shown (1-based) of `pages`. */
  historyCount: number;
  page: number;
  pages: number;
  fiscalYears: FiscalYear[];
  fiscalYear?: FiscalYear;
  pendingCount: number;
  targetsAreDefaults: boolean;
  /** With `withPlan`: the plan of the chosen fiscal year (this one when none) against what was done. */
  plan?: { year: number; status?: PlanStatus; lines: PlanLine[] };
}

export interface GetProgressInput {
  learner: Learner;
  framework: Framework;
  fiscalYear?: FiscalYear;
  page?: number;
  pageSize?: number;
  /** Learners see their plan on the page; staff do not. */
  withPlan: boolean;
}

/**
 * A learner's progress: totals over the whole record (the targets are cumulative), the history of one Thai fiscal
 * year when asked (the year's totals are shown alongside), their eligibility, and their plan.
 */
export async function getProgress(
  deps: Pick<
    UseCaseDeps,
    | 'ledger'
    | 'plans'
    | 'modules'
    | 'shippedModules'
    | 'developmentTargets'
    | 'development'
    | 'rules'
    | 'shippedAssessments'
    | 'today'
  >,
  input: GetProgressInput,
): Promise<ProgressView> {
  const { learner, framework, fiscalYear } = input;
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? HISTORY_PAGE_SIZE;
  const today = deps.today();
  const targets = deps.developmentTargets.get(framework.id);
  const planYear = fiscalYear ?? fiscalYearOf(today);
  // The plan is read alongside the record (its own connection), not after it.
  const planned = input.withPlan
    ? Promise.all([
        deps.plans.latest({ tenantId: learner.tenantId, personId: learner.personId, fiscalYear: planYear }),
        deps.plans.actualHours({
          tenantId: learner.tenantId,
          personId: learner.personId,
          fiscalYear: planYear,
        }),
      ])
    : undefined;
  planned?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const set = await assessmentsInForce(deps, framework.id, {
    tenantId: learner.tenantId,
    contextId: learner.contextId,
  });
  const range = fiscalYear !== undefined ? fiscalYearRange(fiscalYear) : {};
  const ask = (p: number) =>
    deps.ledger.summaryOf(learner, {
      ...range,
      offset: (p - 1) * pageSize,
      limit: pageSize,
      withEligibility: set !== undefined,
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
    set && summary.eligibility
      ? await evaluateLearner(deps, learner, set.assessments, today, summary.eligibility)
      : [];
  const modules = await referencesForVerdicts(
    deps,
    learner.tenantId,
    verdicts.map((r) => r.verdict),
  );
  const [plan, actual] = planned ? await planned : [undefined, undefined];
  return {
    eligibility: verdicts,
    eligibilityDefaults: set?.isDefault ?? false,
    modules,
    totals: {
      hours: roundHours(byCategory[70] + byCategory[20] + byCategory[10]),
      byCategory,
      bySkillSet: summary.bySkillSet,
    },
    mix: learningMix(byCategory),
    targetMix: targets?.mix,
    seventyThirty: horizonSplit([
      { hours: summary.byHorizon.current, horizon: 'current' },
      { hours: summary.byHorizon.future, horizon: 'future' },
      { hours: summary.byHorizon.unstated },
    ]),
    skillSets: framework.skillSets.map((s) => ({
      code: s.code,
      credited: summary.bySkillSet.get(s.code) ?? 0,
      target: goal?.get(s.code),
    })),
    history: summary.history.map((e) => ({
      ...e,
      fiscalYear: fiscalYearOf(e.occurredOn),
      lectureHeavy: isLectureHeavy(e.lectureShare),
    })),
    historyCount: summary.historyCount,
    page: shown,
    pages,
    fiscalYears: summary.fiscalYears,
    fiscalYear,
    pendingCount: summary.pendingCount,
    targetsAreDefaults: targets?.isDefault ?? false,
    plan: input.withPlan
      ? {
          year: planYear,
          status: plan ? planStatus(plan.version, plan.reviews).status : undefined,
          lines: plan ? planVsActual(plan.items, actual ?? new Map()) : [],
        }
      : undefined,
  };
}
