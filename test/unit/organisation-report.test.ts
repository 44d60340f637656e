import { organisationReport, type RollupRow } from '../../src/domain/reporting/organisation-report';

const r = (
  targetGroup: string,
  skillSet: string,
  category: RollupRow['category'],
  hours: number,
  learners: number,
): RollupRow => ({
  targetGroup,
  skillSet,
  category,
  hours,
  learners,
});

describe('organisationReport', () => {
  const report = organisationReport({
    rollups: [
      // ACAD: two learners, 6 h (4 in 70, 2 in 20); DL 5 h by two learners, DG 1 h by one.
      r('ACAD', '', 0, 6, 2),
      r('ACAD', '', 70, 4, 1),
      r('ACAD', '', 20, 2, 1),
      r('ACAD', 'DL', 0, 5, 2),
      r('ACAD', 'DL', 70, 3, 1),
      r('ACAD', 'DL', 20, 2, 1),
      r('ACAD', 'DG', 0, 1, 1),
      r('ACAD', 'DG', 70, 1, 1),
      // Nobody chose a group: 1 h of 10.
      r('', '', 0, 1, 1),
      r('', '', 10, 1, 1),
      r('', 'DL', 0, 1, 1),
      r('', 'DL', 10, 1, 1),
      // A group the framework no longer names still shows.
      r('OLD', '', 0, 0.5, 1),
      r('OLD', '', 10, 0.5, 1),
    ],
    headcount: new Map([
      ['ACAD', 3],
      ['SERV', 4],
      ['', 2],
    ]),
    eligibility: [
      { assessment: 'TPQI-DL', targetGroup: 'ACAD', during: 1, byEnd: 2 },
      { assessment: 'TPQI-DL', targetGroup: '', during: 0, byEnd: 1 },
    ],
    groups: ['EXEC', 'ACAD', 'SERV'],
    skillSets: ['DL', 'DG', 'DT'],
    assessments: ['TPQI-DL', 'SKILL-DG'],
  });

  it('lists the framework groups in order, then groups only the data knows, then learners without a group', () => {
    expect(report.groups.map((g) => g.group)).toEqual(['EXEC', 'ACAD', 'SERV', 'OLD', '']);
  });

  it('sums headcount, active learners, hours, buckets and the mix per group and in total', () => {
    const acad = report.groups.find((g) => g.group === 'ACAD')!;
    expect(acad).toEqual({
      group: 'ACAD',
      headcount: 3,
      active: 2,
      hours: 6,
      byCategory: { 70: 4, 20: 2, 10: 0 },
      mix: { 70: 67, 20: 33, 10: 0 },
    });
    expect(report.groups.find((g) => g.group === 'SERV')).toMatchObject({
      headcount: 4,
      active: 0,
      hours: 0,
    });
    expect(report.total).toMatchObject({
      headcount: 9,
      active: 4,
      hours: 7.5,
      byCategory: { 70: 4, 20: 2, 10: 1.5 },
      mix: { 70: 53, 20: 27, 10: 20 },
    });
  });

  it('gives every framework skill set a line, with learners and hours per group', () => {
    expect(report.skillSets.map((s) => s.skillSet)).toEqual(['DL', 'DG', 'DT']);
    const dl = report.skillSets[0]!;
    expect(dl).toMatchObject({ learners: 3, hours: 6, byCategory: { 70: 3, 20: 2, 10: 1 } });
    expect(Object.fromEntries(dl.byGroup)).toEqual({
      ACAD: { learners: 2, hours: 5 },
      '': { learners: 1, hours: 1 },
    });
    expect(report.skillSets[2]).toMatchObject({ learners: 0, hours: 0 });
  });

  it('counts eligibility per assessment, with zero lines for assessments nobody reached', () => {
    expect(report.eligibility.map((e) => [e.assessment, e.during, e.byEnd])).toEqual([
      ['TPQI-DL', 1, 3],
      ['SKILL-DG', 0, 0],
    ]);
    expect(report.eligibility[0]!.byGroup.get('ACAD')).toEqual({ during: 1, byEnd: 2 });
  });
});
