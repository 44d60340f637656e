import type { Framework } from '../domain/framework/framework';
import type { UseCaseDeps } from './deps';
import { getStageInForce, stageForTargets, type StageInForce } from './get-stage-in-force';
import type { Learner, SelfAssessmentRecord } from './ports';
import { getOwnHandIn, type OwnHandIn } from './get-own-hand-in';

/**
 * The learner's self-assessments, newest first, and what a new one starts from: their target group, else the last
 * assessment's; the stage their organisation announced for this fiscal year, else their own, else the last
 * assessment's; and the last ratings. With the stage in force, for the page to say, and where the signed form
 * stands (seed 002: printed, signed, handed to HR).
 */
export async function getSelfAssessments(
  deps: Pick<UseCaseDeps, 'development' | 'organisationStages' | 'handIns' | 'today'>,
  learner: Learner,
  framework: Framework,
): Promise<{
  past: SelfAssessmentRecord[];
  start: { group?: string; stage?: string; ratings: Record<string, number> };
  stage: StageInForce;
  /** Whether HR received the signed form this fiscal year, and the deadline. */
  handIn: OwnHandIn;
}> {
  const [past, stage, handIn] = await Promise.all([
    deps.development.selfAssessmentsOf(learner.tenantId, learner.personId),
    getStageInForce(deps, learner.tenantId, framework),
    getOwnHandIn(deps, learner),
  ]);
  const last = past[0];
  return {
    past,
    start: {
      group: learner.targetGroup ?? last?.targetGroup,
      stage: stageForTargets(stage, learner.targetStage) ?? last?.targetStage,
      ratings: last?.ratings ?? {},
    },
    stage,
    handIn,
  };
}
