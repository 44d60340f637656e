import { evaluateEligibilities, type Assessment, type Verdict } from '../domain/assessment/eligibility';
import { countSkillHours, type SkillCounting } from '../domain/framework/crosswalk-counting';
import type { DevelopmentStore, EligibilityInput, Learner } from './ports';

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
  learner: Pick<Learner, 'tenantId' | 'personId' | 'targetGroup'>,
  assessments: readonly Assessment[],
  today: string,
  /** Already read with the learner's record (the progress page reads both at once). */
  prefetched?: EligibilityInput,
  /** How the record's hours count towards the assessments' framework (through the crosswalk); as recorded without. */
  counting?: SkillCounting,
): Promise<EligibilityResult[]> {
  const input = prefetched ?? (await deps.development.eligibilityInputOf(learner.tenantId, learner.personId));
  const record = {
    targetGroup: learner.targetGroup,
    entries: counting
      ? input.counted.map((e) => {
          const skillHours = countSkillHours(counting, e.skillHours, e.hours);
          return skillHours === e.skillHours ? e : { ...e, skillHours };
        })
      : input.counted,
    completedModules: input.completedModules,
    selfAssessments: input.selfAssessments,
    officialSelfAssessments: input.officialSelfAssessments,
    certifications: input.certifications,
  };
  const verdicts = evaluateEligibilities(record, assessments, today).map((verdict, i) => ({
    assessment: assessments[i]!,
    verdict,
  }));
  // Written only the first time: a learner who stays eligible costs no write per page view.
  const newlyEligible = verdicts
    .filter((v) => v.verdict.eligible && !input.firsts.has(v.assessment.code))
    .map((v) => v.assessment.code);
  const firsts = newlyEligible.length
    ? await deps.development.markEligible(learner, newlyEligible)
    : input.firsts;
  return verdicts.map((v) => ({ ...v, firstEligibleAt: firsts.get(v.assessment.code) }));
}
