import type { Framework } from '../domain/framework/framework';
import { nearestUnmet } from '../domain/assessment/distance';
import type { UseCaseDeps } from './deps';
import type { EligibilityResult } from './evaluate-learner';
import { getProgress, type ProgressView } from './get-progress';
import type { Learner, UnfinishedModule } from './ports';

export interface LearnerHome {
  /** The learner's progress as their progress page reads it (totals, targets, mix, verdicts, this year's plan). */
  progress: ProgressView;
  /** The assessment to work towards next (see nearestUnmet); undefined when every one is met or there are none. */
  nearest?: EligibilityResult;
  /** The module to continue: the last opened and not completed. */
  unfinished?: UnfinishedModule;
  /** Anything in the record at all (pending entries included): without it the page says how to begin. */
  hasRecord: boolean;
  /** The learner chose (or was given) a target group and stage: their hour targets follow from it. */
  targetChosen: boolean;
}

/**
 * A learner's home ("what now?"): the progress page's reads, the nearest
 * assessment with what it still needs, and the module to continue, read alongside.
 */
export async function getLearnerHome(
  deps: Parameters<typeof getProgress>[0] & Pick<UseCaseDeps, 'player'>,
  input: { learner: Learner; framework: Framework },
): Promise<LearnerHome> {
  const unfinished = deps.player.lastUnfinished(input.learner);
  unfinished.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const progress = await getProgress(deps, { ...input, withPlan: true });
  return {
    progress,
    nearest: nearestUnmet(progress.eligibility),
    unfinished: await unfinished,
    hasRecord: progress.historyCount > 0,
    targetChosen: input.learner.targetGroup !== undefined && input.learner.targetStage !== undefined,
  };
}
