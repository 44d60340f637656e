import type { Assessment } from '../../src/domain/assessment/eligibility';
import {
  effectiveAssessments,
  looserThan,
  loosenings,
  parseRuleForm,
  ruleChange,
  ruleFormValues,
  type RuleOverride,
} from '../../src/domain/assessment/rule-editing';

const shipped: Assessment[] = [
  {
    code: 'TPQI-DL',
    name: { th: 'ก', en: 'A' },
    description: { th: 'ก', en: 'A' },
    rules: {
      '*': { skillSets: [{ skillSet: 'DL', minHours: 10 }] },
      EXEC: { skillSets: [{ skillSet: 'DL', minHours: 5 }] },
    },
  },
];
const ctx = { skillSets: ['DL', 'DG'], publishedModules: new Set(['dl-basics', 'dg-pdpa']) };

describe('effectiveAssessments', () => {
  const o = (group: string, hours: number | null, contextId?: number): RuleOverride => ({
    assessment: 'TPQI-DL',
    targetGroup: group,
    contextId,
    rule: hours === null ? null : { skillSets: [{ skillSet: 'DL', minHours: hours }] },
  });
  const hours = (a: ReturnType<typeof effectiveAssessments>[number], g: string) =>
    a.rules[g]?.skillSets?.[0]?.minHours;

  it('keeps the shipped rules without edits', () => {
    const [a] = effectiveAssessments(shipped, []);
    expect([hours(a!, '*'), hours(a!, 'EXEC'), a!.sources]).toEqual([
      10,
      5,
      { '*': 'default', EXEC: 'default' },
    ]);
  });

  it("applies the organisation's edits, then the course's, for that course only", () => {
    const overrides = [o('*', 12), o('ACAD', 20), o('*', 15, 7)];
    const [org] = effectiveAssessments(shipped, overrides);
    expect([hours(org!, '*'), hours(org!, 'ACAD'), org!.sources['*'], org!.sources.ACAD]).toEqual([
      12,
      20,
      'organisation',
      'organisation',
    ]);
    const [course] = effectiveAssessments(shipped, overrides, 7);
    expect([hours(course!, '*'), course!.sources['*']]).toEqual([15, 'course']);
    const [other] = effectiveAssessments(shipped, overrides, 8);
    expect(hours(other!, '*')).toBe(12);
  });

  it('a reset (no rule) leaves the level below in force', () => {
    const [a] = effectiveAssessments(shipped, [o('*', null), o('EXEC', null, 7)], 7);
    expect([hours(a!, '*'), hours(a!, 'EXEC'), a!.sources.EXEC]).toEqual([10, 5, 'default']);
  });
});

describe('parseRuleForm', () => {
  it('reads hours, shares, modules and months; empty fields ask for nothing', () => {
    const r = parseRuleForm(
      {
        'skill.DL.min': '7.5',
        'skill.DL.share.20': '20',
        'skill.DG.min': '',
        'share.70': '50',
        selfAssessment: '12',
        recency: '',
      },
      ['dg-pdpa', 'dg-pdpa'],
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      rule: {
        skillSets: [{ skillSet: 'DL', minHours: 7.5, minShare: { 20: 20 } }],
        minShare: { 70: 50 },
        requiredModules: ['dg-pdpa'],
        selfAssessmentWithinMonths: 12,
      },
    });
    expect(ruleFormValues(r.ok ? r.rule : undefined)).toEqual({
      fields: { 'skill.DL.min': '7.5', 'skill.DL.share.20': '20', 'share.70': '50', selfAssessment: '12' },
      modules: ['dg-pdpa'],
    });
  });

  it.each([
    ['zero hours', { 'skill.DL.min': '0' }, [], 'skill.DL.min', 'HOURS'],
    ['hours not in quarters', { 'skill.DL.min': '1.1' }, [], 'skill.DL.min', 'HOURS'],
    ['over 1000 hours', { 'skill.DL.min': '1000.25' }, [], 'skill.DL.min', 'HOURS'],
    ['a share of 95', { 'share.10': '95' }, [], 'share.10', 'SHARE'],
    ['a share with decimals', { 'share.10': '12.5' }, [], 'share.10', 'SHARE'],
    [
      'shares over 100',
      { 'share.70': '60', 'share.20': '30', 'share.10': '20' },
      [],
      'share.70',
      'SHARES_OVER_100',
    ],
    [
      'a share inside a skill set without hours',
      { 'skill.DG.share.20': '10' },
      [],
      'skill.DG.min',
      'SHARE_WITHOUT_HOURS',
    ],
    ['an unpublished module', { selfAssessment: '6' }, ['draft-module'], 'modules', 'UNKNOWN_MODULE'],
    ['months out of range', { recency: '0' }, [], 'recency', 'MONTHS'],
    ['months not whole', { selfAssessment: '1.5' }, [], 'selfAssessment', 'MONTHS'],
    ['nothing asked', { recency: '12' }, [], 'rule', 'EMPTY_RULE'],
  ])('refuses %s', (_name, form, modules, field, code) => {
    const r = parseRuleForm(form as Record<string, string>, modules, ctx);
    expect(r.ok ? [] : r.problems).toContainEqual(expect.objectContaining({ field, code }));
  });
});

describe('looserThan', () => {
  const org = {
    skillSets: [{ skillSet: 'DL', minHours: 10, minShare: { 20: 20 as number } }],
    minShare: { 10: 10 as number },
    requiredModules: ['dl-basics'],
    selfAssessmentWithinMonths: 12,
    recencyMonths: 24,
  };
  it('accepts a course rule that asks at least as much', () => {
    expect(
      looserThan(
        {
          skillSets: [
            { skillSet: 'DL', minHours: 12, minShare: { 20: 25 } },
            { skillSet: 'DG', minHours: 2 },
          ],
          minShare: { 10: 10 },
          requiredModules: ['dl-basics', 'dg-pdpa'],
          selfAssessmentWithinMonths: 6,
          recencyMonths: 12,
        },
        org,
      ),
    ).toEqual([]);
    expect(looserThan({ recencyMonths: 1 }, undefined)).toEqual([]);
  });

  it('names every field where the course would ask less', () => {
    expect(
      looserThan({ skillSets: [{ skillSet: 'DL', minHours: 8 }], recencyMonths: 36 }, org).map(
        (p) => p.field,
      ),
    ).toEqual(['skill.DL.min', 'skill.DL.share.20', 'share.10', 'modules', 'selfAssessment', 'recency']);
  });
});

describe('loosenings: what an edit would drop', () => {
  const current = {
    skillSets: [{ skillSet: 'DL', minHours: 12, minShare: { 20: 10 as number } }],
    minShare: { 70: 50 as number },
    requiredModules: ['dl-basics', 'dg-pdpa'],
    selfAssessmentWithinMonths: 12,
    recencyMonths: 24,
  };

  it.each([
    ['the same rule', current, []],
    [
      'a stricter rule, with more besides',
      {
        ...current,
        skillSets: [
          { skillSet: 'DL', minHours: 15, minShare: { 20: 20 } },
          { skillSet: 'DG', minHours: 2 },
        ],
        requiredModules: ['dg-pdpa', 'dl-basics', 'dl-extra'],
        selfAssessmentWithinMonths: 6,
        recencyMonths: 12,
      },
      [],
    ],
    [
      'fewer hours',
      { ...current, skillSets: [{ skillSet: 'DL', minHours: 8, minShare: { 20: 10 } }] },
      [{ requirement: 'skillSetHours', skillSet: 'DL', from: 12, to: 8 }],
    ],
    [
      'a skill set left out (its hours and its share within)',
      { ...current, skillSets: [] },
      [
        { requirement: 'skillSetHours', skillSet: 'DL', from: 12 },
        { requirement: 'skillSetShare', skillSet: 'DL', category: 20, from: 10 },
      ],
    ],
    [
      'a lower share, and an overall share left out',
      { ...current, skillSets: [{ skillSet: 'DL', minHours: 12, minShare: { 20: 5 } }], minShare: undefined },
      [
        { requirement: 'skillSetShare', skillSet: 'DL', category: 20, from: 10, to: 5 },
        { requirement: 'share', category: 70, from: 50 },
      ],
    ],
    [
      'a required module left out',
      { ...current, requiredModules: ['dg-pdpa'] },
      [{ requirement: 'modules', modules: ['dl-basics'] }],
    ],
    [
      'an older self-assessment allowed, and no recency window',
      { ...current, selfAssessmentWithinMonths: 18, recencyMonths: undefined },
      [
        { requirement: 'selfAssessment', from: 12, to: 18 },
        { requirement: 'recency', from: 24 },
      ],
    ],
  ])('%s', (_name, next, dropped) => {
    expect(loosenings(next, current)).toEqual(dropped);
  });

  it('drops nothing where nothing was in force, and everything where the rule goes', () => {
    expect(loosenings(current, undefined)).toEqual([]);
    expect(loosenings(undefined, { recencyMonths: 6, selfAssessmentWithinMonths: 3 })).toEqual([
      { requirement: 'selfAssessment', from: 3 },
      { requirement: 'recency', from: 6 },
    ]);
  });
});

describe('ruleChange: an edit against the rule in force at its level', () => {
  const [a] = shipped;
  const org = (group: string, hours: number | null, contextId?: number): RuleOverride => ({
    assessment: 'TPQI-DL',
    targetGroup: group,
    contextId,
    rule: hours === null ? null : { skillSets: [{ skillSet: 'DL', minHours: hours }] },
  });

  it("compares a group without a rule of its own with the '*' rule it follows", () => {
    expect(ruleChange(a!, [], org('ACAD', 4)).dropped).toEqual([
      { requirement: 'skillSetHours', skillSet: 'DL', from: 10, to: 4 },
    ]);
    expect(ruleChange(a!, [], org('ACAD', 10)).dropped).toEqual([]);
  });

  it('sees a reset as the level below coming back, which may be looser', () => {
    // The organisation asked 20 of ACAD; resetting it brings back the shipped '*' rule of 10.
    expect(ruleChange(a!, [org('ACAD', 20)], org('ACAD', null))).toEqual({
      before: { skillSets: [{ skillSet: 'DL', minHours: 20 }] },
      after: { skillSets: [{ skillSet: 'DL', minHours: 10 }] },
      dropped: [{ requirement: 'skillSetHours', skillSet: 'DL', from: 20, to: 10 }],
    });
    // A course's reset brings back the organisation's rule for that course only.
    expect(ruleChange(a!, [org('*', 12), org('*', 15, 7)], org('*', null, 7)).dropped).toEqual([
      { requirement: 'skillSetHours', skillSet: 'DL', from: 15, to: 12 },
    ]);
    expect(ruleChange(a!, [org('*', 12)], org('*', null)).dropped).toEqual([
      { requirement: 'skillSetHours', skillSet: 'DL', from: 12, to: 10 },
    ]);
  });

  it("an organisation edit of '*' is judged against the organisation's rule, not a course's", () => {
    expect(ruleChange(a!, [org('*', 30, 7)], org('*', 11)).dropped).toEqual([]);
  });
});
