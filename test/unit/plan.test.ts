import { checkPlan, planStatus, planVsActual, type PlanInput } from '../../src/domain/development/plan';

const skillSets = ['DL', 'DG', 'DT'];
const row = (h: [string, string, string], a: [string, string, string] = ['', '', '']) => ({
  hours: { 70: h[0], 20: h[1], 10: h[2] },
  activities: { 70: a[0], 20: a[1], 10: a[2] },
});

describe('checkPlan', () => {
  it('keeps skill sets with hours, in the framework order, empty hours as 0, trimmed activities', () => {
    const r = checkPlan(
      {
        DT: row(['', '', '']),
        DG: row(['1.25', '', ''], [' งานจริง ', '', '']),
        DL: row(['6', '2', '1'], ['a', 'b', 'c']),
      },
      skillSets,
    );
    expect(r).toEqual({
      ok: true,
      items: [
        { skillSet: 'DL', hours: { 70: 6, 20: 2, 10: 1 }, activities: { 70: 'a', 20: 'b', 10: 'c' } },
        { skillSet: 'DG', hours: { 70: 1.25, 20: 0, 10: 0 }, activities: { 70: 'งานจริง', 20: '', 10: '' } },
      ],
    });
  });

  it.each([
    ['negative hours', { DL: row(['-1', '', '']) }, 'plan.DL.h70', 'HOURS_INVALID'],
    ['not a number', { DL: row(['abc', '', '']) }, 'plan.DL.h70', 'HOURS_INVALID'],
    ['not a quarter hour', { DL: row(['', '1.3', '']) }, 'plan.DL.h20', 'HOURS_INVALID'],
    ['over 500', { DL: row(['', '', '500.25']) }, 'plan.DL.h10', 'HOURS_INVALID'],
    [
      'activities too long',
      { DL: row(['1', '', ''], ['x'.repeat(501), '', '']) },
      'plan.DL.a70',
      'ACTIVITY_TOO_LONG',
    ],
    [
      'activities without hours',
      { DL: row(['1', '0', ''], ['', 'mentor', '']) },
      'plan.DL.a20',
      'ACTIVITY_WITHOUT_HOURS',
    ],
    [
      'activities with empty hours',
      { DL: row(['1', '', ''], ['', '', 'course']) },
      'plan.DL.a10',
      'ACTIVITY_WITHOUT_HOURS',
    ],
    ['an unknown skill set', { XX: row(['1', '', '']) }, 'plan', 'UNKNOWN_SKILL_SET'],
    ['nothing planned', { DL: row(['', '0', '']) }, 'plan', 'EMPTY_PLAN'],
    ['an empty form', {}, 'plan', 'EMPTY_PLAN'],
  ])('refuses %s', (_name, input, field, code) => {
    const r = checkPlan(input as PlanInput, skillSets);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('allows exactly 500 hours and reports every problem at once', () => {
    expect(checkPlan({ DL: row(['500', '', '']) }, skillSets).ok).toBe(true);
    const r = checkPlan({ DL: row(['x', 'y', '']), DG: row(['', '', '-2']) }, skillSets);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['plan.DL.h70', 'plan.DL.h20', 'plan.DG.h10']);
  });
});

describe('planStatus', () => {
  it.each([
    ['no word yet', 1, [], 'awaiting'],
    ['agreed on this version', 2, [{ planVersion: 2, decision: 'agreed' as const }], 'agreed'],
    [
      'a comment after an agreement',
      2,
      [
        { planVersion: 2, decision: 'agreed' as const },
        { planVersion: 2, decision: 'commented' as const, comment: 'more 20' },
      ],
      'commented',
    ],
    ['agreed on an older version only', 3, [{ planVersion: 2, decision: 'agreed' as const }], 'awaiting'],
  ])('%s', (_name, version, reviews, status) => {
    expect(planStatus(version, reviews).status).toBe(status);
  });
});

describe('planVsActual', () => {
  it('compares per skill set, caps the percentage at 100 and lists unplanned learning after', () => {
    const lines = planVsActual(
      [
        { skillSet: 'DL', hours: { 70: 6, 20: 2, 10: 2 }, activities: { 70: '', 20: '', 10: '' } },
        { skillSet: 'DG', hours: { 70: 1, 20: 0, 10: 0 }, activities: { 70: '', 20: '', 10: '' } },
      ],
      new Map([
        ['DL', { 70: 3, 20: 1.5, 10: 0 }],
        ['DG', { 70: 2, 20: 0, 10: 0 }],
        ['DT', { 70: 0, 20: 0, 10: 1 }],
      ]),
    );
    expect(lines.map((l) => [l.skillSet, l.planned.total, l.actual.total, l.percent])).toEqual([
      ['DL', 10, 4.5, 45],
      ['DG', 1, 2, 100],
      ['DT', 0, 1, undefined],
    ]);
    expect(lines[0]!.actual).toEqual({ 70: 3, 20: 1.5, 10: 0, total: 4.5 });
  });
});
