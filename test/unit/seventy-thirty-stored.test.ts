import { completionHorizon } from '../../src/domain/agency/seventy-thirty';
import { agencyReport, AGENCY_KEYS } from '../../src/domain/agency/agency-report';
import {
  targetSkillSets,
  type DevelopmentTargets,
} from '../../src/domain/learning-record/development-targets';
import { checkLoggedActivity, type LoggedActivity } from '../../src/domain/learning-record/logged-activity';
import { checkPlan, plannedSplit } from '../../src/domain/development/plan';
import { reviewFlags } from '../../src/domain/learning-record/review-flags';

// Issue #18 items 8 and 9 as stored: the default horizon of a completion, the lecture share of logged training,
// plan items' horizons, the approval flag and the report's figures from the rollup keys.

describe('what a module completion serves by default', () => {
  const own = new Set(['DL', 'DG']);
  it.each([
    ['mapped to one of the learner’s own skill sets', [{ skillSet: 'DL', hours: 2 }], 'current'],
    [
      'mapped to an own and another skill set',
      [
        { skillSet: 'DT', hours: 1 },
        { skillSet: 'DG', hours: 1 },
      ],
      'current',
    ],
    [
      'mapped only to skill sets without targets for the group and stage',
      [{ skillSet: 'DT', hours: 2 }],
      'future',
    ],
    [
      'whose own mapping credits no hours',
      [
        { skillSet: 'DL', hours: 0 },
        { skillSet: 'DT', hours: 1 },
      ],
      'future',
    ],
    ['mapped to nothing', [], undefined],
  ] as const)('a module %s: %s', (_name, mappings, expected) => {
    expect(completionHorizon(own, mappings)).toBe(expected);
  });

  it('is not stated without a target group and stage (no own skill sets)', () => {
    expect(completionHorizon(undefined, [{ skillSet: 'DL', hours: 1 }])).toBeUndefined();
    expect(completionHorizon(new Set(), [{ skillSet: 'DL', hours: 1 }])).toBeUndefined();
  });

  it('own skill sets are those with target hours above 0 for the group at the stage', () => {
    const t = {
      hours: { SERV: { EARLY: { DL: 6, DG: 0 }, MATURE: { DT: 4 } } },
    } as unknown as DevelopmentTargets;
    expect([...targetSkillSets(t, 'SERV', 'EARLY')]).toEqual(['DL']);
    expect([...targetSkillSets(t, 'SERV', 'DEVELOPING')]).toEqual([]);
    expect([...targetSkillSets(t, 'MGMT', 'EARLY')]).toEqual([]);
  });
});

describe('the lecture share of logged learning (seed 004 §4.8.4)', () => {
  const base: LoggedActivity = {
    activityType: 'workshop',
    title: 'A workshop',
    category: 10,
    hours: 3,
    skillHours: [{ skillSet: 'DL', hours: 3 }],
    occurredOn: '2026-11-01',
  };
  const codes = (a: Partial<LoggedActivity>) =>
    checkLoggedActivity({ ...base, ...a }, new Set(['DL']), '2026-12-01').map((p) => `${p.field}:${p.code}`);
  it.each([
    ['training with a share of 0', { lectureShare: 0 }, []],
    ['training with 60 (the limit)', { lectureShare: 60 }, []],
    ['training with 100', { lectureShare: 100 }, []],
    ['training without a share', {}, ['lectureShare:LECTURE_SHARE_REQUIRED']],
    ['training with 101', { lectureShare: 101 }, ['lectureShare:LECTURE_SHARE_INVALID']],
    ['training with -1', { lectureShare: -1 }, ['lectureShare:LECTURE_SHARE_INVALID']],
    ['training with 50.5', { lectureShare: 50.5 }, ['lectureShare:LECTURE_SHARE_INVALID']],
    [
      'coaching (20) with a share',
      { category: 20, lectureShare: 10 },
      ['lectureShare:LECTURE_SHARE_NOT_TRAINING'],
    ],
    ['coaching (20) without one', { category: 20 }, []],
  ] as const)('%s', (_name, a, expected) => {
    expect(codes(a as Partial<LoggedActivity>)).toEqual(expected);
  });
});

describe('plan items say what they serve', () => {
  it('keeps a horizon only where hours are planned, refuses one that is neither, and sums the planned split', () => {
    const checked = checkPlan(
      {
        DL: { hours: { 70: '7', 20: '' }, activities: {}, horizons: { 70: 'current', 20: 'future' } },
        DG: { hours: { 10: '3' }, activities: {}, horizons: { 10: 'future' } },
        DT: { hours: { 70: '2' }, activities: {}, horizons: { 70: '' } },
      },
      ['DL', 'DG', 'DT'],
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.items.map((i) => [i.skillSet, i.horizons])).toEqual([
      ['DL', { 70: 'current' }],
      ['DG', { 10: 'future' }],
      ['DT', undefined],
    ]);
    const split = plannedSplit(checked.items);
    expect(split.hours).toEqual({ current: 7, future: 3, unstated: 2, total: 12 });
    expect(split.percent).toEqual({ current: 70, future: 30 });
    expect(
      checkPlan({ DL: { hours: { 70: '1' }, activities: {}, horizons: { 70: 'later' } } }, ['DL']),
    ).toEqual({ ok: false, problems: [{ field: 'plan.DL.z70', code: 'HORIZON_INVALID' }] });
  });

  it('a plan saved before horizons were asked counts all its hours as not stated', () => {
    const split = plannedSplit([
      { skillSet: 'DL', hours: { 70: 6, 20: 2, 10: 0 }, activities: { 70: '', 20: '', 10: '' } },
    ]);
    expect(split.hours).toEqual({ current: 0, future: 0, unstated: 8, total: 8 });
    expect(split.percent).toBeUndefined();
  });
});

describe('the approval flag of lecture-heavy training', () => {
  const item = (id: number, lectureShare?: number) => ({
    id,
    personId: 1,
    activityType: 'workshop',
    title: `t${id}`,
    occurredOn: '2026-11-01',
    hours: 2,
    ...(lectureShare === undefined ? {} : { lectureShare }),
  });
  it('flags 61 % and above, not 60 % or an unrecorded share', () => {
    const flags = reviewFlags([item(1, 61), item(2, 60), item(3)], [], []);
    expect(flags.get(1)).toEqual([{ code: 'LECTURE_HEAVY', share: 61, limit: 60 }]);
    expect(flags.get(2)).toEqual([]);
    expect(flags.get(3)).toEqual([]);
  });
});

describe('the organisation report’s 70:30 and lecture figures from the rollup keys', () => {
  it('folds the keys per target group, in the framework’s order, with "none chosen" last, and in total', () => {
    const r = (targetGroup: string, key: string, hours: number) => ({ targetGroup, key, hours });
    const report = agencyReport(
      [
        r('', AGENCY_KEYS.unstated, 5),
        r('SERV', AGENCY_KEYS.current, 7),
        r('SERV', AGENCY_KEYS.future, 3),
        r('SERV', AGENCY_KEYS.lectureHours, 6),
        r('SERV', AGENCY_KEYS.lectureCount, 2),
        r('SERV', AGENCY_KEYS.heavyHours, 4),
        r('SERV', AGENCY_KEYS.heavyCount, 1),
        r('ACAD', AGENCY_KEYS.current, 2),
      ],
      ['ACAD', 'SERV', 'TECH'],
    );
    expect(report.groups.map((g) => g.group)).toEqual(['ACAD', 'SERV', '']);
    const serv = report.groups[1]!;
    expect(serv.split.percent).toEqual({ current: 70, future: 30 });
    expect(serv.lecture).toEqual({ recorded: 2, recordedHours: 6, lectureHeavy: 1, lectureHeavyHours: 4 });
    expect(report.total.split.hours).toEqual({ current: 9, future: 3, unstated: 5, total: 17 });
    expect(report.total.split.percent).toEqual({ current: 75, future: 25 });
  });
});
