import type { GradeOutbox, OutboxGrade, ScoreSender } from './ports';

export interface DeliverGradesDeps {
  outbox: GradeOutbox;
  sender: ScoreSender;
  now?: () => Date;
  onResult?: (grade: OutboxGrade, error?: Error) => void;
}

const MAX_BACKOFF_SECONDS = 3600;

/** Exponential backoff from 5 s to an hour, with ±20 % jitter so that many failed grades do not retry in step. */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(5 * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_SECONDS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * One round of the grade outbox: claims the grades that are due, sends them `concurrency` at a time, and records
 * each outcome. A grade claimed by a worker that dies is claimed again once its lease runs out (AGS score
 * publishing is idempotent: the same score and timestamp).
 */
export async function deliverDueGrades(
  deps: DeliverGradesDeps,
  options: { batch?: number; concurrency?: number; leaseSeconds?: number } = {},
): Promise<{ claimed: number; delivered: number; failed: number }> {
  const batch = options.batch ?? 50;
  const grades = await deps.outbox.claimDue(batch, options.leaseSeconds ?? 120);
  const now = deps.now ?? (() => new Date());
  let delivered = 0;
  let failed = 0;
  let next = 0;
  async function lane() {
    while (next < grades.length) {
      const grade = grades[next++]!;
      try {
        const { id: _id, tenantId: _tenant, completedAt, attempts: _attempts, ...score } = grade;
        await deps.sender.sendScore({ ...score, timestamp: completedAt });
        await deps.outbox.markDelivered(grade.id);
        delivered += 1;
        deps.onResult?.(grade);
      } catch (err) {
        const retryAt = new Date(now().getTime() + retryDelaySeconds(grade.attempts) * 1000);
        await deps.outbox.markFailed(grade.id, (err as Error).message, retryAt);
        failed += 1;
        deps.onResult?.(grade, err as Error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, grades.length) }, lane));
  return { claimed: grades.length, delivered, failed };
}

/**
 * Runs the outbox in the background: every `intervalMs`, and at once when kicked (after a completion). Rounds
 * never overlap; a full batch is followed by another round straight away, so a backlog drains at full speed.
 */
export function startGradeWorker(
  deps: DeliverGradesDeps & { onError(err: unknown): void },
  options: { intervalMs: number; batch?: number; concurrency?: number; leaseSeconds?: number },
) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const batch = options.batch ?? 50;

  function run(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const round = await deliverDueGrades(deps, {
            batch,
            concurrency: options.concurrency,
            leaseSeconds: options.leaseSeconds,
          });
          if (round.claimed === batch) again = true;
        } while (again && !stopped);
      } catch (err) {
        deps.onError(err);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  return {
    kick: () => void run(),
    /** One full round now (tests and the benchmark); resolves when the outbox has nothing due. */
    drain: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export type GradeWorker = ReturnType<typeof startGradeWorker>;
