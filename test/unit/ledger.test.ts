import {
  correctionBlock,
  effectiveEntries,
  learningMix,
  restatementBlock,
  totals,
  type LedgerEntry,
} from '../../src/domain/learning-record/ledger';
import { fiscalYear, fiscalYearOf, fiscalYearRange } from '../../src/domain/learning-record/fiscal-year';
import { defaultCategory, isActivityType } from '../../src/domain/learning-record/activity-types';

let nextId = 1;
function entry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id: nextId++,
    source: 'module',
    kind: 'entry',
    title: 'Spreadsheets',
    moduleId: 1,
    category: 70,
    hours: 2,
    skillHours: [{ skillSet: 'DL', area: 'DL-SPREADSHEET', hours: 2 }],
    occurredOn: '2026-01-15',
    ...overrides,
  };
}

describe('learning record totals', () => {
  it('sums hours per category, skill set and area from approved entries only', () => {
    const rows = [
      entry(),
      entry({
        source: 'activity',
        category: 20,
        hours: 3,
        skillHours: [{ skillSet: 'DG', hours: 3 }],
        decision: 'approved',
      }),
      entry({ source: 'activity', category: 20, hours: 5, skillHours: [{ skillSet: 'DG', hours: 5 }] }),
      entry({
        source: 'activity',
        category: 10,
        hours: 4,
        skillHours: [{ skillSet: 'DT', hours: 4 }],
        decision: 'rejected',
      }),
    ];
    const t = totals(effectiveEntries(rows));
    expect(t.hours).toBe(5);
    expect(t.byCategory).toEqual({ 70: 2, 20: 3, 10: 0 });
    expect(Object.fromEntries(t.bySkillSet)).toEqual({ DL: 2, DG: 3 });
    expect(Object.fromEntries(t.byArea)).toEqual({ 'DL-SPREADSHEET': 2 });
  });

  it('reports each entry status: module completions approved, activities pending until reviewed', () => {
    const [a, b, c] = [
      entry(),
      entry({ source: 'activity' }),
      entry({ source: 'activity', decision: 'rejected', reviewComment: 'no evidence' }),
    ];
    const byId = new Map(effectiveEntries([a!, b!, c!]).map((e) => [e.id, e]));
    expect(byId.get(a!.id)!.status).toBe('approved');
    expect(byId.get(b!.id)!.status).toBe('pending');
    expect(byId.get(c!.id)).toMatchObject({ status: 'rejected', reviewComment: 'no evidence' });
  });

  it('a correction replaces the values of the entry it corrects; a later correction wins', () => {
    const original = entry({ hours: 2 });
    const fix1 = entry({
      kind: 'correction',
      correctsId: original.id,
      hours: 1.5,
      skillHours: [{ skillSet: 'DL', hours: 1.5 }],
    });
    const fix2 = entry({
      kind: 'correction',
      correctsId: fix1.id,
      hours: 1.25,
      skillHours: [{ skillSet: 'DL', hours: 1.25 }],
    });
    const effective = effectiveEntries([fix2, original, fix1]);
    expect(effective).toHaveLength(1);
    expect(effective[0]).toMatchObject({ id: original.id, currentId: fix2.id, hours: 1.25, corrected: true });
    expect(totals(effective).hours).toBe(1.25);
  });

  it('a reversal takes the entry out of every total but keeps it in the history', () => {
    const original = entry({ hours: 2 });
    const reversal = entry({ kind: 'reversal', correctsId: original.id, hours: 0, skillHours: [] });
    const effective = effectiveEntries([original, reversal]);
    expect(effective[0]).toMatchObject({ id: original.id, reversed: true, hours: 2 });
    expect(totals(effective)).toMatchObject({ hours: 0, byCategory: { 70: 0, 20: 0, 10: 0 } });
  });

  it('keeps two-decimal sums exact (no 0.1 + 0.2 drift)', () => {
    const rows = [0.1, 0.2, 0.7].map((h) => entry({ hours: h, skillHours: [{ skillSet: 'DL', hours: h }] }));
    expect(totals(effectiveEntries(rows)).bySkillSet.get('DL')).toBe(1);
  });
});

describe('why an entry stands as it does', () => {
  it('takes the decision and comment of the review of the original only, for the whole chain', () => {
    const a = entry({ source: 'activity' });
    // A review row on a correction (no screen writes one) decides nothing: the SQL copies read the original's.
    const fix = entry({
      kind: 'correction',
      correctsId: a.id,
      hours: 1,
      decision: 'approved',
      reviewComment: 'x',
    });
    const b = entry({ source: 'activity', decision: 'approved', reviewComment: 'fine' });
    const fixB = entry({ kind: 'correction', correctsId: b.id, hours: 1, decision: 'rejected' });
    const byId = new Map(effectiveEntries([a, fix, b, fixB]).map((e) => [e.id, e]));
    expect(byId.get(a.id)).toMatchObject({ status: 'pending', hours: 1 });
    expect(byId.get(a.id)!.reviewComment).toBeUndefined();
    expect(byId.get(b.id)).toMatchObject({ status: 'approved', hours: 1, reviewComment: 'fine' });
  });

  it('carries the reason of the newest correction or reversal, and none for an entry never changed', () => {
    const a = entry({ source: 'activity', decision: 'approved' });
    const fix = entry({ kind: 'correction', correctsId: a.id, hours: 1, reason: 'only 1 h' });
    const drop = entry({ kind: 'reversal', correctsId: fix.id, reason: 'logged twice' });
    const b = entry({ source: 'activity', decision: 'approved' });
    const fixB = entry({ kind: 'correction', correctsId: b.id, hours: 1, reason: 'only 1 h' });
    const c = entry();
    const byId = new Map(effectiveEntries([a, fix, drop, b, fixB, c]).map((e) => [e.id, e]));
    expect(byId.get(a.id)).toMatchObject({ reversed: true, reason: 'logged twice' });
    expect(byId.get(b.id)).toMatchObject({ corrected: true, reason: 'only 1 h' });
    expect(byId.get(c.id)!.reason).toBeUndefined();
  });

  it.each([
    [{ reversed: false, status: 'approved' }, undefined],
    [{ reversed: false, status: 'pending' }, undefined],
    [{ reversed: false, status: 'rejected' }, 'REJECTED'],
    [{ reversed: true, status: 'approved' }, 'REVERSED'],
    [{ reversed: true, status: 'rejected' }, 'REVERSED'],
  ] as const)('correctionBlock(%o) is %s', (e, block) => {
    expect(correctionBlock(e)).toBe(block);
  });
});

describe("the owner's restatement of what an entry served (70:30)", () => {
  it.each([
    [{ reversed: false, status: 'approved', horizon: 'current' }, 'future', undefined],
    [{ reversed: false, status: 'approved' }, 'current', undefined],
    [{ reversed: false, status: 'pending', horizon: 'future' }, 'current', undefined],
    [{ reversed: false, status: 'approved', horizon: 'future' }, 'future', 'UNCHANGED'],
    [{ reversed: false, status: 'pending', horizon: 'current' }, 'current', 'UNCHANGED'],
    [{ reversed: false, status: 'rejected', horizon: 'current' }, 'future', 'REJECTED'],
    [{ reversed: true, status: 'approved', horizon: 'current' }, 'future', 'REVERSED'],
    // A reversal wins over "unchanged": the learner is told why, not that nothing changed.
    [{ reversed: true, status: 'approved', horizon: 'future' }, 'future', 'REVERSED'],
  ] as const)('restatementBlock(%o, %s) is %s', (e, horizon, block) => {
    expect(restatementBlock(e, horizon)).toBe(block);
  });

  it('takes the restated horizon and keeps every other value, the review and counting as they were', () => {
    const a = entry({ source: 'activity', decision: 'approved', horizon: 'current', hours: 3 });
    const again = entry({ kind: 'restatement', correctsId: a.id, hours: 3, horizon: 'future' });
    const [e] = effectiveEntries([a, again]);
    expect(e).toMatchObject({
      id: a.id,
      currentId: again.id,
      status: 'approved',
      hours: 3,
      horizon: 'future',
    });
    expect(e).toMatchObject({ corrected: false, reversed: false });
    expect(e!.reason).toBeUndefined();
    expect(totals([e!]).hours).toBe(3);
  });

  it("still reads as corrected, with the instructor's reason, when it follows a correction (it carries the reason)", () => {
    const a = entry({ horizon: 'current' });
    const fix = entry({
      kind: 'correction',
      correctsId: a.id,
      hours: 1,
      reason: 'only 1 h',
      horizon: 'current',
    });
    const again = entry({
      kind: 'restatement',
      correctsId: fix.id,
      hours: 1,
      reason: 'only 1 h',
      horizon: 'future',
    });
    const later = entry({
      kind: 'reversal',
      correctsId: again.id,
      hours: 1,
      reason: 'duplicate',
      horizon: 'future',
    });
    expect(effectiveEntries([a, fix, again])[0]).toMatchObject({
      corrected: true,
      reason: 'only 1 h',
      hours: 1,
      horizon: 'future',
    });
    expect(effectiveEntries([a, fix, again, later])[0]).toMatchObject({ reversed: true, corrected: false });
  });
});

describe('learningMix', () => {
  it.each([
    [
      { 70: 0, 20: 0, 10: 0 },
      { 70: 0, 20: 0, 10: 0 },
    ],
    [
      { 70: 7, 20: 2, 10: 1 },
      { 70: 70, 20: 20, 10: 10 },
    ],
    [
      { 70: 1, 20: 1, 10: 1 },
      { 70: 34, 20: 33, 10: 33 },
    ],
    [
      { 70: 2, 20: 0, 10: 0 },
      { 70: 100, 20: 0, 10: 0 },
    ],
    [
      { 70: 1, 20: 2, 10: 0 },
      { 70: 33, 20: 67, 10: 0 },
    ],
  ])('%j -> %j and always sums to 100 when there are hours', (byCategory, mix) => {
    expect(learningMix(byCategory)).toEqual(mix);
  });
});

describe('Thai fiscal year', () => {
  it.each([
    ['2025-09-30', 2568],
    ['2025-10-01', 2569],
    ['2026-09-30', 2569],
    ['2026-10-01', 2570],
    ['2026-01-01', 2569],
  ])('%s is in fiscal year %i', (date, fy) => expect(fiscalYearOf(date)).toBe(fy));

  it('runs 1 October to 30 September', () => {
    expect(fiscalYearRange(fiscalYear(2569))).toEqual({ from: '2025-10-01', to: '2026-09-30' });
  });
});

describe('activity types', () => {
  it('default to the bucket the sources give them', () => {
    expect(defaultCategory('on-the-job')).toBe(70);
    expect(defaultCategory('mentoring')).toBe(20);
    expect(defaultCategory('classroom')).toBe(10);
    expect(isActivityType('nap')).toBe(false);
  });
});
