import { hoursShort, isCloseToEligible, nearestUnmet } from '../../src/domain/assessment/distance';
import type { MissingItem, Verdict } from '../../src/domain/assessment/eligibility';

const skill = (needed: number, have: number): MissingItem => ({
  code: 'SKILL_SET_HOURS',
  skillSet: 'DL',
  needed,
  have,
  short: needed - have,
});
const share = (short: number): MissingItem => ({
  code: 'CATEGORY_HOURS',
  category: 20,
  sharePercent: 20,
  short,
});
const notYet = (...missing: MissingItem[]): Verdict => ({ eligible: false, missing });

describe('how far a learner is from an assessment', () => {
  it.each<[string, boolean, Verdict]>([
    ['eligible already', false, { eligible: true }],
    ['20 % of the hours short (the edge)', true, notYet(skill(20, 16))],
    ['a little more than 20 % short', false, notYet(skill(20, 15.9))],
    ['two skill sets, 3 of 30 hours short together', true, notYet(skill(10, 8), skill(20, 19))],
    [
      'hours close but a module missing',
      false,
      notYet(skill(20, 19), { code: 'MODULE_NOT_COMPLETED', module: 'm' }),
    ],
    [
      'hours close but no self-assessment',
      false,
      notYet(skill(20, 19), { code: 'SELF_ASSESSMENT', withinMonths: 12 }),
    ],
    ['no target group', false, notYet({ code: 'NO_TARGET_GROUP' })],
    ['only a share missing: nothing to measure it by', false, notYet(share(1))],
    ['a share short counts with the hours', false, notYet(skill(20, 18), share(3))],
    ['a small share short with the hours', true, notYet(skill(20, 18), share(2))],
  ])('%s: close = %s', (_name, close, verdict) => {
    expect(isCloseToEligible(verdict)).toBe(close);
  });

  it('adds up the hours short of hour items only', () => {
    expect(hoursShort(notYet(skill(10, 4), share(2.5), { code: 'MODULE_NOT_COMPLETED', module: 'm' }))).toBe(
      8.5,
    );
    expect(hoursShort({ eligible: true })).toBe(0);
  });

  it('names as nearest the unmet assessment with the fewest items missing, then the fewest hours', () => {
    const results = [
      { code: 'A', verdict: { eligible: true } as Verdict },
      { code: 'B', verdict: notYet(skill(20, 2), { code: 'SELF_ASSESSMENT', withinMonths: 12 }) },
      { code: 'C', verdict: notYet(skill(20, 5)) },
      { code: 'D', verdict: notYet(skill(20, 10)) },
    ];
    expect(nearestUnmet(results)?.code).toBe('D');
    expect(nearestUnmet(results.slice(0, 2))?.code).toBe('B');
    expect(nearestUnmet(results.slice(0, 1))).toBeUndefined();
    expect(nearestUnmet([])).toBeUndefined();
  });
});
