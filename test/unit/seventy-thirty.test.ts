import { readFrameworkDir } from '../../src/content/framework-file';
import { horizonOf, horizonSplit, HORIZON_TARGET, isHorizon } from '../../src/domain/agency/seventy-thirty';

const ocsc = readFrameworkDir().find((f) => f.id === 'ocsc-digital-government-skills')!;

describe('70:30, today’s work and the future (seed 004 §4.5.4)', () => {
  it('is 70 today, 30 future', () => {
    expect(HORIZON_TARGET).toEqual({ current: 70, future: 30 });
    expect(isHorizon('future')).toBe(true);
    expect(isHorizon('later')).toBe(false);
  });

  it('the stage in force is today’s work; the next stage or a new role is the future (seed 004 §4.6.2)', () => {
    const own = { group: 'SERV', stageInForce: 'DEVELOPING' };
    expect(horizonOf(ocsc, own, { stage: 'DEVELOPING' })).toBe('current');
    expect(horizonOf(ocsc, own, { stage: 'EARLY' })).toBe('current');
    expect(horizonOf(ocsc, own, { stage: 'MATURE' })).toBe('future');
    expect(horizonOf(ocsc, own, { group: 'MGMT', stage: 'DEVELOPING' })).toBe('future');
    expect(horizonOf(ocsc, own, {})).toBe('current');
  });

  it('a plan of 14 hours today and 6 for the future is 70:30 and balanced', () => {
    expect(
      horizonSplit([
        { hours: 10, horizon: 'current' },
        { hours: 4, horizon: 'current' },
        { hours: 6, horizon: 'future' },
      ]),
    ).toEqual({
      hours: { current: 14, future: 6, unstated: 0, total: 20 },
      percent: { current: 70, future: 30 },
      futureShort: 0,
      balanced: true,
    });
  });

  it('all today and nothing for the future says how many future hours reach 30 %', () => {
    // 0 + x = 0.3 (18 + x) => x = 7.71…, to the next quarter hour
    const split = horizonSplit([{ hours: 18, horizon: 'current' }]);
    expect(split.percent).toEqual({ current: 100, future: 0 });
    expect(split.futureShort).toBe(7.75);
    expect(split.balanced).toBe(false);
  });

  it('entries without a horizon are counted apart and left out of the percentages', () => {
    const split = horizonSplit([
      { hours: 7, horizon: 'current' },
      { hours: 3, horizon: 'future' },
      { hours: 5 },
    ]);
    expect(split.hours).toEqual({ current: 7, future: 3, unstated: 5, total: 15 });
    expect(split.percent).toEqual({ current: 70, future: 30 });
    expect(horizonSplit([{ hours: 2 }])).toEqual({
      hours: { current: 0, future: 0, unstated: 2, total: 2 },
      futureShort: 0,
      balanced: false,
    });
  });
});
