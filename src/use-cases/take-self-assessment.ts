import type { UseCaseDeps } from './deps';
import type { Learner, StoredFramework } from './ports';
import { recheckEligibility } from './recheck-eligibility';

export interface SelfAssessmentInput {
  targetGroup: string;
  targetStage: string;
  ratings: Record<string, number>;
}

export type SelfAssessmentProblem = {
  field: string;
  code: 'UNKNOWN_GROUP' | 'UNKNOWN_STAGE' | 'RATING_MISSING';
};

/**
 * Checks and keeps a completed self-assessment: a rating for every skill set of the framework. An assessment rule
 * may ask for one: the learner's eligibility is judged again.
 */
export async function takeSelfAssessment(
  deps: Pick<
    UseCaseDeps,
    'development' | 'frameworks' | 'rules' | 'shippedAssessments' | 'counting' | 'today' | 'logger'
  >,
  input: { learner: Learner; framework: StoredFramework; answers: SelfAssessmentInput },
): Promise<{ id: number } | { problems: SelfAssessmentProblem[] }> {
  const { learner, answers } = input;
  const f = input.framework.framework;
  const problems: SelfAssessmentProblem[] = [];
  if (!f.targetGroups.some((g) => g.code === answers.targetGroup))
    problems.push({ field: 'targetGroup', code: 'UNKNOWN_GROUP' });
  if (!f.stages.some((s) => s.code === answers.targetStage))
    problems.push({ field: 'targetStage', code: 'UNKNOWN_STAGE' });
  for (const s of f.skillSets) {
    const r = answers.ratings[s.code];
    if (r === undefined || !Number.isInteger(r) || r < 0 || r > f.stages.length)
      problems.push({ field: `rating.${s.code}`, code: 'RATING_MISSING' });
  }
  if (problems.length) return { problems };
  const ratings = Object.fromEntries(f.skillSets.map((s) => [s.code, answers.ratings[s.code]!]));
  const id = await deps.development.saveSelfAssessment(learner, input.framework.id, {
    targetGroup: answers.targetGroup,
    targetStage: answers.targetStage,
    ratings,
    takenOn: deps.today(),
  });
  await recheckEligibility(deps, {
    tenantId: learner.tenantId,
    contextId: learner.contextId,
    personIds: [learner.personId],
  });
  return { id };
}
