/**
 * Pre-test and post-test (issue 19 item 2, seed 004 §7: compare before and after the training). The score before is
 * the learner's pre-test; the score after is their first post-test (the module's quiz) submitted after it: the
 * measure of the training itself, which later retakes (graded, and drawn anew) would inflate.
 *
 * Normalised gain (Hake): g = (post − pre) / (100 − pre), the share of what there was to learn that was learnt;
 * undefined when the pre-test was already 100.
 */
export function normalisedGain(pre: number, post: number): number | undefined {
  if (pre >= 100) return undefined;
  return Math.round(((post - pre) / (100 - pre)) * 100) / 100;
}

export interface PrePost {
  pre: number;
  post: number;
}

export interface GainSummary {
  /** Learners with both scores. */
  learners: number;
  /** Averages, two decimals. */
  pre: number;
  post: number;
  /** The class's normalised gain, from the average scores (Hake's <g>); undefined when the average pre is 100. */
  gain?: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The gain of a group (a module's learners, an organisation's year): undefined for an empty group. */
export function summariseGain(pairs: readonly PrePost[]): GainSummary | undefined {
  if (pairs.length === 0) return undefined;
  const pre = pairs.reduce((s, p) => s + p.pre, 0) / pairs.length;
  const post = pairs.reduce((s, p) => s + p.post, 0) / pairs.length;
  return { learners: pairs.length, pre: round2(pre), post: round2(post), gain: normalisedGain(pre, post) };
}
