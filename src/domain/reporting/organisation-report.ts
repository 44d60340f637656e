import type { LearningCategory } from '../catalogue/learning-module';
import { learningMix } from '../learning-record/ledger';
import { roundHours } from '../learning-record/hours';

/**
 * The development committee's view of a tenant for one Thai fiscal year: who is learning, in which skill sets, in
 * what 70:20:10 mix, and who became eligible for which assessment. Built from rollups, never from entries.
 */

/** A tenant rollup row: hours that count and learners with such hours, for one key. */
export interface RollupRow {
  targetGroup: string;
  /** '' = the entries' own hours */
  skillSet: string;
  /** 0 = the three buckets together */
  category: 0 | LearningCategory;
  hours: number;
  learners: number;
}

export interface EligibilityCount {
  assessment: string;
  targetGroup: string;
  /** First found eligible within the fiscal year. */
  during: number;
  /** First found eligible by the end of the fiscal year (this year or before). */
  byEnd: number;
}

export interface ReportInput {
  rollups: readonly RollupRow[];
  /** People with the tool's learner role who have launched it, by target group ('' = none chosen). */
  headcount: ReadonlyMap<string, number>;
  eligibility: readonly EligibilityCount[];
  groups: readonly string[];
  skillSets: readonly string[];
  assessments: readonly string[];
}

export interface Hours3 {
  70: number;
  20: number;
  10: number;
}

export interface GroupLine {
  /** '' = learners who have not chosen a target group */
  group: string;
  headcount: number;
  /** Learners with hours that count in the year. */
  active: number;
  hours: number;
  byCategory: Hours3;
  /** Percentages of hours in 70, 20 and 10, summing to 100 (all 0 without hours). */
  mix: Hours3;
}

export interface SkillSetLine {
  skillSet: string;
  learners: number;
  hours: number;
  byCategory: Hours3;
  /** Learners and hours per target group. */
  byGroup: Map<string, { learners: number; hours: number }>;
}

export interface EligibilityLine {
  assessment: string;
  during: number;
  byEnd: number;
  byGroup: Map<string, { during: number; byEnd: number }>;
}

export interface OrganisationReport {
  groups: GroupLine[];
  total: GroupLine;
  skillSets: SkillSetLine[];
  eligibility: EligibilityLine[];
}

const zero3 = (): Hours3 => ({ 70: 0, 20: 0, 10: 0 });

export function organisationReport(input: ReportInput): OrganisationReport {
  // Groups the framework names, in its order, then any group found in data that it no longer names, then "none".
  const known = new Set(input.groups);
  const seen = new Set([...input.rollups.map((r) => r.targetGroup), ...input.headcount.keys()]);
  const extra = [...seen].filter((g) => g !== '' && !known.has(g)).sort();
  const groupOrder = [...input.groups, ...extra, ...(seen.has('') ? [''] : [])];

  const line = (group: string): GroupLine => ({
    group,
    headcount: input.headcount.get(group) ?? 0,
    active: 0,
    hours: 0,
    byCategory: zero3(),
    mix: zero3(),
  });
  const groups = new Map(groupOrder.map((g) => [g, line(g)]));
  const total = line('');
  total.headcount = [...input.headcount.values()].reduce((a, b) => a + b, 0);
  const skillSets = new Map(
    [...input.skillSets, ...new Set(input.rollups.map((r) => r.skillSet).filter((s) => s !== ''))]
      .filter((s, i, all) => all.indexOf(s) === i)
      .map((s): [string, SkillSetLine] => [
        s,
        { skillSet: s, learners: 0, hours: 0, byCategory: zero3(), byGroup: new Map() },
      ]),
  );

  for (const r of input.rollups) {
    if (r.skillSet === '') {
      const g = groups.get(r.targetGroup)!;
      for (const target of [g, total]) {
        if (r.category === 0) {
          target.active += r.learners;
          target.hours = roundHours(target.hours + r.hours);
        } else target.byCategory[r.category] = roundHours(target.byCategory[r.category] + r.hours);
      }
      continue;
    }
    const s = skillSets.get(r.skillSet)!;
    if (r.category === 0) {
      s.learners += r.learners;
      s.hours = roundHours(s.hours + r.hours);
      const byGroup = s.byGroup.get(r.targetGroup) ?? { learners: 0, hours: 0 };
      byGroup.learners += r.learners;
      byGroup.hours = roundHours(byGroup.hours + r.hours);
      s.byGroup.set(r.targetGroup, byGroup);
    } else s.byCategory[r.category] = roundHours(s.byCategory[r.category] + r.hours);
  }
  for (const g of [...groups.values(), total]) g.mix = learningMix(g.byCategory);

  const eligibility = input.assessments.map((code): EligibilityLine => {
    const lines = input.eligibility.filter((e) => e.assessment === code);
    return {
      assessment: code,
      during: lines.reduce((a, e) => a + e.during, 0),
      byEnd: lines.reduce((a, e) => a + e.byEnd, 0),
      byGroup: new Map(lines.map((e) => [e.targetGroup, { during: e.during, byEnd: e.byEnd }])),
    };
  });

  return {
    groups: [...groups.values()],
    total,
    skillSets: [...skillSets.values()],
    eligibility,
  };
}
