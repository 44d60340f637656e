/**
 * Statistics of a bank question for its authors (issue 19 item 1): how many answer it right, and how well it
 * separates strong learners from weak ones.
 *
 * Discrimination is the upper-lower index of classical test theory: rank the attempts that drew the question by
 * their total score, take the top and the bottom 27 % (at least one attempt each), and subtract the share right in
 * the bottom group from the share right in the top group. D runs from −1 to 1; 0.3 and above separates well, below
 * 0.2 poorly, and a negative D means weak learners get it right more often than strong ones (a key to check).
 */
export interface ItemResponse {
  /** The attempt's total, 0–100. */
  total: number;
  correct: boolean;
}

export interface ItemStatistics {
  attempts: number;
  /** Share answered right, 0–100, one decimal; undefined with no attempts. */
  percentCorrect?: number;
  /** Upper-lower 27 % index, two decimals; undefined with fewer than MIN_FOR_DISCRIMINATION attempts. */
  discrimination?: number;
}

/** Below this many attempts the groups are too small to say anything. */
export const MIN_FOR_DISCRIMINATION = 4;

export function itemStatistics(responses: readonly ItemResponse[]): ItemStatistics {
  const n = responses.length;
  if (n === 0) return { attempts: 0 };
  const right = responses.filter((r) => r.correct).length;
  const percentCorrect = Math.round((right / n) * 1000) / 10;
  if (n < MIN_FOR_DISCRIMINATION) return { attempts: n, percentCorrect };
  // Within a tie the right answers go low and the wrong ones high, so that a tie never flatters the question.
  const ranked = [...responses].sort((a, b) => a.total - b.total || Number(b.correct) - Number(a.correct));
  const size = Math.max(1, Math.round(n * 0.27));
  const share = (group: readonly ItemResponse[]) => group.filter((r) => r.correct).length / group.length;
  const discrimination =
    Math.round((share(ranked.slice(n - size)) - share(ranked.slice(0, size))) * 100) / 100;
  return { attempts: n, percentCorrect, discrimination };
}
