import { stageRank } from './organisation-stage';
import type { Framework } from '../framework/framework';

/**
 * 70:30 (seed 004 §4.5.4): development serves today's work (the skills and abilities for the role expected now) and
 * prepares for future work (understanding and experience for the roles expected later: the next stage, a new role)
 * in the proportion 70 : 30. Plan items and record entries say which they serve; progress, the plan and the
 * organisation report show the split against 70:30. Separate from 70:20:10, which is about how one learns.
 */
export type Horizon = 'current' | 'future';

export const HORIZONS: readonly Horizon[] = ['current', 'future'];

/** The proportion the guideline sets, in percent of hours. */
export const HORIZON_TARGET: Readonly<Record<Horizon, number>> = { current: 70, future: 30 };

export function isHorizon(s: string): s is Horizon {
  return s === 'current' || s === 'future';
}

/**
 * What a development serves, from the stage or group it aims at (seed 004 §4.6.2): the stage in force (or an earlier
 * one) in one's own target group is today's work; a later stage, or another target group (a new role), is the future.
 */
export function horizonOf(
  f: Framework,
  own: { group: string; stageInForce: string },
  aimedAt: { group?: string; stage?: string },
): Horizon {
  if (aimedAt.group && aimedAt.group !== own.group) return 'future';
  if (aimedAt.stage && stageRank(f, aimedAt.stage) > stageRank(f, own.stageInForce)) return 'future';
  return 'current';
}

export interface HorizonSplit {
  hours: Record<Horizon, number> & { unstated: number; total: number };
  /** Whole percent of the hours that state a horizon; undefined when none do. */
  percent?: Record<Horizon, number>;
  /** More future hours needed for the future to reach 30 % of the stated hours (0 when it does). */
  futureShort: number;
  /** Within 5 points of 70:30 either way. */
  balanced: boolean;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The split of hours between today's and future work. Items without a horizon (entries made before it was
 * recorded) are counted apart and left out of the percentages.
 */
export function horizonSplit(items: ReadonlyArray<{ hours: number; horizon?: Horizon }>): HorizonSplit {
  const hours = { current: 0, future: 0, unstated: 0, total: 0 };
  for (const i of items) {
    hours[i.horizon ?? 'unstated'] += i.hours;
    hours.total += i.hours;
  }
  hours.current = r2(hours.current);
  hours.future = r2(hours.future);
  hours.unstated = r2(hours.unstated);
  hours.total = r2(hours.total);
  const stated = hours.current + hours.future;
  if (stated === 0) return { hours, futureShort: 0, balanced: false };
  const future = Math.round((hours.future / stated) * 100);
  const percent = { current: 100 - future, future };
  // future + x = 0.3 (stated + x)  =>  x = (0.3 stated - future) / 0.7
  const share = HORIZON_TARGET.future / 100;
  const futureShort = Math.max(0, Math.ceil(((share * stated - hours.future) / (1 - share)) * 4) / 4);
  return { hours, percent, futureShort, balanced: Math.abs(future - HORIZON_TARGET.future) <= 5 };
}

/**
 * What a module completion serves, by default (the learner did not say): today's work when the module is mapped
 * to a skill set the learner's own target group has target hours for at their stage (`ownSkillSets`, from the
 * development targets), the future when it is mapped only to others (a later stage's or another role's skill
 * sets). Undefined ("not stated") when the learner has no target group and stage yet, or no targets apply.
 */
export function completionHorizon(
  ownSkillSets: ReadonlySet<string> | undefined,
  mappings: ReadonlyArray<{ skillSet: string; hours: number }>,
): Horizon | undefined {
  if (!ownSkillSets || ownSkillSets.size === 0) return undefined;
  const mapped = mappings.filter((m) => m.hours > 0);
  if (mapped.length === 0) return undefined;
  return mapped.some((m) => ownSkillSets.has(m.skillSet)) ? 'current' : 'future';
}
