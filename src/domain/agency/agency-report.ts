import { horizonSplit, type HorizonSplit } from './seventy-thirty';
import type { TrainingLectureSummary } from './lecture-share';

/**
 * The organisation report's 70:30 and lecture-share figures (issue #18 items 8 and 9), per target group and in
 * total, from the tenant rollup's agency keys (migration 0041): hours that count by what they serve, and the
 * training with a recorded lecture share, with how much of it was over 60 % lecture.
 */

/** The rollup keys beside the skill sets; framework codes start with a capital, never with '~'. */
export const AGENCY_KEYS = {
  current: '~current',
  future: '~future',
  unstated: '~unstated',
  lectureHours: '~lecture',
  lectureCount: '~lecture#',
  heavyHours: '~lecture-heavy',
  heavyCount: '~lecture-heavy#',
} as const;

/** A tenant rollup row of an agency key (category 0). */
export interface AgencyRollupRow {
  targetGroup: string;
  key: string;
  hours: number;
}

export interface AgencyGroupLine {
  /** '' = learners who have not chosen a target group */
  group: string;
  split: HorizonSplit;
  lecture: TrainingLectureSummary;
}

export interface AgencyReport {
  groups: AgencyGroupLine[];
  total: AgencyGroupLine;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

function lineOf(group: string, rows: readonly AgencyRollupRow[]): AgencyGroupLine {
  const sum = (key: string) => r2(rows.filter((r) => r.key === key).reduce((s, r) => s + r.hours, 0));
  return {
    group,
    split: horizonSplit([
      { hours: sum(AGENCY_KEYS.current), horizon: 'current' },
      { hours: sum(AGENCY_KEYS.future), horizon: 'future' },
      { hours: sum(AGENCY_KEYS.unstated) },
    ]),
    lecture: {
      recorded: Math.round(sum(AGENCY_KEYS.lectureCount)),
      recordedHours: sum(AGENCY_KEYS.lectureHours),
      lectureHeavy: Math.round(sum(AGENCY_KEYS.heavyCount)),
      lectureHeavyHours: sum(AGENCY_KEYS.heavyHours),
    },
  };
}

/**
 * Per target group (the framework's, in its order, then any other group with hours, then "none chosen") and in
 * total. Groups without hours are left out.
 */
export function agencyReport(rows: readonly AgencyRollupRow[], groups: readonly string[]): AgencyReport {
  const seen = [...new Set(rows.map((r) => r.targetGroup))];
  const order = [
    ...groups.filter((g) => seen.includes(g)),
    ...seen.filter((g) => g !== '' && !groups.includes(g)),
    ...(seen.includes('') ? [''] : []),
  ];
  return {
    groups: order
      .map((g) =>
        lineOf(
          g,
          rows.filter((r) => r.targetGroup === g),
        ),
      )
      .filter((l) => l.split.hours.total > 0 || l.lecture.recorded > 0),
    total: lineOf('', rows),
  };
}
