import type { LearningCategory } from '../catalogue/learning-module';
import type { Bilingual } from '../framework/framework';
import { roundHours } from './hours';
import type { Horizon } from '../agency/seventy-thirty';

export type EntryStatus = 'pending' | 'approved' | 'rejected';

export interface SkillHours {
  skillSet: string;
  area?: string;
  hours: number;
}

/** One row of the append-only learning record, as stored. */
export interface LedgerEntry {
  id: number;
  source: 'module' | 'activity' | 'import';
  /** A restatement is the owner's: the row it replaces with another horizon, every other value the same. */
  kind: 'entry' | 'correction' | 'reversal' | 'restatement';
  /** The entry this one corrects, reverses or restates (for every kind but entry). */
  correctsId?: number;
  title: string;
  /** A module completion's title in both languages (from the version completed). */
  moduleTitle?: Bilingual;
  activityType?: string;
  moduleId?: number;
  category: LearningCategory;
  hours: number;
  skillHours: SkillHours[];
  /** ISO date (YYYY-MM-DD) the learning happened. */
  occurredOn: string;
  /** The newest review decision; module completions and imports need none. */
  decision?: 'approved' | 'rejected';
  reviewComment?: string;
  /** Why a correction or reversal was written (required of the instructor writing it). */
  reason?: string;
  /** What it serves (70:30); undefined: not stated. */
  horizon?: Horizon;
  /** Training only: the share of lecture, whole percent. */
  lectureShare?: number;
}

/** An entry as it counts now: the original's identity with the values of its newest correction. */
export interface EffectiveEntry {
  /** The id of the original entry, stable across corrections. */
  id: number;
  /** The row whose values apply (the original or its newest correction). */
  currentId: number;
  source: LedgerEntry['source'];
  title: string;
  moduleTitle?: Bilingual;
  activityType?: string;
  moduleId?: number;
  category: LearningCategory;
  hours: number;
  skillHours: SkillHours[];
  occurredOn: string;
  status: EntryStatus;
  reviewComment?: string;
  /** The reason of the newest correction or reversal, shown to the learner with the entry. */
  reason?: string;
  reversed: boolean;
  corrected: boolean;
  /** What it serves (70:30); undefined: not stated. */
  horizon?: Horizon;
  /** Training only: the share of lecture, whole percent. */
  lectureShare?: number;
}

/**
 * Folds corrections and reversals into the entries they correct. A correction replaces the values of the entry
 * it names (corrections of corrections chain); a reversal takes the entry out of every total. Logged activities
 * count once the newest review of the original approved them; corrections carry the decision of their chain.
 *
 * This and `counts` are the one home of "which entries count". SQL holds three copies, since the database folds
 * records that never leave it (src/db/record-sql.ts, the rollup trigger of migration 0010);
 * test/integration/what-counts.agreement.test.ts runs one table of cases through this and every copy.
 */
export function effectiveEntries(rows: readonly LedgerEntry[]): EffectiveEntry[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const rootOf = (row: LedgerEntry): LedgerEntry => {
    let current = row;
    const seen = new Set<number>();
    while (current.correctsId !== undefined && byId.has(current.correctsId) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.correctsId)!;
    }
    return current;
  };
  // Newest row per chain: rows arrive in any order; the highest id of a chain is its newest.
  const newest = new Map<number, LedgerEntry>();
  for (const row of rows) {
    const root = rootOf(row);
    const prev = newest.get(root.id);
    if (!prev || row.id > prev.id) newest.set(root.id, row);
  }
  const result: EffectiveEntry[] = [];
  for (const [rootId, current] of newest) {
    const root = byId.get(rootId)!;
    // A review is of the original (the approvals queue lists originals): its decision holds for the whole chain.
    const decision = root.decision;
    const status: EntryStatus =
      root.source !== 'activity' ? 'approved' : decision === undefined ? 'pending' : decision;
    const values = current.kind === 'reversal' ? root : current;
    result.push({
      id: root.id,
      currentId: current.id,
      source: root.source,
      title: values.title,
      moduleTitle: root.moduleTitle,
      activityType: values.activityType ?? root.activityType,
      moduleId: root.moduleId,
      category: values.category,
      hours: values.hours,
      skillHours: values.skillHours,
      occurredOn: values.occurredOn,
      status,
      reviewComment: root.reviewComment,
      reason: current.kind === 'entry' ? undefined : current.reason,
      reversed: current.kind === 'reversal',
      // A restatement carries the reason of a correction it follows (migration 0054): still corrected then.
      corrected:
        current.kind === 'correction' || (current.kind === 'restatement' && current.reason !== undefined),
      ...(values.horizon ? { horizon: values.horizon } : {}),
      ...(values.lectureShare !== undefined ? { lectureShare: values.lectureShare } : {}),
    });
  }
  return result.sort((a, b) =>
    a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : b.id - a.id,
  );
}

/**
 * Why an entry can no longer be corrected or reversed, or undefined when it can: a reversal takes an entry out of
 * the record for good, and a rejected activity never counted (the learner logs it again if it should).
 */
export type CorrectionBlock = 'REVERSED' | 'REJECTED';
export function correctionBlock(e: { reversed: boolean; status: EntryStatus }): CorrectionBlock | undefined {
  if (e.reversed) return 'REVERSED';
  if (e.status === 'rejected') return 'REJECTED';
  return undefined;
}

/**
 * Why the owner cannot restate what an entry served (70:30), or undefined when they can: not once it is reversed
 * or rejected (as for a correction: it counts nowhere), and not to the horizon it already has (`UNCHANGED`: the
 * same answer twice writes nothing). Hours, category and the review stay as they are, so no approval is asked
 * again: the horizon is the learner's own statement of purpose, and neither what counts nor eligibility reads it.
 */
export type RestatementBlock = CorrectionBlock | 'UNCHANGED';
export function restatementBlock(
  e: { reversed: boolean; status: EntryStatus; horizon?: Horizon },
  horizon: Horizon,
): RestatementBlock | undefined {
  return correctionBlock(e) ?? (e.horizon === horizon ? 'UNCHANGED' : undefined);
}

/** Counts toward totals: approved (module completions and imports always are) and not reversed. */
export const counts = (e: EffectiveEntry): boolean => e.status === 'approved' && !e.reversed;

export interface LearningTotals {
  hours: number;
  byCategory: Record<LearningCategory, number>;
  /** Hours credited per skill set code (areas summed into their skill set). */
  bySkillSet: Map<string, number>;
  /** Hours credited per Digital Literacy area (or other area) code. */
  byArea: Map<string, number>;
}

export function totals(entries: readonly EffectiveEntry[]): LearningTotals {
  const byCategory: Record<LearningCategory, number> = { 70: 0, 20: 0, 10: 0 };
  const bySkillSet = new Map<string, number>();
  const byArea = new Map<string, number>();
  let hours = 0;
  for (const e of entries) {
    if (!counts(e)) continue;
    hours += e.hours;
    byCategory[e.category] += e.hours;
    for (const s of e.skillHours) {
      bySkillSet.set(s.skillSet, roundHours((bySkillSet.get(s.skillSet) ?? 0) + s.hours));
      if (s.area) byArea.set(s.area, roundHours((byArea.get(s.area) ?? 0) + s.hours));
    }
  }
  return {
    hours: roundHours(hours),
    byCategory: {
      70: roundHours(byCategory[70]),
      20: roundHours(byCategory[20]),
      10: roundHours(byCategory[10]),
    },
    bySkillSet,
    byArea,
  };
}

/**
 * The 70:20:10 mix as whole percentages that add up to 100 (largest remainder), or all zero with no hours.
 * Rounding each share on its own could show 33 + 33 + 33.
 */
export function learningMix(byCategory: Record<LearningCategory, number>): Record<LearningCategory, number> {
  const cats: LearningCategory[] = [70, 20, 10];
  const total = cats.reduce((s, c) => s + byCategory[c], 0);
  if (total <= 0) return { 70: 0, 20: 0, 10: 0 };
  const raw = cats.map((c) => (byCategory[c] / total) * 100);
  const floors = raw.map(Math.floor);
  let left = 100 - floors.reduce((s, n) => s + n, 0);
  const order = raw.map((r, i) => ({ i, rest: r - floors[i]! })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return { 70: floors[0]!, 20: floors[1]!, 10: floors[2]! };
}
