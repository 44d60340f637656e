import type { WarningLog } from './ports/eligibility';
import {
  GRADE_FAILURE_CAUSES,
  type GradeFailureCause,
  type GradeOutbox,
  type OutboxGrade,
  type ScoreFailure,
  type ScoreFailureKind,
  type ScoreSender,
} from './ports';

export interface DeliverGradesDeps {
  outbox: GradeOutbox;
  sender: ScoreSender;
  /**
   * Whether the grade's platform is still registered and active (cached, like every registry read). A removed
   * platform's grades end as `platform_removed` without a call; a suspended one's wait, as any failure does.
   */
  platformStatus?: (issuer: string, clientId: string) => Promise<'unknown' | 'inactive' | 'active'>;
  now?: () => Date;
  onResult?: (grade: OutboxGrade, error?: Error) => void;
}

/** The kind a ScoreSender's error carries (a ScoreFailure), or `retry`. */
export function scoreFailureKind(err: unknown): ScoreFailureKind {
  const kind = (err as Partial<ScoreFailure> | undefined)?.kind;
  return kind === 'platform_removed' || kind === 'refused' || kind === 'not_newer' ? kind : 'retry';
}

/** The cause a ScoreSender's error carries (a ScoreFailure), or `unknown`. */
export function scoreFailureCause(err: unknown): GradeFailureCause {
  const cause = (err as Partial<ScoreFailure> | undefined)?.failureCause;
  return GRADE_FAILURE_CAUSES.find((c) => c === cause) ?? 'unknown';
}

class PlatformUnavailable extends Error implements ScoreFailure {
  readonly failureCause: GradeFailureCause;
  constructor(readonly kind: 'platform_removed' | 'retry') {
    super(kind === 'retry' ? 'platform is suspended' : 'platform is not registered any more');
    this.failureCause = kind === 'retry' ? 'platform_suspended' : 'platform_removed';
  }
}

const MAX_BACKOFF_SECONDS = 3600;

/** Exponential backoff from 5 s to an hour, with ±20 % jitter so that many failed grades do not retry in step. */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(5 * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_SECONDS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** After this many failed attempts, a grade's course's instructors get a notification (issue 19 item 7). */
export const GRADE_FAILURES_BEFORE_NOTICE = 3;

/**
 * One round of the grade outbox: claims the grades that are due, sends them `concurrency` at a time, and records
 * each outcome. A grade claimed by a worker that dies is claimed again once its lease runs out.
 *
 * Every attempt sends the same timestamp, the score's (when the learner earned it): the LMS takes a score only when it is newer than the
 * grade it holds (AGS; Moodle answers 409 otherwise). A fresh timestamp per attempt would let a retried older
 * score overwrite a newer grade that reached the LMS meanwhile (the teacher's, or a later score); with the same
 * one, 409 says the LMS holds this score or a newer one:
 * - when an earlier POST of this score went out (its answer lost, or its worker's lease ran out mid-call), the
 *   score is delivered, or superseded by a newer grade, which is what delivery would have led to;
 * - when none did, nothing of ours can have landed: the LMS holds a newer grade of someone else's, and the grade
 *   ends as rejected (`not_newer`) for the instructor to see, not forced over it. Attempts do not tell: an
 *   attempt whose token request failed sent no score. The outbox records each POST just before it is sent.
 * Other final failures (the request refused, the platform removed) end as rejected with their reason; the rest
 * are retried with backoff.
 *
 * The round's deliveries are marked in one statement once its POSTs are done, so the outbox is written once per
 * grade (the record of the POST, which must precede it) and not twice. A worker that dies before that statement
 * leaves delivered grades claimed: once their lease runs out they are posted again, the LMS answers 409 (same
 * timestamp), and since a POST went out before, they are delivered, as above.
 */
export async function deliverDueGrades(
  deps: DeliverGradesDeps,
  options: { batch?: number; concurrency?: number; leaseSeconds?: number } = {},
): Promise<{ claimed: number; delivered: number; failed: number }> {
  const batch = options.batch ?? 50;
  const grades = await deps.outbox.claimDue(batch, options.leaseSeconds ?? 120);
  const now = deps.now ?? (() => new Date());
  const delivered: OutboxGrade[] = [];
  let failed = 0;
  let next = 0;
  async function lane() {
    while (next < grades.length) {
      const grade = grades[next++]!;
      let postedBefore = false;
      try {
        const status = await deps.platformStatus?.(grade.issuer, grade.clientId);
        if (status === 'unknown') throw new PlatformUnavailable('platform_removed');
        if (status === 'inactive') throw new PlatformUnavailable('retry');
        const { id: _id, tenantId: _tenant, scoredAt, attempts: _attempts, ...score } = grade;
        await deps.sender.sendScore({ ...score, timestamp: scoredAt }, async () => {
          postedBefore = await deps.outbox.markScoreSent(grade.id);
        });
        delivered.push(grade);
      } catch (err) {
        const kind = scoreFailureKind(err);
        const message = (err as Error).message;
        if (kind === 'not_newer' && postedBefore) {
          delivered.push(grade);
          continue;
        }
        const cause = scoreFailureCause(err);
        if (kind === 'retry') {
          const retryAt = new Date(now().getTime() + retryDelaySeconds(grade.attempts) * 1000);
          // A grade that keeps failing needs someone: the course's instructors are told once, at this attempt.
          await deps.outbox.markFailed(
            grade.id,
            message,
            retryAt,
            cause,
            grade.attempts >= GRADE_FAILURES_BEFORE_NOTICE,
          );
        } else {
          await deps.outbox.markRejected(grade.id, kind, message, cause);
        }
        failed += 1;
        deps.onResult?.(grade, err as Error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, grades.length) }, lane));
  await deps.outbox.markDelivered(delivered.map((g) => g.id));
  for (const grade of delivered) deps.onResult?.(grade);
  return { claimed: grades.length, delivered: delivered.length, failed };
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

/** The grade worker's log lines: each delivery (info), each failed attempt and each failed round (warnings). */
export function gradeWorkerLog(logger: WarningLog & { info(fields: object, message: string): void }): {
  onResult(grade: OutboxGrade, err?: Error): void;
  onError(err: unknown): void;
} {
  return {
    onResult(grade, err) {
      if (err)
        logger.warn(
          {
            event: 'grade.delivery_failed',
            gradeId: grade.id,
            attempts: grade.attempts,
            reason: err.message,
          },
          'grade delivery failed',
        );
      else logger.info({ event: 'grade.delivered', gradeId: grade.id }, 'grade delivered');
    },
    onError: (err) => logger.warn({ err }, 'grade worker round failed'),
  };
}
