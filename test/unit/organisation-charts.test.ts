import { organisationCharts } from '../../src/http/view-models/organisation-charts.view-model';
import { organisationReport } from '../../src/domain/reporting/organisation-report';

describe('organisationCharts', () => {
  const names = {
    group: (c: string) => (c === '' ? 'none' : `group ${c}`),
    skillSet: (c: string) => `skill ${c}`,
    assessment: (c: string) => `assessment ${c}`,
  };
  const report = organisationReport({
    rollups: [
      { targetGroup: 'A', skillSet: '', category: 0, hours: 6, learners: 2 },
      { targetGroup: 'A', skillSet: '', category: 70, hours: 4, learners: 1 },
      { targetGroup: 'A', skillSet: '', category: 20, hours: 2, learners: 1 },
      { targetGroup: 'A', skillSet: 'DL', category: 0, hours: 5, learners: 2 },
      { targetGroup: 'A', skillSet: 'DL', category: 70, hours: 3, learners: 1 },
      { targetGroup: 'A', skillSet: 'DL', category: 20, hours: 2, learners: 1 },
    ],
    headcount: new Map([
      ['A', 2],
      ['B', 1],
    ]),
    eligibility: [{ assessment: 'X', targetGroup: 'A', during: 1, byEnd: 3 }],
    groups: ['A', 'B'],
    skillSets: ['DL', 'DG'],
    assessments: ['X', 'Y'],
  });

  it('titles in the Buddhist era in both languages; mix only for groups with hours, then the total', () => {
    const th = organisationCharts('th', report, 2569, names);
    expect(th.hoursByGroup.title).toContain('พ.ศ. 2569');
    const en = organisationCharts('en', report, 2569, names);
    expect(en.mixByGroup.title).toBe('The 70:20:10 mix per target group, fiscal year 2569 (B.E.)');
    expect(en.mixByGroup.rows.map((r) => [r.lines[0]!.text, r.valueText])).toEqual([
      ['group A', '6 h'],
      ['Total', '6 h'],
    ]);
    expect(en.mixByGroup.description).toBe(
      'group A: 70 67%, 20 33%, 10 0% (6 h); Total: 70 67%, 20 33%, 10 0% (6 h)',
    );
    expect(en.hoursByGroup.rows.map((r) => r.valueText)).toEqual(['6 h', '0 h']);
    expect(en.hoursBySkillSet.description).toBe(
      'skill DL: 70 3 h, 20 2 h, 10 0 h (5 h); skill DG: 70 0 h, 20 0 h, 10 0 h (0 h)',
    );
  });

  it('splits the eligible by the end of the year into those of earlier years and those of this one', () => {
    const en = organisationCharts('en', report, 2569, names);
    expect(en.eligibility.description).toBe(
      'assessment X: Eligible before this year 2 learners, First eligible this year 1 learner (3 learners); ' +
        'assessment Y: Eligible before this year 0 learners, First eligible this year 0 learners (0 learners)',
    );
    // Different patterns, not only different colours.
    expect(en.eligibility.patterns.map((p) => [p.isStripes, p.isDots])).toEqual([
      [true, false],
      [false, false],
    ]);
  });

  it('of a year without anything: every chart empty', () => {
    const empty = organisationReport({
      rollups: [],
      headcount: new Map(),
      eligibility: [],
      groups: ['A'],
      skillSets: ['DL'],
      assessments: ['X'],
    });
    const charts = organisationCharts('en', empty, 2568, names);
    expect(Object.values(charts).map((c) => c.empty)).toEqual([true, true, true, true]);
  });
});
