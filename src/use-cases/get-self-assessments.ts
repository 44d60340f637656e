import type { UseCaseDeps } from './deps';
import type { Learner, SelfAssessmentRecord } from './ports';

/**
 * The learner's self-assessments, newest first, and what a new one starts from: their target group and stage,
 * else the last assessment's, and the last ratings.
 */
export async function getSelfAssessments(
  deps: Pick<UseCaseDeps, 'development'>,
  learner: Learner,
): Promise<{
  past: SelfAssessmentRecord[];
  start: { group?: string; stage?: string; ratings: Record<string, number> };
}> {
  const past = await deps.development.selfAssessmentsOf(learner.tenantId, learner.personId);
  const last = past[0];
  return {
    past,
    start: {
      group: learner.targetGroup ?? last?.targetGroup,
      stage: learner.targetStage ?? last?.targetStage,
      ratings: last?.ratings ?? {},
    },
  };
}
