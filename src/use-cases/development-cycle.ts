import { evaluateEligibility, type Assessment, type Verdict } from '../domain/assessment/eligibility';
import type { Framework } from '../domain/framework/framework';
import { skillSetsForGroup, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import type {
  DevelopmentStore,
  EligibilityInput,
  Learner,
  ModuleSummary,
  SelfAssessmentRecord,
} from './ports';

export interface EligibilityResult {
  assessment: Assessment;
  verdict: Verdict;
  /** When the learner was first found eligible, if ever. */
  firstEligibleAt?: Date;
}

/**
 * Evaluates every assessment of the learner's framework on `today`, and keeps the first time the learner is
 * found eligible for each.
 */
export async function evaluateLearner(
  deps: { development: DevelopmentStore },
  learner: Learner,
  assessments: readonly Assessment[],
  today: string,
  /** Already read with the learner's record (the progress page reads both at once). */
  prefetched?: EligibilityInput,
): Promise<EligibilityResult[]> {
  const input = prefetched ?? (await deps.development.eligibilityInputOf(learner.tenantId, learner.personId));
  const record = {
    targetGroup: learner.targetGroup,
    entries: input.counted,
    completedModules: input.completedModules,
    selfAssessments: input.selfAssessments,
  };
  const verdicts = assessments.map((assessment) => ({
    assessment,
    verdict: evaluateEligibility(record, assessment, today),
  }));
  // Written only the first time: a learner who stays eligible costs no write per page view.
  const newlyEligible = verdicts
    .filter((v) => v.verdict.eligible && !input.firsts.has(v.assessment.code))
    .map((v) => v.assessment.code);
  const firsts = newlyEligible.length
    ? await deps.development.markEligible(learner.tenantId, learner.personId, newlyEligible)
    : input.firsts;
  return verdicts.map((v) => ({ ...v, firstEligibleAt: firsts.get(v.assessment.code) }));
}

export interface SelfAssessmentInput {
  targetGroup: string;
  targetStage: string;
  ratings: Record<string, number>;
}

export type SelfAssessmentProblem = {
  field: string;
  code: 'UNKNOWN_GROUP' | 'UNKNOWN_STAGE' | 'RATING_MISSING';
};

/** Checks and keeps a completed self-assessment: a rating for every skill set of the framework. */
export async function takeSelfAssessment(
  deps: { development: DevelopmentStore },
  learner: Learner,
  framework: { id: number; framework: Framework },
  input: SelfAssessmentInput,
  today: string,
): Promise<{ id: number } | { problems: SelfAssessmentProblem[] }> {
  const f = framework.framework;
  const problems: SelfAssessmentProblem[] = [];
  if (!f.targetGroups.some((g) => g.code === input.targetGroup))
    problems.push({ field: 'targetGroup', code: 'UNKNOWN_GROUP' });
  if (!f.stages.some((s) => s.code === input.targetStage))
    problems.push({ field: 'targetStage', code: 'UNKNOWN_STAGE' });
  for (const s of f.skillSets) {
    const r = input.ratings[s.code];
    if (r === undefined || !Number.isInteger(r) || r < 0 || r > f.stages.length)
      problems.push({ field: `rating.${s.code}`, code: 'RATING_MISSING' });
  }
  if (problems.length) return { problems };
  const ratings = Object.fromEntries(f.skillSets.map((s) => [s.code, input.ratings[s.code]!]));
  const id = await deps.development.saveSelfAssessment(learner, framework.id, {
    targetGroup: input.targetGroup,
    targetStage: input.targetStage,
    ratings,
    takenOn: today,
  });
  return { id };
}

export interface SkillSetGap {
  skillSet: string;
  rating: number;
  /** The target level (stage number) when the group is developed in this skill set. */
  target?: number;
  gap: number;
  /** Published modules mapped to the skill set, most hours first (at most three), for a gap. */
  recommended: ModuleSummary[];
}

/** Where a self-assessment leaves the learner: the gap per skill set and the modules that close it. */
export function selfAssessmentGaps(
  framework: Framework,
  targets: DevelopmentTargets | undefined,
  sa: SelfAssessmentRecord,
  published: readonly ModuleSummary[],
): SkillSetGap[] {
  const level = framework.stages.findIndex((s) => s.code === sa.targetStage) + 1;
  const developed = new Set(targets ? skillSetsForGroup(targets, framework, sa.targetGroup) : []);
  return framework.skillSets.map((s) => {
    const rating = sa.ratings[s.code] ?? 0;
    const target = developed.has(s.code) ? level : undefined;
    const gap = target === undefined ? 0 : Math.max(0, target - rating);
    const recommended =
      gap > 0
        ? published
            .filter((m) => m.status === 'published' && m.mappings.some((x) => x.skillSet === s.code))
            .map((m) => ({
              m,
              hours: m.mappings.filter((x) => x.skillSet === s.code).reduce((a, x) => a + x.hours, 0),
            }))
            .sort((a, b) => b.hours - a.hours)
            .slice(0, 3)
            .map((x) => x.m)
        : [];
    return { skillSet: s.code, rating, target, gap, recommended };
  });
}
