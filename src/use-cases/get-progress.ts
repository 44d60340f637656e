import type { Framework } from '../domain/framework/framework';
import { planStatus, planVsActual, type PlanLine, type PlanStatus } from '../domain/development/plan';
import { targetHoursFor } from '../domain/learning-record/development-targets';
import { fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import { learningMix, type LearningTotals } from '../domain/learning-record/ledger';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import { roundHours } from '../domain/learning-record/hours';
import { horizonSplit, type HorizonSplit } from '../domain/agency/seventy-thirty';
import { countBySkillSet } from '../domain/framework/crosswalk-counting';
import { assessmentsInForce } from './assessments-in-force';
import type { OfficialResultView } from './ports/official-results';
import type { UseCaseDeps } from './deps';
import { evaluateLearner, type EligibilityResult } from './evaluate-learner';
import { referencesForVerdicts } from './module-references';
import type { Learner, ModuleReference } from './ports';
import { groupsInForce, type SecondGroup } from '../domain/agency/target-group';
import { getStageInForce, stageForTargets, type StageInForce } from './get-stage-in-force';

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
  /**
   * Hours per area of the framework (the nine Digital Literacy areas, which the teachers' framework counts in),
   * over the whole record, from entries whose mapping names an area.
   */
  areas: Array<{ code: string; skillSet: string; hours: number }>;
  /** How many entries the record has, every year together (its history is a page of its own: getRecordHistory). */
  historyCount: number;
  pendingCount: number;
  targetsAreDefaults: boolean;
  /** With `withPlan`: the plan of `planYear` (this fiscal year when none) against what was done. */
  plan?: { year: number; status?: PlanStatus; lines: PlanLine[] };
  /** The organisation's stage in force this fiscal year and its target (the targets are read at that stage). */
  stage: StageInForce;
  /** The learner's second target group, in whatever state (its targets count once approved). */
  secondGroup?: SecondGroup;
  /** Official results imported (DG-SA, TPQI certification), newest first, beside the tool's own self-assessment. */
  official: OfficialResultView[];
  /** When the learner last took the tool's own self-assessment (ISO), if ever. */
  lastSelfAssessment?: string;
}

export interface GetProgressInput {
  learner: Learner;
  framework: Framework;
  planYear?: FiscalYear;
  /** Learners see their plan on the page; staff do not. */
  withPlan: boolean;
}

/**
 * A learner's progress: totals over the whole record (the targets are cumulative), how many entries it has, their
 * eligibility, and their plan.
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
    | 'counting'
    | 'organisationStages'
    | 'targetGroups'
    | 'officialResults'
  >,
  input: GetProgressInput,
): Promise<ProgressView> {
  const { learner, framework } = input;
  const today = deps.today();
  const targets = deps.developmentTargets.get(framework.id);
  const planYear = input.planYear ?? fiscalYearOf(today);
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
  const agency = Promise.all([
    getStageInForce(deps, learner.tenantId, framework),
    deps.targetGroups.secondGroupOf(learner),
    deps.officialResults.resultsOf(learner.tenantId, learner.personId),
  ]);
  agency.catch(() => undefined);
  const set = await assessmentsInForce(deps, framework.id, {
    tenantId: learner.tenantId,
    contextId: learner.contextId,
  });
  // The sums and the count of entries; no rows of history (limit 0).
  const summary = await deps.ledger.summaryOf(learner, {
    offset: 0,
    limit: 0,
    withEligibility: set !== undefined,
  });
  const byCategory = summary.byCategory;
  const [stage, secondGroup, official] = await agency;
  // Hours recorded with another framework's codes (modules mapped to it) count through the crosswalk.
  const bySkillSet = countBySkillSet(set?.counting ?? deps.counting(framework.id), summary.bySkillSet);
  // The stage is the organisation's once it announced one; two groups' targets combine, the larger per skill set.
  const targetStage = stageForTargets(stage, learner.targetStage);
  const goal = targets && targetStage ? new Map<string, number>() : undefined;
  if (goal && targets && targetStage)
    for (const group of groupsInForce(learner.targetGroup, secondGroup))
      for (const x of targetHoursFor(targets, framework, group, targetStage))
        goal.set(x.skillSet, Math.max(goal.get(x.skillSet) ?? 0, x.hours));
  const verdicts =
    set && summary.eligibility
      ? await evaluateLearner(deps, learner, set.assessments, today, summary.eligibility, set.counting)
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
      bySkillSet,
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
      credited: bySkillSet.get(s.code) ?? 0,
      target: goal?.get(s.code),
    })),
    areas: framework.areas.map((a) => ({
      code: a.code,
      skillSet: a.skillSet,
      hours: summary.byArea.get(a.code) ?? 0,
    })),
    historyCount: summary.historyCount,
    official,
    lastSelfAssessment: summary.eligibility?.selfAssessments.reduce<string | undefined>(
      (a, b) => (a === undefined || b > a ? b : a),
      undefined,
    ),
    pendingCount: summary.pendingCount,
    targetsAreDefaults: targets?.isDefault ?? false,
    plan: input.withPlan
      ? {
          year: planYear,
          status: plan ? planStatus(plan.version, plan.reviews).status : undefined,
          lines: plan ? planVsActual(plan.items, actual ?? new Map()) : [],
        }
      : undefined,
    stage,
    secondGroup,
  };
}
