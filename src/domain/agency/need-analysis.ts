import { stageRank } from './organisation-stage';
import type { Framework } from '../framework/framework';

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
