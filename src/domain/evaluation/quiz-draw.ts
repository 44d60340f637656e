import type { Difficulty } from './question-bank';

/**
 * A module's quiz drawn from the question bank (issue 19 item 1): N questions per pool, each pool a filter on the
 * bank's tags; a limit on attempts and a waiting time between them. Pure: the randomness and the clock come in.
 */
export interface QuizPool {
  skillSet?: string;
  area?: string;
  difficulty?: Difficulty;
  /** How many questions this pool gives each attempt. */
  count: number;
}

export interface DrawnQuizSettings {
  pools: QuizPool[];
  /** Attempts a learner may submit (the post-test; the pre-test is one attempt); none: unlimited. */
  attemptLimit?: number;
  /** Minutes between the end of one attempt and the start of the next; 0 or none: no wait. */
  waitMinutes?: number;
  /** A pre-test drawn from the same pools, before the first attempt; not counted for completion or grades. */
  preTest: boolean;
}

/** At most this many pools per module, questions per pool, attempts and minutes of wait (the form's bounds). */
export const DRAW_LIMITS = { pools: 10, perPool: 50, attempts: 100, waitMinutes: 60 * 24 * 30 } as const;

/** A question a pool can draw: the newest version of a question that is not retired. */
export interface DrawCandidate {
  questionId: number;
  versionId: number;
  skillSet: string;
  area?: string;
  difficulty: Difficulty;
}

export const poolAdmits = (pool: QuizPool, c: DrawCandidate): boolean =>
  (pool.skillSet === undefined || pool.skillSet === c.skillSet) &&
  (pool.area === undefined || pool.area === c.area) &&
  (pool.difficulty === undefined || pool.difficulty === c.difficulty);

/**
 * Draws each pool's questions for one attempt, no question twice in an attempt. `lastSeen` orders what the learner
 * saw before (question id -> a number that grows with recency: the attempt's sequence): questions never seen come
 * first, then those seen longest ago, so that consecutive attempts differ wherever the pool has questions enough.
 * Within one rank the order is random. A pool with fewer questions than its count gives what it has.
 */
export function drawQuestions(
  pools: readonly QuizPool[],
  candidates: readonly DrawCandidate[],
  lastSeen: ReadonlyMap<number, number>,
  random: () => number,
): DrawCandidate[] {
  const taken = new Set<number>();
  const byPool: DrawCandidate[][] = pools.map(() => []);
  // The narrowest pools draw first, so that a wide pool does not use up what only a narrow one can give; the
  // attempt still shows the pools in the author's order.
  const supply = poolSupply(pools, candidates);
  const order = pools.map((_, i) => i).sort((a, b) => supply[a]! - supply[b]! || a - b);
  for (const i of order) {
    const pool = pools[i]!;
    const eligible = candidates.filter((c) => !taken.has(c.questionId) && poolAdmits(pool, c));
    // Fisher-Yates, then a stable sort by recency: random within a rank.
    for (let k = eligible.length - 1; k > 0; k -= 1) {
      const j = Math.floor(random() * (k + 1));
      [eligible[k], eligible[j]] = [eligible[j]!, eligible[k]!];
    }
    const rank = (c: DrawCandidate) => lastSeen.get(c.questionId) ?? Number.MIN_SAFE_INTEGER;
    eligible.sort((a, b) => rank(a) - rank(b));
    for (const c of eligible.slice(0, pool.count)) {
      taken.add(c.questionId);
      byPool[i]!.push(c);
    }
  }
  return byPool.flat();
}

/** How many questions each pool can give now (for the author: a pool short of its count is flagged). */
export function poolSupply(pools: readonly QuizPool[], candidates: readonly DrawCandidate[]): number[] {
  return pools.map((p) => candidates.filter((c) => poolAdmits(p, c)).length);
}

/** One earlier attempt of the learner at the module's drawn quiz (the post-test). */
export interface AttemptHistoryItem {
  submittedAt: Date;
}

export type AttemptVerdict =
  { kind: 'open' } | { kind: 'limitReached'; limit: number } | { kind: 'wait'; opensAt: Date };

/**
 * Whether the learner may start another attempt now: not past the limit of submitted attempts, and not before the
 * waiting time after the last one has passed (then: when the next attempt opens).
 */
export function attemptVerdict(
  settings: Pick<DrawnQuizSettings, 'attemptLimit' | 'waitMinutes'>,
  history: readonly AttemptHistoryItem[],
  now: Date,
): AttemptVerdict {
  if (settings.attemptLimit !== undefined && history.length >= settings.attemptLimit)
    return { kind: 'limitReached', limit: settings.attemptLimit };
  const wait = settings.waitMinutes ?? 0;
  if (wait > 0 && history.length > 0) {
    const last = Math.max(...history.map((h) => h.submittedAt.getTime()));
    const opensAt = new Date(last + wait * 60_000);
    if (opensAt.getTime() > now.getTime()) return { kind: 'wait', opensAt };
  }
  return { kind: 'open' };
}

/** Where a learner stands with a drawn quiz: what the module page and an attempt's result say, and offer. */
export type QuizAccess =
  /** An attempt may start now, or one is open; `used` of `limit` (no limit: unlimited) submitted. */
  | { kind: 'open'; used: number; limit?: number }
  /** The next attempt opens at `opensAt` (the waiting time after the last one). */
  | { kind: 'wait'; used: number; limit?: number; opensAt: Date }
  /** Every allowed attempt is used. */
  | { kind: 'limitReached'; used: number; limit: number };

/**
 * attemptVerdict told as the learner's standing: an attempt started and not submitted stays open (the learner
 * goes on with it), whatever the limit or the wait say of a new one.
 */
export function quizAccess(
  settings: Pick<DrawnQuizSettings, 'attemptLimit' | 'waitMinutes'>,
  attempts: ReadonlyArray<{ submittedAt?: Date }>,
  now: Date,
): QuizAccess {
  const submitted = attempts.flatMap((a) => (a.submittedAt ? [{ submittedAt: a.submittedAt }] : []));
  const used = submitted.length;
  const limit = settings.attemptLimit;
  const withLimit = limit === undefined ? {} : { limit };
  if (submitted.length < attempts.length) return { kind: 'open', used, ...withLimit };
  const verdict = attemptVerdict(settings, submitted, now);
  if (verdict.kind === 'limitReached') return { kind: 'limitReached', used, limit: verdict.limit };
  if (verdict.kind === 'wait') return { kind: 'wait', used, ...withLimit, opensAt: verdict.opensAt };
  return { kind: 'open', used, ...withLimit };
}
