import {
  evaluateEligibilities,
  evaluateEligibility,
  monthsBefore,
  type Assessment,
  type EligibilityRule,
  type LearnerRecord,
} from '../../src/domain/assessment/eligibility';
import { counts, type EffectiveEntry } from '../../src/domain/learning-record/ledger';

let id = 1;
function entry(o: Partial<EffectiveEntry> & { skillSet?: string } = {}): EffectiveEntry {
  const hours = o.hours ?? 2;
  return {
    id: id++,
    currentId: id,
    source: 'activity',
    title: 't',
    category: 70,
    hours,
    skillHours: [{ skillSet: o.skillSet ?? 'DL', hours }],
    occurredOn: '2026-06-01',
    status: 'approved',
    reversed: false,
    corrected: false,
    ...o,
  };
}
const assessment = (rules: Record<string, EligibilityRule>): Assessment => ({
  code: 'TPQI-DL',
  name: { th: 'x', en: 'x' },
  description: { th: 'x', en: 'x' },
  rules,
});
/** The record as the repository hands it over: only entries that count. */
const record = (
  o: Partial<Omit<LearnerRecord, 'entries'>> & { entries?: EffectiveEntry[] } = {},
): LearnerRecord => ({
  targetGroup: 'SERV',
  completedModules: new Set(),
  selfAssessments: [],
  ...o,
  entries: (o.entries ?? []).filter(counts),
});
const TODAY = '2026-11-23';

describe('evaluateEligibility', () => {
  it('an empty rule is met by anyone with a group', () => {
    expect(evaluateEligibility(record(), assessment({ '*': {} }), TODAY)).toEqual({ eligible: true });
  });

  it('without a rule for the group (and no "*"), the learner must choose a target group first', () => {
    expect(evaluateEligibility(record({ targetGroup: undefined }), assessment({ EXEC: {} }), TODAY)).toEqual({
      eligible: false,
      missing: [{ code: 'NO_TARGET_GROUP' }],
    });
  });

  it('a group rule wins over "*"', () => {
    const a = assessment({ '*': { skillSets: [{ skillSet: 'DL', minHours: 100 }] }, SERV: {} });
    expect(evaluateEligibility(record(), a, TODAY).eligible).toBe(true);
  });

  it.each([
    // [hours credited to DL, needed, short]
    [[], 12, 12],
    [[2, 3.5], 12, 6.5],
    [[11.9], 12, 0.25],
    [[12], 12, 0],
    [[20], 12, 0],
  ])('DL hours %j against a minimum of %i: short %d', (hours, needed, short) => {
    const r = record({ entries: hours.map((h) => entry({ hours: h })) });
    const v = evaluateEligibility(
      r,
      assessment({ '*': { skillSets: [{ skillSet: 'DL', minHours: needed }] } }),
      TODAY,
    );
    if (short === 0) expect(v).toEqual({ eligible: true });
    else
      expect(v).toEqual({
        eligible: false,
        missing: [expect.objectContaining({ code: 'SKILL_SET_HOURS', skillSet: 'DL', needed, short })],
      });
  });

  it('counts only approved, unreversed entries up to today', () => {
    const r = record({
      entries: [
        entry({ hours: 4 }),
        entry({ hours: 4, status: 'pending' }),
        entry({ hours: 4, status: 'rejected' }),
        entry({ hours: 4, reversed: true }),
        entry({ hours: 4, occurredOn: '2026-12-01' }),
      ],
    });
    const v = evaluateEligibility(
      r,
      assessment({ '*': { skillSets: [{ skillSet: 'DL', minHours: 5 }] } }),
      TODAY,
    );
    expect(v).toEqual({ eligible: false, missing: [expect.objectContaining({ have: 4, short: 1 })] });
  });

  it('the recency window drops older entries (edge: the first day of the window counts)', () => {
    const rule = { '*': { recencyMonths: 24, skillSets: [{ skillSet: 'DL', minHours: 4 }] } };
    const onEdge = record({ entries: [entry({ hours: 4, occurredOn: '2024-11-23' })] });
    const before = record({ entries: [entry({ hours: 4, occurredOn: '2024-11-22' })] });
    expect(evaluateEligibility(onEdge, assessment(rule), TODAY).eligible).toBe(true);
    expect(evaluateEligibility(before, assessment(rule), TODAY).eligible).toBe(false);
  });

  it('a minimum share of learning from others inside a skill set says how many more hours of 20 are needed', () => {
    // 12 h of DL, all 70; 25 % must be 20: x / (12 + x) >= 0.25 -> x = 4.
    const r = record({ entries: [entry({ hours: 12 })] });
    const rule = { '*': { skillSets: [{ skillSet: 'DL', minHours: 12, minShare: { 20: 25 } }] } };
    expect(evaluateEligibility(r, assessment(rule), TODAY)).toEqual({
      eligible: false,
      missing: [{ code: 'CATEGORY_HOURS', category: 20, skillSet: 'DL', sharePercent: 25, short: 4 }],
    });
    // 9 h of 70 and 3 h of 20 make 25 %.
    const met = record({ entries: [entry({ hours: 9 }), entry({ hours: 3, category: 20 })] });
    expect(evaluateEligibility(met, assessment(rule), TODAY).eligible).toBe(true);
  });

  it('a share across the whole record, rounded up to the quarter hour', () => {
    // 10 h of 70, 0 of 10; 10 % of 10: x / (10 + x) >= 0.1 -> x = 1.11 -> 1.25.
    const r = record({ entries: [entry({ hours: 10 })] });
    expect(evaluateEligibility(r, assessment({ '*': { minShare: { 10: 10 } } }), TODAY)).toEqual({
      eligible: false,
      missing: [{ code: 'CATEGORY_HOURS', category: 10, sharePercent: 10, short: 1.25 }],
    });
  });

  it('required modules and a recent self-assessment (edge: exactly N months ago counts)', () => {
    const rule = {
      '*': {
        requiredModules: ['dl-computer-basics', 'dg-pdpa-for-officials'],
        selfAssessmentWithinMonths: 12,
      },
    };
    const r = record({ completedModules: new Set(['dl-computer-basics']), selfAssessments: ['2025-11-22'] });
    expect(evaluateEligibility(r, assessment(rule), TODAY)).toEqual({
      eligible: false,
      missing: [
        { code: 'MODULE_NOT_COMPLETED', module: 'dg-pdpa-for-officials' },
        { code: 'SELF_ASSESSMENT', withinMonths: 12, lastTaken: '2025-11-22' },
      ],
    });
    const ok = record({
      completedModules: new Set(['dl-computer-basics', 'dg-pdpa-for-officials']),
      selfAssessments: ['2025-11-23'],
    });
    expect(evaluateEligibility(ok, assessment(rule), TODAY)).toEqual({ eligible: true });
  });

  it('lists every missing item at once', () => {
    const rule = {
      '*': {
        skillSets: [
          { skillSet: 'DL', minHours: 2 },
          { skillSet: 'DG', minHours: 3 },
        ],
        selfAssessmentWithinMonths: 6,
      },
    };
    const v = evaluateEligibility(record(), assessment(rule), TODAY);
    expect(v.eligible === false && v.missing.map((m) => m.code)).toEqual([
      'SKILL_SET_HOURS',
      'SKILL_SET_HOURS',
      'SELF_ASSESSMENT',
    ]);
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-11-23', 12, '2025-11-23'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 24, '2024-01-15'],
    ['2026-01-31', 1, '2025-12-31'],
    ['2100-03-31', 1, '2100-02-28'],
    ['2000-03-31', 1, '2000-02-29'],
    ['2026-12-31', 120, '2016-12-31'],
  ])('%s minus %i months is %s', (today, months, expected) =>
    expect(monthsBefore(today, months)).toBe(expected),
  );

  it('agrees with calendar arithmetic on every day of 2023-2025 for 1 to 120 months', () => {
    const byCalendar = (today: string, months: number) => {
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      const last = new Date(Date.UTC(y, m - 1 - months + 1, 0)).getUTCDate();
      return new Date(Date.UTC(y, m - 1 - months, Math.min(d, last))).toISOString().slice(0, 10);
    };
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2026, 0, 1); t += 86_400_000) {
      const today = new Date(t).toISOString().slice(0, 10);
      for (const months of [1, 2, 6, 11, 12, 13, 24, 36, 120])
        expect(monthsBefore(today, months)).toBe(byCalendar(today, months));
    }
  });
});

describe('evaluateEligibilities', () => {
  it('judges several assessments at once exactly as one by one, windows shared or not, and keeps nothing', () => {
    const r = record({
      entries: [
        entry(),
        entry({ category: 20, occurredOn: '2026-01-10' }),
        entry({ occurredOn: '2025-02-01' }),
      ],
    });
    const list = [
      assessment({ '*': { recencyMonths: 12, skillSets: [{ skillSet: 'DL', minHours: 1 }] } }),
      assessment({ '*': { recencyMonths: 12, minShare: { 20: 30 } } }),
      assessment({ '*': { recencyMonths: 3, skillSets: [{ skillSet: 'DL', minHours: 100 }] } }),
      assessment({ '*': {} }),
    ];
    const together = evaluateEligibilities(r, list, TODAY);
    expect(together).toEqual(list.map((a) => evaluateEligibility(r, a, TODAY)));
    // Another day gives that day's verdicts: nothing is remembered from the first call.
    expect(evaluateEligibilities(r, list, '2040-01-01')).toEqual(
      list.map((a) => evaluateEligibility(r, a, '2040-01-01')),
    );
  });
});
