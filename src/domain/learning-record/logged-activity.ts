import type { LearningCategory } from '../catalogue/learning-module';
import { isActivityType } from './activity-types';
import { roundHours } from './hours';
import type { Horizon } from '../agency/seventy-thirty';
import { LECTURE_SHARE_LIMIT } from '../agency/lecture-share';

/** Learning done outside the tool, as a learner logs it. */
export interface LoggedActivity {
  activityType: string;
  title: string;
  category: LearningCategory;
  hours: number;
  skillHours: Array<{ skillSet: string; hours: number }>;
  /** ISO date. */
  occurredOn: string;
  reflection?: string;
  evidenceUrl?: string;
  /** What it serves (70:30, seed 004 §4.5.4); undefined: not stated. */
  horizon?: Horizon;
  /** Training (10) only: the share of its time that was lecture, whole percent (seed 004 §4.8.4). */
  lectureShare?: number;
}

export interface ActivityProblem {
  field: string;
  code:
    | 'UNKNOWN_ACTIVITY_TYPE'
    | 'HOURS_OUT_OF_RANGE'
    | 'NO_SKILL_SET'
    | 'UNKNOWN_SKILL_SET'
    | 'SKILL_HOURS_NOT_POSITIVE'
    | 'SKILL_HOURS_EXCEED_ACTIVITY'
    | 'DATE_IN_FUTURE'
    | 'DATE_TOO_OLD'
    | 'LECTURE_SHARE_REQUIRED'
    | 'LECTURE_SHARE_INVALID'
    | 'LECTURE_SHARE_NOT_TRAINING';
  params?: Record<string, string | number>;
}

export const MAX_ACTIVITY_HOURS = 500;

/**
 * Rules of a logged activity: a known type, 0 < hours ≤ 500, at least one skill set of the framework, hours
 * credited to skill sets positive and not above the activity's, a date no later than today and not more than
 * five years back. `today` is the learner's date (ISO).
 */
export function checkLoggedActivity(
  a: LoggedActivity,
  skillSets: ReadonlySet<string>,
  today: string,
): ActivityProblem[] {
  const problems: ActivityProblem[] = [];
  if (!isActivityType(a.activityType))
    problems.push({ field: 'activityType', code: 'UNKNOWN_ACTIVITY_TYPE' });
  if (!(a.hours > 0 && a.hours <= MAX_ACTIVITY_HOURS))
    problems.push({ field: 'hours', code: 'HOURS_OUT_OF_RANGE', params: { max: MAX_ACTIVITY_HOURS } });
  if (a.skillHours.length === 0) problems.push({ field: 'skillSets', code: 'NO_SKILL_SET' });
  a.skillHours.forEach((s) => {
    if (!skillSets.has(s.skillSet))
      problems.push({
        field: `skill.${s.skillSet}`,
        code: 'UNKNOWN_SKILL_SET',
        params: { code: s.skillSet },
      });
    else if (!(s.hours > 0))
      problems.push({ field: `skill.${s.skillSet}`, code: 'SKILL_HOURS_NOT_POSITIVE' });
  });
  const credited = roundHours(a.skillHours.reduce((sum, s) => sum + (s.hours > 0 ? s.hours : 0), 0));
  if (a.hours > 0 && credited > roundHours(a.hours))
    problems.push({
      field: 'skillSets',
      code: 'SKILL_HOURS_EXCEED_ACTIVITY',
      params: { credited, hours: a.hours },
    });
  problems.push(...lectureShareProblems(a));
  if (a.occurredOn > today) problems.push({ field: 'occurredOn', code: 'DATE_IN_FUTURE' });
  const [y, m, d] = today.split('-');
  if (a.occurredOn < `${Number(y) - 5}-${m}-${d}`)
    problems.push({ field: 'occurredOn', code: 'DATE_TOO_OLD', params: { years: 5 } });
  return problems;
}

/**
 * Training (10) says how much of it was lecture, a whole percent 0 to 100 (seed 004 §4.8.4: lecture at most 60 %,
 * other methods at least 40 %); other kinds of learning have no lecture share.
 */
export function lectureShareProblems(
  a: Pick<LoggedActivity, 'category' | 'lectureShare'>,
): ActivityProblem[] {
  const share = a.lectureShare;
  if (share === undefined)
    return a.category === 10 ? [{ field: 'lectureShare', code: 'LECTURE_SHARE_REQUIRED' }] : [];
  if (a.category !== 10) return [{ field: 'lectureShare', code: 'LECTURE_SHARE_NOT_TRAINING' }];
  if (!Number.isInteger(share) || share < 0 || share > 100)
    return [{ field: 'lectureShare', code: 'LECTURE_SHARE_INVALID', params: { limit: LECTURE_SHARE_LIMIT } }];
  return [];
}
