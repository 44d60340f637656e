import {
  latestSelfAssessment,
  newerSelfAssessment,
} from '../../src/domain/development/latest-self-assessment';
import { evaluateEligibility, type Assessment } from '../../src/domain/assessment/eligibility';

// Seed 002: the DG-SA (the OCSC's official online self-assessment) is THE self-assessment; the tool's own is a copy
// to practise with. Whichever was taken later is a person's last, and the page says which it was.
describe('a person’s last self-assessment: the tool’s own or an imported DG-SA result', () => {
  it.each([
    ['neither', undefined, undefined, undefined],
    ['only the own', '2026-03-01', undefined, { on: '2026-03-01', source: 'own' }],
    ['only a DG-SA', undefined, '2026-03-01', { on: '2026-03-01', source: 'dg_sa' }],
    ['the own later', '2026-03-02', '2026-03-01', { on: '2026-03-02', source: 'own' }],
    ['the DG-SA later', '2026-03-01', '2026-12-07', { on: '2026-12-07', source: 'dg_sa' }],
    [
      'the same day: the DG-SA, the official one',
      '2026-03-01',
      '2026-03-01',
      { on: '2026-03-01', source: 'dg_sa' },
    ],
  ] as const)('%s', (_, own, dgSa, expected) => {
    expect(newerSelfAssessment(own, dgSa)).toEqual(expected);
  });

  it('takes the latest of each kind up to today; a date after today is not taken yet', () => {
    const today = '2026-12-07';
    expect(latestSelfAssessment(['2025-01-01', '2026-02-01', '2025-06-01'], ['2026-01-15'], today)).toEqual({
      on: '2026-02-01',
      source: 'own',
    });
    expect(latestSelfAssessment(['2026-02-01'], ['2026-01-15', '2026-11-30', '2026-12-08'], today)).toEqual({
      on: '2026-11-30',
      source: 'dg_sa',
    });
    expect(latestSelfAssessment([], ['2026-12-08'], today)).toBeUndefined();
    expect(latestSelfAssessment([], [], today)).toBeUndefined();
  });

  it('is what eligibility reads: a rule asking for a self-assessment within months is met by either', () => {
    const rule: Assessment = {
      code: 'X',
      name: { th: 'X', en: 'X' },
      description: { th: 'X', en: 'X' },
      rules: { SERV: { selfAssessmentWithinMonths: 12 } },
    };
    const record = (own: string[], dgSa: string[]) => ({
      targetGroup: 'SERV',
      entries: [],
      completedModules: new Set<string>(),
      selfAssessments: own,
      officialSelfAssessments: dgSa,
    });
    const today = '2026-12-07';
    expect(evaluateEligibility(record([], ['2026-06-01']), rule, today).eligible).toBe(true);
    expect(evaluateEligibility(record(['2025-06-01'], []), rule, today)).toEqual({
      eligible: false,
      missing: [{ code: 'SELF_ASSESSMENT', withinMonths: 12, lastTaken: '2025-06-01' }],
    });
    expect(evaluateEligibility(record(['2025-06-01'], ['2026-12-08']), rule, today).eligible).toBe(false);
  });
});
