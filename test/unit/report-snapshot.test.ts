import { organisationReport, type RollupRow } from '../../src/domain/reporting/organisation-report';
import {
  agencyOfSnapshot,
  compareSnapshots,
  reportOfSnapshot,
  snapshotFigures,
  type SnapshotFigures,
} from '../../src/domain/reporting/report-snapshot';
import { agencyReport } from '../../src/domain/agency/agency-report';

const agency = (rows: Array<[string, string, number]>) =>
  agencyReport(
    rows.map(([targetGroup, key, hours]) => ({ targetGroup, key, hours })),
    ['ACAD', 'SERV'],
  );

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

  const agencyBefore = agency([
    ['ACAD', '~current', 2],
    ['ACAD', '~unstated', 1],
  ]);
  const agencyAfter = agency([
    ['ACAD', '~current', 1],
    ['ACAD', '~future', 1],
    ['SERV', '~future', 4.5],
    ['SERV', '~lecture', 4.5],
    ['SERV', '~lecture#', 1],
  ]);

  it('when a report is stored as JSON and read back, then it is the same report with its 70:30 figures', () => {
    const stored = JSON.parse(JSON.stringify(snapshotFigures(after, agencyAfter))) as SnapshotFigures;
    expect(stored.version).toBe(2);
    expect(reportOfSnapshot(stored)).toEqual(after);
    expect(agencyOfSnapshot(stored)).toEqual(agencyAfter);
  });

  it('when a snapshot was taken before snapshots kept 70:30 (version 1), then it reads with none, and a comparison has none', () => {
    const { agency: _dropped, ...rest } = snapshotFigures(before, agencyBefore);
    const v1 = JSON.parse(JSON.stringify({ ...rest, version: 1 })) as SnapshotFigures;
    expect(reportOfSnapshot(v1)).toEqual(before);
    expect(agencyOfSnapshot(v1)).toBeUndefined();
    expect(compareSnapshots(before, after, { later: agencyAfter }).seventyThirty).toBeUndefined();
  });

  it('when two snapshots with 70:30 are compared, then current and future hours carry their change per group', () => {
    const c = compareSnapshots(before, after, { earlier: agencyBefore, later: agencyAfter });
    expect(c.seventyThirty).toEqual({
      groups: [
        {
          group: 'ACAD',
          current: { before: 2, after: 1, change: -1 },
          future: { before: 0, after: 1, change: 1 },
        },
        {
          group: 'SERV',
          current: { before: 0, after: 0, change: 0 },
          future: { before: 0, after: 4.5, change: 4.5 },
        },
      ],
      total: { current: { before: 2, after: 1, change: -1 }, future: { before: 0, after: 5.5, change: 5.5 } },
    });
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
