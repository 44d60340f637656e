import type { GroupLine, Hours3, OrganisationReport } from './organisation-report';
import type { AgencyGroupLine, AgencyReport } from '../agency/agency-report';

/**
 * The organisation report kept as a committee's snapshot (issue #18 item 10; seed 004 §7): the report's figures as
 * plain JSON, with a version. A snapshot is never changed, so every version ever written stays readable here;
 * figures added to the report later become a new version, and older snapshots simply lack them.
 */
export const SNAPSHOT_FIGURES_VERSION = 2;

export interface SnapshotFiguresV1 {
  version: 1;
  groups: GroupLine[];
  total: GroupLine;
  skillSets: Array<{
    skillSet: string;
    learners: number;
    hours: number;
    byCategory: Hours3;
    byGroup: Array<{ group: string; learners: number; hours: number }>;
  }>;
  eligibility: Array<{
    assessment: string;
    during: number;
    byEnd: number;
    byGroup: Array<{ group: string; during: number; byEnd: number }>;
  }>;
}

/** Version 2 adds the 70:30 split and the lecture share per target group (issue #18 items 8 and 9). */
export interface SnapshotFiguresV2 extends Omit<SnapshotFiguresV1, 'version'> {
  version: 2;
  agency: AgencyReport;
}

export type SnapshotFigures = SnapshotFiguresV1 | SnapshotFiguresV2;

/** The report's figures as a snapshot stores them (Maps become arrays, in the report's order). */
export function snapshotFigures(r: OrganisationReport, agency: AgencyReport): SnapshotFiguresV2 {
  return {
    version: 2,
    agency: { groups: agency.groups.map(copyAgencyLine), total: copyAgencyLine(agency.total) },
    groups: r.groups.map(copyGroup),
    total: copyGroup(r.total),
    skillSets: r.skillSets.map((s) => ({
      skillSet: s.skillSet,
      learners: s.learners,
      hours: s.hours,
      byCategory: { ...s.byCategory },
      byGroup: [...s.byGroup].map(([group, v]) => ({ group, learners: v.learners, hours: v.hours })),
    })),
    eligibility: r.eligibility.map((e) => ({
      assessment: e.assessment,
      during: e.during,
      byEnd: e.byEnd,
      byGroup: [...e.byGroup].map(([group, v]) => ({ group, during: v.during, byEnd: v.byEnd })),
    })),
  };
}

/** The report a snapshot's figures describe, whatever version they were written in. */
export function reportOfSnapshot(f: SnapshotFigures): OrganisationReport {
  return {
    groups: f.groups.map(copyGroup),
    total: copyGroup(f.total),
    skillSets: f.skillSets.map((s) => ({
      skillSet: s.skillSet,
      learners: s.learners,
      hours: s.hours,
      byCategory: { ...s.byCategory },
      byGroup: new Map(s.byGroup.map((g) => [g.group, { learners: g.learners, hours: g.hours }])),
    })),
    eligibility: f.eligibility.map((e) => ({
      assessment: e.assessment,
      during: e.during,
      byEnd: e.byEnd,
      byGroup: new Map(e.byGroup.map((g) => [g.group, { during: g.during, byEnd: g.byEnd }])),
    })),
  };
}

/** The 70:30 and lecture-share figures of a snapshot; none in a snapshot taken before they were kept (version 1). */
export function agencyOfSnapshot(f: SnapshotFigures): AgencyReport | undefined {
  if (f.version < 2 || !('agency' in f)) return undefined;
  return { groups: f.agency.groups.map(copyAgencyLine), total: copyAgencyLine(f.agency.total) };
}

function copyAgencyLine(a: AgencyGroupLine): AgencyGroupLine {
  return {
    group: a.group,
    split: {
      ...a.split,
      hours: { ...a.split.hours },
      ...(a.split.percent ? { percent: { ...a.split.percent } } : {}),
    },
    lecture: { ...a.lecture },
  };
}

function copyGroup(g: GroupLine): GroupLine {
  return { ...g, byCategory: { ...g.byCategory }, mix: { ...g.mix } };
}

/** One figure of two snapshots: the earlier, the later and the change (later minus earlier). */
export interface Change {
  before: number;
  after: number;
  change: number;
}

export interface SnapshotComparison {
  /** Per target group (the union of both, earlier's order first) and the total. */
  groups: Array<{ group: string; active: Change; hours: Change; headcount: Change }>;
  total: { active: Change; hours: Change; headcount: Change };
  /** Per skill set and target group: learners with hours, and hours. */
  skillSets: Array<{
    skillSet: string;
    learners: Change;
    hours: Change;
    byGroup: Array<{ group: string; learners: Change; hours: Change }>;
  }>;
  eligibility: Array<{ assessment: string; byEnd: Change }>;
  /**
   * Hours for current and future work (70:30) per target group and in total; undefined when either snapshot was
   * taken before snapshots kept them.
   */
  seventyThirty?: {
    groups: Array<{ group: string; current: Change; future: Change }>;
    total: { current: Change; future: Change };
  };
}

const change = (before: number, after: number): Change => ({
  before,
  after,
  change: Math.round((after - before) * 100) / 100,
});

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** Two snapshots side by side: what changed from the earlier to the later, per target group and skill set. */
export function compareSnapshots(
  earlier: OrganisationReport,
  later: OrganisationReport,
  agency?: { earlier?: AgencyReport; later?: AgencyReport },
): SnapshotComparison {
  const groupOf = (r: OrganisationReport, g: string) => r.groups.find((x) => x.group === g);
  const groups = union(
    earlier.groups.map((g) => g.group),
    later.groups.map((g) => g.group),
  ).map((group) => {
    const a = groupOf(earlier, group);
    const b = groupOf(later, group);
    return {
      group,
      active: change(a?.active ?? 0, b?.active ?? 0),
      hours: change(a?.hours ?? 0, b?.hours ?? 0),
      headcount: change(a?.headcount ?? 0, b?.headcount ?? 0),
    };
  });
  const skillSetOf = (r: OrganisationReport, s: string) => r.skillSets.find((x) => x.skillSet === s);
  const skillSets = union(
    earlier.skillSets.map((s) => s.skillSet),
    later.skillSets.map((s) => s.skillSet),
  ).map((skillSet) => {
    const a = skillSetOf(earlier, skillSet);
    const b = skillSetOf(later, skillSet);
    return {
      skillSet,
      learners: change(a?.learners ?? 0, b?.learners ?? 0),
      hours: change(a?.hours ?? 0, b?.hours ?? 0),
      byGroup: groups.map(({ group }) => ({
        group,
        learners: change(a?.byGroup.get(group)?.learners ?? 0, b?.byGroup.get(group)?.learners ?? 0),
        hours: change(a?.byGroup.get(group)?.hours ?? 0, b?.byGroup.get(group)?.hours ?? 0),
      })),
    };
  });
  const eligibility = union(
    earlier.eligibility.map((e) => e.assessment),
    later.eligibility.map((e) => e.assessment),
  ).map((assessment) => ({
    assessment,
    byEnd: change(
      earlier.eligibility.find((e) => e.assessment === assessment)?.byEnd ?? 0,
      later.eligibility.find((e) => e.assessment === assessment)?.byEnd ?? 0,
    ),
  }));
  const a = agency?.earlier;
  const b = agency?.later;
  const splitOf = (r: AgencyReport, g: string) => r.groups.find((x) => x.group === g)?.split.hours;
  const seventyThirty =
    a && b
      ? {
          groups: union(
            a.groups.map((g) => g.group),
            b.groups.map((g) => g.group),
          ).map((group) => ({
            group,
            current: change(splitOf(a, group)?.current ?? 0, splitOf(b, group)?.current ?? 0),
            future: change(splitOf(a, group)?.future ?? 0, splitOf(b, group)?.future ?? 0),
          })),
          total: {
            current: change(a.total.split.hours.current, b.total.split.hours.current),
            future: change(a.total.split.hours.future, b.total.split.hours.future),
          },
        }
      : undefined;
  return {
    ...(seventyThirty ? { seventyThirty } : {}),
    groups,
    total: {
      active: change(earlier.total.active, later.total.active),
      hours: change(earlier.total.hours, later.total.hours),
      headcount: change(earlier.total.headcount, later.total.headcount),
    },
    skillSets,
    eligibility,
  };
}
