import type { EntryStatus } from './ledger';
import { isLectureHeavy, LECTURE_SHARE_LIMIT } from '../agency/lecture-share';

/**
 * What a reviewer is told to look at twice before approving logged learning: an entry that repeats another of the
 * same person, and hours far above what that kind of activity usually takes. Flags inform; they decide nothing.
 */

/** A pending logged activity on the approvals page. */
export interface ReviewSubject {
  id: number;
  personId: number;
  activityType?: string;
  title: string;
  occurredOn: string;
  hours: number;
  /** Training's share of lecture, whole percent. */
  lectureShare?: number;
}

/** An entry of the same person's record as it counts now (the newest row of its chain). */
export interface RecordedEntry {
  id: number;
  personId: number;
  title: string;
  occurredOn: string;
  status: EntryStatus;
  reversed: boolean;
}

/** The hours of approved logged activities of one type across the organisation (see `usualHoursOf`). */
export interface UsualHours {
  activityType: string;
  count: number;
  median: number;
  p95: number;
}

export type ReviewFlag =
  | { code: 'DUPLICATE'; otherId: number; otherStatus: 'pending' | 'approved' }
  | { code: 'HOURS_ABOVE_USUAL'; hours: number; count: number; median: number; p95: number }
  | { code: 'HOURS_ABOVE_DAY'; hours: number; count: number; ceiling: number }
  /** Training over 60 % lecture (seed 004 §4.8.4): told, not refused; the report counts such courses. */
  | { code: 'LECTURE_HEAVY'; share: number; limit: number };

/**
 * Below this many approved entries of a type the percentiles say little (one long workshop would set the 95th
 * percentile), so the fixed ceiling applies instead.
 */
export const MIN_USUAL_SAMPLE = 20;
/** One working day: more than this on one dated entry is flagged while a type has too few approved entries. */
export const DAY_CEILING_HOURS = 8;

/**
 * Hours are "far above the usual" for their activity type when, among at least MIN_USUAL_SAMPLE approved entries
 * of that type in the organisation, they are above the 95th percentile (fewer than one in twenty approved
 * entries took as long) and at least twice the median (so that a tight distribution, where the 95th percentile
 * sits just above the median, does not flag entries a little longer than most). With fewer approved entries
 * there is no usual to compare with, and hours above one working day on one date are flagged instead.
 */
export function hoursFlag(hours: number, usual: UsualHours | undefined): ReviewFlag | undefined {
  const count = usual?.count ?? 0;
  if (usual && count >= MIN_USUAL_SAMPLE) {
    return hours > usual.p95 && hours >= 2 * usual.median
      ? { code: 'HOURS_ABOVE_USUAL', hours, count, median: usual.median, p95: usual.p95 }
      : undefined;
  }
  return hours > DAY_CEILING_HOURS
    ? { code: 'HOURS_ABOVE_DAY', hours, count, ceiling: DAY_CEILING_HOURS }
    : undefined;
}

/**
 * Median and 95th percentile of a sample, each by linear interpolation between the closest ranks (what
 * PostgreSQL's percentile_cont computes: the repository sums in SQL, test/integration checks they agree).
 */
export function usualHoursOf(activityType: string, hours: readonly number[]): UsualHours {
  const sorted = [...hours].sort((a, b) => a - b);
  const at = (p: number) => {
    if (sorted.length === 0) return 0;
    const rank = p * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
  };
  return { activityType, count: sorted.length, median: at(0.5), p95: at(0.95) };
}

/**
 * A title as compared for duplicates: case, spaces (including the zero-width spaces Thai text often carries)
 * and Unicode compatibility forms ignored, so "Google Sheets" and "google  sheets" are the same activity.
 */
export function comparableTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(?:\s|\u200b|\u200c|\u200d|\ufeff)+/g, '');
}

/**
 * The flags of each pending entry: another entry of the same person on the same date with the same title that is
 * pending or already counts (rejected and reversed ones are out of the record), and hours far above the usual.
 */
export function reviewFlags(
  items: readonly ReviewSubject[],
  record: readonly RecordedEntry[],
  usual: readonly UsualHours[],
): Map<number, ReviewFlag[]> {
  const key = (personId: number, occurredOn: string, title: string) =>
    `${personId}|${occurredOn}|${comparableTitle(title)}`;
  const live = new Map<string, RecordedEntry[]>();
  for (const e of record) {
    if (e.reversed || e.status === 'rejected') continue;
    const k = key(e.personId, e.occurredOn, e.title);
    live.set(k, [...(live.get(k) ?? []), e]);
  }
  const usualOf = new Map(usual.map((u) => [u.activityType, u]));
  const flags = new Map<number, ReviewFlag[]>();
  for (const item of items) {
    const found: ReviewFlag[] = [];
    // The counted one first: it is the stronger reason to reject.
    const others = (live.get(key(item.personId, item.occurredOn, item.title)) ?? [])
      .filter((e) => e.id !== item.id)
      .sort((a, b) => (a.status === b.status ? a.id - b.id : a.status === 'approved' ? -1 : 1));
    const other = others[0];
    if (other)
      found.push({
        code: 'DUPLICATE',
        otherId: other.id,
        otherStatus: other.status === 'approved' ? 'approved' : 'pending',
      });
    const hours = hoursFlag(item.hours, item.activityType ? usualOf.get(item.activityType) : undefined);
    if (hours) found.push(hours);
    if (isLectureHeavy(item.lectureShare))
      found.push({ code: 'LECTURE_HEAVY', share: item.lectureShare!, limit: LECTURE_SHARE_LIMIT });
    flags.set(item.id, found);
  }
  return flags;
}
