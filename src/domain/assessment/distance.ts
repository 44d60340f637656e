import type { MissingItem, Verdict } from './eligibility';

/**
 * How far a learner is from an assessment, read from its verdict: what a home page needs to say "this one next"
 * and an instructor's "close to eligibility". Pure, over the verdicts `evaluateEligibilities` gives.
 */

/** A learner counts as close when the hours still missing are at most this share of the hours the rule asks. */
export const CLOSE_SHARE = 0.2;

const isHours = (m: MissingItem) => m.code === 'SKILL_SET_HOURS' || m.code === 'CATEGORY_HOURS';

/** Hours still missing over the verdict's hour items (0 when eligible). */
export function hoursShort(verdict: Verdict): number {
  if (verdict.eligible) return 0;
  return verdict.missing.reduce((sum, m) => sum + (isHours(m) ? (m as { short: number }).short : 0), 0);
}

/**
 * Close to eligible: not yet eligible, only hours missing (no module, self-assessment or target group), and those
 * hours at most `share` of the hours its skill-set minimums ask (a verdict missing only a 70:20:10 share, with no
 * skill-set minimum to measure it by, is not called close).
 */
export function isCloseToEligible(verdict: Verdict, share = CLOSE_SHARE): boolean {
  if (verdict.eligible) return false;
  if (!verdict.missing.every(isHours)) return false;
  const needed = verdict.missing.reduce((sum, m) => sum + (m.code === 'SKILL_SET_HOURS' ? m.needed : 0), 0);
  return needed > 0 && hoursShort(verdict) <= needed * share + 1e-9;
}

/**
 * The assessment to work towards next: of those not yet met, the one with the fewest missing items, then the
 * fewest hours short, then the first in the given order. Undefined when every one is met (or there are none).
 */
export function nearestUnmet<T extends { verdict: Verdict }>(results: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestKey: [number, number] = [Infinity, Infinity];
  for (const r of results) {
    if (r.verdict.eligible) continue;
    const key: [number, number] = [r.verdict.missing.length, hoursShort(r.verdict)];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = r;
      bestKey = key;
    }
  }
  return best;
}
