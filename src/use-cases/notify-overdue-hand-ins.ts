import { overdueNoticeWindow } from '../domain/development/signed-self-assessment';
import type { UseCaseDeps } from './deps';

/**
 * The sweep that notices a hand-in deadline passing (issue #19 item 6): each deadline passed (within the last 30
 * days) and not yet told of gives every expected person who has not handed in one notification, once per person and
 * year. It runs on a timer (startHandInSweep), never in a request: a launch or a page pays nothing for it, and an
 * idle run is one indexed read. How many notifications it wrote.
 */
export function notifyOverdueHandIns(deps: Pick<UseCaseDeps, 'handIns' | 'today'>): Promise<number> {
  return deps.handIns.notifyOverdue(overdueNoticeWindow(deps.today()));
}

export interface HandInSweep {
  /** Runs the sweep now (tests, with their pinned clock). */
  run(): Promise<number>;
  /** Stops the timer, and waits for a run under way. */
  stop(): Promise<void>;
}

/** Runs the sweep every `intervalMs` (and once at start); errors are logged and the next run tries again. */
export function startHandInSweep(
  deps: Pick<UseCaseDeps, 'handIns' | 'today'> & { onError(err: unknown): void },
  options: { intervalMs: number },
): HandInSweep {
  let running: Promise<number> | undefined;
  const run = () => {
    running ??= notifyOverdueHandIns(deps).finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    run().catch(deps.onError);
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  const first = setTimeout(tick, 0);
  first.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running?.catch(() => 0);
    },
  };
}
