import { organisationReport, type RollupRow } from '../../src/domain/reporting/organisation-report';
import {
  compareSnapshots,
  reportOfSnapshot,
  snapshotFigures,
} from '../../src/domain/reporting/report-snapshot';

const r = (
  targetGroup: string,
  skillSet: string,
  category: RollupRow['category'],
  hours: number,
  learners = 1,
) => ({
  targetGroup,
  skillSet,
  category,
  hours,
  learners,
});

const report = (rollups: RollupRow[], eligible = 0) =>
  organisationReport({
    rollups,
    headcount: new Map([
      ['ACAD', 3],
      ['SERV', 2],
    ]),
    eligibility:
      eligible > 0 ? [{ assessment: 'TPQI-DL', targetGroup: 'ACAD', during: eligible, byEnd: eligible }] : [],
    groups: ['ACAD', 'SERV'],
    skillSets: ['DL', 'DG'],
    assessments: ['TPQI-DL'],
  });

describe('report snapshots', () => {
  const before = report([
    r('ACAD', '', 0, 3),
    r('ACAD', '', 70, 3),
    r('ACAD', 'DL', 0, 3),
    r('ACAD', 'DL', 70, 3),
  ]);
  const after = report(
    [
      r('ACAD', '', 0, 2),
      r('ACAD', '', 70, 2),
      r('ACAD', 'DL', 0, 2),
      r('ACAD', 'DL', 70, 2),
      r('SERV', '', 0, 4.5),
      r('SERV', '', 10, 4.5),
      r('SERV', 'DG', 0, 4.5),
      r('SERV', 'DG', 10, 4.5),
    ],
    1,
  );

  it('when a report is stored as JSON and read back, then it is the same report', () => {
    const stored = JSON.parse(JSON.stringify(snapshotFigures(after))) as ReturnType<typeof snapshotFigures>;
    expect(stored.version).toBe(1);
    expect(reportOfSnapshot(stored)).toEqual(after);
  });

  it('when two snapshots are compared, then each group, skill set and assessment carries the later minus the earlier', () => {
    const c = compareSnapshots(before, after);
    expect(c.groups).toEqual([
      {
        group: 'ACAD',
        active: { before: 1, after: 1, change: 0 },
        hours: { before: 3, after: 2, change: -1 },
        headcount: { before: 3, after: 3, change: 0 },
      },
      {
        group: 'SERV',
        active: { before: 0, after: 1, change: 1 },
        hours: { before: 0, after: 4.5, change: 4.5 },
        headcount: { before: 2, after: 2, change: 0 },
      },
    ]);
    expect(c.total.hours).toEqual({ before: 3, after: 6.5, change: 3.5 });
    const dg = c.skillSets.find((s) => s.skillSet === 'DG')!;
    expect(dg.hours.change).toBe(4.5);
    expect(dg.byGroup.find((g) => g.group === 'SERV')!.learners).toEqual({ before: 0, after: 1, change: 1 });
    expect(c.eligibility).toEqual([{ assessment: 'TPQI-DL', byEnd: { before: 0, after: 1, change: 1 } }]);
  });

  it('when a group or skill set is in only one snapshot, then it is compared against zero', () => {
    const only = report([r('OLD', '', 0, 1), r('OLD', 'XX', 0, 1)]);
    const c = compareSnapshots(only, before);
    expect(c.groups.find((g) => g.group === 'OLD')!.hours).toEqual({ before: 1, after: 0, change: -1 });
    expect(c.skillSets.find((s) => s.skillSet === 'XX')!.hours).toEqual({ before: 1, after: 0, change: -1 });
  });

  it('when hours change by tenths, then the change has no floating-point residue', () => {
    const a = report([r('ACAD', '', 0, 0.1), r('ACAD', '', 70, 0.1)]);
    const b = report([r('ACAD', '', 0, 0.3), r('ACAD', '', 70, 0.3)]);
    expect(compareSnapshots(a, b).total.hours.change).toBe(0.2);
  });
});
