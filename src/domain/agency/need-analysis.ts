import { stageRank } from './organisation-stage';
import type { Framework } from '../framework/framework';
import { newerSelfAssessment } from '../development/latest-self-assessment';

/**
 * The need analysis HR does each year (seed 004 §5.3: the HR officer surveys the development needs and analyses
 * them before drafting the plan), from the self-assessments (seed 002): per target group and skill set, how many
 * people rated themselves below the level of the stage they assessed against, and by how much.
 * A rating is 0 (not yet) or the 1-based rank of a stage, as self-assessments store it; the level needed is the rank
 * of the target stage.
 */
export interface SelfAssessmentForAnalysis {
  targetGroup: string;
  targetStage: string;
  /** Level per skill set code. */
  ratings: Readonly<Record<string, number>>;
}

/**
 * What a person has of a fiscal year: their latest self-assessment in the tool against the framework, their latest
 * imported DG-SA result (the levels per skill set of that day, on the same 0-to-stages scale), and their target
 * group and stage as their record holds them now.
 */
export interface SelfAssessmentsOfPerson {
  own?: SelfAssessmentForAnalysis & { takenOn: string };
  dgSa?: { takenOn: string; levels: Readonly<Record<string, number>> };
  targetGroup?: string;
  targetStage?: string;
}

/** The self-assessments the analysis counts, one per person, and where they came from. */
export interface AnalysedSelfAssessments {
  assessments: SelfAssessmentForAnalysis[];
  /** People counted as having assessed themselves in the year. */
  people: number;
  /** Of them, whose levels come from a DG-SA result. */
  fromDgSa: number;
  /** Of them, whose DG-SA result cannot be read against a target (no target group or stage) and who have no own. */
  dgSaWithoutTarget: number;
}

/**
 * One self-assessment per person: the newer of their own and their DG-SA result (seed 002: the DG-SA is THE
 * self-assessment; on the same day it wins, as `newerSelfAssessment` says). A DG-SA result carries no target, so it
 * is read against the person's target group and the stage in force (the organisation's stage of the year when it
 * announced one, else the person's own); where the record holds no group or stage, the ones the person chose in
 * their own self-assessment of the year. Only its levels of the framework's skill sets count, and one with none of
 * them counts as none. A DG-SA result that still cannot be read against a target leaves the person's own
 * self-assessment of the year to count, if any.
 */
export function analysedSelfAssessments(
  f: Framework,
  people: readonly SelfAssessmentsOfPerson[],
  stageInForce: string | undefined,
): AnalysedSelfAssessments {
  const skillSets = new Set(f.skillSets.map((s) => s.code));
  const groups = new Set(f.targetGroups.map((g) => g.code));
  const out: AnalysedSelfAssessments = { assessments: [], people: 0, fromDgSa: 0, dgSaWithoutTarget: 0 };
  for (const p of people) {
    const levels = Object.entries(p.dgSa?.levels ?? {}).filter(
      ([code, level]) => skillSets.has(code) && Number.isInteger(level) && level >= 0,
    );
    const dgSaOn = levels.length > 0 ? p.dgSa?.takenOn : undefined;
    const newer = newerSelfAssessment(p.own?.takenOn, dgSaOn);
    if (!newer) continue;
    if (newer.source === 'own') {
      out.assessments.push(ownOf(p.own!));
      out.people += 1;
      continue;
    }
    const group = p.targetGroup ?? p.own?.targetGroup;
    const stage = stageInForce ?? p.targetStage ?? p.own?.targetStage;
    if (group && groups.has(group) && stage && stageRank(f, stage) > 0) {
      out.assessments.push({
        targetGroup: group,
        targetStage: stage,
        ratings: Object.fromEntries(levels),
      });
      out.people += 1;
      out.fromDgSa += 1;
    } else if (p.own) {
      out.assessments.push(ownOf(p.own));
      out.people += 1;
    } else {
      out.people += 1;
      out.dgSaWithoutTarget += 1;
    }
  }
  return out;
}

const ownOf = (a: SelfAssessmentForAnalysis): SelfAssessmentForAnalysis => ({
  targetGroup: a.targetGroup,
  targetStage: a.targetStage,
  ratings: a.ratings,
});

export interface NeedLine {
  group: string;
  skillSet: string;
  /** People of the group who rated this skill set. */
  assessed: number;
  /** Of them, below the level needed. */
  below: number;
  /** Sum of the levels missing, over those below. */
  levelsShort: number;
  /** How many are 1, 2, … levels short (index 0 = one level short). */
  byGap: number[];
}

/**
 * One line per target group and skill set with at least one rating, groups and skill sets in the framework's order.
 * Give each person's latest self-assessment only. Ratings of unknown groups, stages or skill sets are skipped.
 */
export function needAnalysis(f: Framework, assessments: readonly SelfAssessmentForAnalysis[]): NeedLine[] {
  const lines = new Map<string, NeedLine>();
  const groups = new Set(f.targetGroups.map((g) => g.code));
  const skillSets = new Set(f.skillSets.map((s) => s.code));
  for (const a of assessments) {
    const needed = stageRank(f, a.targetStage);
    if (!needed || !groups.has(a.targetGroup)) continue;
    for (const [skillSet, rating] of Object.entries(a.ratings)) {
      if (!skillSets.has(skillSet) || !Number.isInteger(rating) || rating < 0) continue;
      const key = `${a.targetGroup}/${skillSet}`;
      let line = lines.get(key);
      if (!line) {
        line = { group: a.targetGroup, skillSet, assessed: 0, below: 0, levelsShort: 0, byGap: [] };
        lines.set(key, line);
      }
      line.assessed += 1;
      const gap = needed - rating;
      if (gap <= 0) continue;
      line.below += 1;
      line.levelsShort += gap;
      while (line.byGap.length < gap) line.byGap.push(0);
      line.byGap[gap - 1]! += 1;
    }
  }
  const out: NeedLine[] = [];
  for (const g of f.targetGroups)
    for (const s of f.skillSets) {
      const line = lines.get(`${g.code}/${s.code}`);
      if (line) out.push(line);
    }
  return out;
}

/**
 * Hours per area of a skill set (the nine Digital Literacy areas, which the teachers' framework counts in), from
 * mappings that name their area. Hours of the skill set given without an area are returned apart.
 */
export function hoursByArea(
  f: Framework,
  skillSet: string,
  mappings: ReadonlyArray<{ skillSet: string; area?: string; hours: number }>,
): { areas: Array<{ area: string; hours: number }>; withoutArea: number } {
  const areas = f.areas.filter((a) => a.skillSet === skillSet).map((a) => ({ area: a.code, hours: 0 }));
  const byCode = new Map(areas.map((a) => [a.area, a]));
  let withoutArea = 0;
  for (const m of mappings) {
    if (m.skillSet !== skillSet) continue;
    const line = m.area ? byCode.get(m.area) : undefined;
    if (line) line.hours += m.hours;
    else withoutArea += m.hours;
  }
  for (const a of areas) a.hours = Math.round(a.hours * 100) / 100;
  return { areas, withoutArea: Math.round(withoutArea * 100) / 100 };
}
