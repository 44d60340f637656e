import type { LearningCategory } from '../catalogue/learning-module';
import { parseHours } from '../../shared/hours-text';
import { roundHours } from '../learning-record/hours';
import { horizonSplit, isHorizon, type Horizon, type HorizonSplit } from '../agency/seventy-thirty';

/**
 * An individual development plan (seed 001, seed 004): for one Thai fiscal year, per skill set, the hours a learner
 * plans in each 70/20/10 bucket and what they plan to do there. The supervisor agrees or comments; a changed plan
 * goes back to the supervisor.
 */
export const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];
export const MAX_PLAN_HOURS = 500;
export const MAX_ACTIVITY_TEXT = 500;

export interface PlanItem {
  skillSet: string;
  hours: Record<LearningCategory, number>;
  /** What the learner plans to do in each bucket (free text, may be empty). */
  activities: Record<LearningCategory, string>;
  /**
   * What each bucket's hours serve (70:30, seed 004 §4.5.4); a bucket left out does not say (plans saved before
   * it was asked, or a bucket without hours).
   */
  horizons?: Partial<Record<LearningCategory, Horizon>>;
}

export interface PlanProblem {
  /** The form field it belongs to: plan.<skill set>.h70 / .a70 …, or "plan" for the whole. */
  field: string;
  code:
    | 'HOURS_INVALID'
    | 'ACTIVITY_TOO_LONG'
    | 'ACTIVITY_WITHOUT_HOURS'
    | 'UNKNOWN_SKILL_SET'
    | 'EMPTY_PLAN'
    | 'HORIZON_INVALID';
  params?: Record<string, string | number>;
}

/** As the form sends it: per skill set, per bucket, hours as text and activities as text. */
export type PlanInput = Record<
  string,
  {
    hours: Partial<Record<LearningCategory, string>>;
    activities: Partial<Record<LearningCategory, string>>;
    /** 'current', 'future' or '' (not said). */
    horizons?: Partial<Record<LearningCategory, string>>;
  }
>;

/**
 * Checks a plan as entered. Hours are 0 to 500 in steps of a quarter hour (empty = 0); activities at most 500
 * characters, and only where hours are planned; at least one hour somewhere. Skill sets must be the framework's.
 * Returns the plan (skill sets with hours only, in the framework's order) or every problem found.
 */
export function checkPlan(
  input: PlanInput,
  skillSets: readonly string[],
): { ok: true; items: PlanItem[] } | { ok: false; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  for (const code of Object.keys(input))
    if (!skillSets.includes(code))
      problems.push({ field: 'plan', code: 'UNKNOWN_SKILL_SET', params: { code } });
  const items: PlanItem[] = [];
  for (const skillSet of skillSets) {
    const entered = input[skillSet];
    if (!entered) continue;
    const item: PlanItem = {
      skillSet,
      hours: { 70: 0, 20: 0, 10: 0 },
      activities: { 70: '', 20: '', 10: '' },
    };
    for (const c of CATEGORIES) {
      const raw = (entered.hours[c] ?? '').trim();
      const hours = raw === '' ? 0 : (parseHours(raw) ?? Number.NaN);
      const valid =
        Number.isFinite(hours) &&
        hours >= 0 &&
        hours <= MAX_PLAN_HOURS &&
        Math.round(hours * 4) === hours * 4;
      if (valid) item.hours[c] = hours;
      else
        problems.push({
          field: `plan.${skillSet}.h${c}`,
          code: 'HOURS_INVALID',
          params: { max: MAX_PLAN_HOURS },
        });
      const text = (entered.activities[c] ?? '').trim();
      if (text.length > MAX_ACTIVITY_TEXT)
        problems.push({
          field: `plan.${skillSet}.a${c}`,
          code: 'ACTIVITY_TOO_LONG',
          params: { max: MAX_ACTIVITY_TEXT },
        });
      else if (text && valid && hours === 0)
        problems.push({ field: `plan.${skillSet}.a${c}`, code: 'ACTIVITY_WITHOUT_HOURS' });
      item.activities[c] = text;
      const horizon = (entered.horizons?.[c] ?? '').trim();
      if (horizon !== '' && !isHorizon(horizon))
        problems.push({ field: `plan.${skillSet}.z${c}`, code: 'HORIZON_INVALID' });
      else if (isHorizon(horizon) && valid && hours > 0) (item.horizons ??= {})[c] = horizon;
    }
    if (CATEGORIES.some((c) => item.hours[c] > 0)) items.push(item);
  }
  if (problems.length === 0 && items.length === 0) problems.push({ field: 'plan', code: 'EMPTY_PLAN' });
  return problems.length ? { ok: false, problems } : { ok: true, items };
}

export type PlanStatus = 'awaiting' | 'agreed' | 'commented';

export interface PlanReview {
  planVersion: number;
  decision: 'agreed' | 'commented';
  comment?: string;
}

/** Where a plan stands: the supervisor's latest word counts only for the version it was given on. */
export function planStatus(
  version: number,
  reviews: readonly PlanReview[],
): { status: PlanStatus; comment?: string } {
  const latest = reviews.filter((r) => r.planVersion === version).at(-1);
  if (!latest) return { status: 'awaiting' };
  return { status: latest.decision, comment: latest.comment };
}

export interface PlanLine {
  skillSet: string;
  planned: Record<LearningCategory, number> & { total: number };
  actual: Record<LearningCategory, number> & { total: number };
  /** Actual of planned hours, whole percent (capped at 100); undefined when nothing is planned. */
  percent?: number;
}

/**
 * Planned against actual per skill set. `actual` gives hours that count in the plan's fiscal year, per skill set and
 * bucket. Skill sets with actual hours but no plan are listed after the planned ones.
 */
export function planVsActual(
  items: readonly PlanItem[],
  actual: ReadonlyMap<string, Record<LearningCategory, number>>,
): PlanLine[] {
  const lines = items.map((i): PlanLine => {
    const a = actual.get(i.skillSet) ?? { 70: 0, 20: 0, 10: 0 };
    const planned = { ...i.hours, total: roundHours(i.hours[70] + i.hours[20] + i.hours[10]) };
    const act = { 70: a[70], 20: a[20], 10: a[10], total: roundHours(a[70] + a[20] + a[10]) };
    return {
      skillSet: i.skillSet,
      planned,
      actual: act,
      percent: planned.total > 0 ? Math.min(100, Math.floor((act.total / planned.total) * 100)) : undefined,
    };
  });
  for (const [skillSet, a] of actual) {
    if (items.some((i) => i.skillSet === skillSet)) continue;
    lines.push({
      skillSet,
      planned: { 70: 0, 20: 0, 10: 0, total: 0 },
      actual: { ...a, total: roundHours(a[70] + a[20] + a[10]) },
    });
  }
  return lines;
}

/** What a plan's hours serve against 70:30: each bucket's planned hours with the horizon it says. */
export function plannedSplit(items: readonly PlanItem[]): HorizonSplit {
  return horizonSplit(
    items.flatMap((i) =>
      CATEGORIES.filter((c) => i.hours[c] > 0).map((c) => ({ hours: i.hours[c], horizon: i.horizons?.[c] })),
    ),
  );
}
