import {
  comparableTitle,
  hoursFlag,
  reviewFlags,
  usualHoursOf,
  type RecordedEntry,
  type ReviewSubject,
} from '../../src/domain/learning-record/review-flags';

const sample = (n: number, hours: number) => Array.from({ length: n }, () => hours);

describe('hours far above the usual', () => {
  // 40 approved workshops: 38 of 3 h, 2 of 6 h -> median 3, p95 (rank 37.05) = 3.15.
  const workshops = usualHoursOf('workshop', [...sample(38, 3), 6, 6]);

  it('computes median and 95th percentile by linear interpolation, as percentile_cont', () => {
    const four = usualHoursOf('x', [4, 1, 3, 2]);
    expect([four.count, four.median]).toEqual([4, 2.5]);
    expect(four.p95).toBeCloseTo(3.85, 10);
    expect(workshops.median).toBe(3);
    expect(workshops.p95).toBeCloseTo(3.15, 10);
    expect(usualHoursOf('x', [])).toEqual({ activityType: 'x', count: 0, median: 0, p95: 0 });
  });

  it.each([
    [3, undefined, 'at the median'],
    [5, undefined, 'above the 95th percentile but less than twice the median'],
    [6, 'HOURS_ABOVE_USUAL', 'above the 95th percentile and twice the median'],
    [40, 'HOURS_ABOVE_USUAL', 'far above'],
  ] as Array<[number, string | undefined, string]>)('with a sample of 40, %d h -> %s (%s)', (hours, code) => {
    expect(hoursFlag(hours, workshops)?.code).toBe(code);
  });

  it('with a tight distribution, twice the median is needed even above the 95th percentile', () => {
    const tight = usualHoursOf('coaching', [...sample(19, 2), 2.5]);
    expect(tight.p95).toBeCloseTo(2.025, 10);
    expect(hoursFlag(3, tight)).toBeUndefined();
    expect(hoursFlag(4, tight)).toEqual({
      code: 'HOURS_ABOVE_USUAL',
      hours: 4,
      count: 20,
      median: 2,
      p95: tight.p95,
    });
  });

  it.each([
    [8, undefined],
    [8.5, 'HOURS_ABOVE_DAY'],
  ])(
    'with fewer than 20 approved entries (or none), %d h is judged against one working day: %s',
    (hours, code) => {
      expect(hoursFlag(hours, usualHoursOf('mentoring', sample(19, 1)))?.code).toBe(code);
      expect(hoursFlag(hours, undefined)?.code).toBe(code);
    },
  );

  it('says what it compared with', () => {
    expect(hoursFlag(12, undefined)).toEqual({ code: 'HOURS_ABOVE_DAY', hours: 12, count: 0, ceiling: 8 });
  });
});

describe('duplicates', () => {
  it('ignores case, spaces, zero-width spaces and compatibility forms in titles', () => {
    expect(comparableTitle('  Google  Sheets ')).toBe(comparableTitle('google sheets'));
    expect(comparableTitle('อบรม\u200bการใช้ Excel')).toBe(comparableTitle('อบรมการใช้ excel'));
    expect(comparableTitle('Ｅｘｃｅｌ')).toBe('excel');
    expect(comparableTitle('Excel 1')).not.toBe(comparableTitle('Excel 2'));
  });

  const item = (o: Partial<ReviewSubject> = {}): ReviewSubject => ({
    id: 10,
    personId: 1,
    activityType: 'workshop',
    title: 'Pivot Tables',
    occurredOn: '2026-11-02',
    hours: 2,
    ...o,
  });
  const rec = (o: Partial<RecordedEntry>): RecordedEntry => ({
    id: 1,
    personId: 1,
    title: 'pivot  tables',
    occurredOn: '2026-11-02',
    status: 'approved',
    reversed: false,
    ...o,
  });

  it.each([
    ['an approved one', [rec({ id: 3 })], { code: 'DUPLICATE', otherId: 3, otherStatus: 'approved' }],
    [
      'a pending one',
      [rec({ id: 4, status: 'pending' })],
      { code: 'DUPLICATE', otherId: 4, otherStatus: 'pending' },
    ],
    [
      'both, the counted one named',
      [rec({ id: 4, status: 'pending' }), rec({ id: 5 })],
      { code: 'DUPLICATE', otherId: 5, otherStatus: 'approved' },
    ],
  ])(
    'when the same person has %s on the same date with the same title, then it is flagged',
    (_, record, flag) => {
      expect(reviewFlags([item()], [rec({ id: 10, status: 'pending' }), ...record], []).get(10)).toEqual([
        flag,
      ]);
    },
  );

  it.each([
    ['itself', rec({ id: 10, status: 'pending' })],
    ['a rejected one', rec({ id: 3, status: 'rejected' })],
    ['a reversed one', rec({ id: 3, reversed: true })],
    ['another date', rec({ id: 3, occurredOn: '2026-11-03' })],
    ['another title', rec({ id: 3, title: 'Pivot tables 2' })],
    ["another person's", rec({ id: 3, personId: 2 })],
  ])('when the only match is %s, then nothing is flagged', (_, other) => {
    expect(reviewFlags([item()], [other], []).get(10)).toEqual([]);
  });

  it('flags a duplicate and long hours together', () => {
    expect(reviewFlags([item({ hours: 9 })], [rec({ id: 3 })], []).get(10)).toEqual([
      { code: 'DUPLICATE', otherId: 3, otherStatus: 'approved' },
      { code: 'HOURS_ABOVE_DAY', hours: 9, count: 0, ceiling: 8 },
    ]);
  });
});
