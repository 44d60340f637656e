import type { UseCaseDeps } from './deps';
import type { FollowUpDeps } from './get-follow-ups';

/**
 * One sweep: a `followUpDue` notification to the learner and each supervisor of every follow-up open today and
 * not answered in their role, in every organisation. Idempotent (one per completion, role and person), so sweeps
 * may repeat and several processes may sweep at once.
 */
export async function notifyFollowUpsDue(deps: FollowUpDeps): Promise<number> {
  return deps.followUps.notifyDue(deps.today(), deps.followUpQuestionnaire.answerWithinWeeks);
}

export interface FollowUpSweep {
  /** One sweep now (tests call it after moving the clock); resolves with how many notifications it wrote. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Sweeps every `intervalMs` in the background (beside the mail worker, MAIL_POLL_MS); sweeps never overlap. The
 * launch pays nothing for it: a person's own list is read when they open it.
 */
export function startFollowUpSweep(
  deps: FollowUpDeps & Pick<UseCaseDeps, 'logger'>,
  options: { intervalMs: number },
): FollowUpSweep {
  let running: Promise<number> | undefined;
  let stopped = false;
  function run(): Promise<number> {
    if (stopped) return Promise.resolve(0);
    if (running) return running;
    running = notifyFollowUpsDue(deps)
      .catch((err: unknown) => {
        deps.logger.warn({ err, event: 'follow_up.sweep_failed' }, 'follow-up sweep failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  return {
    sweep: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
