import type { Bilingual, Framework } from '../framework/framework';
import type { LearningCategory } from '../catalogue/learning-module';

/**
 * How much development a learner of a target group is expected to have at a stage: credited hours per skill set,
 * and the 70:20:10 mix to aim for. The sources fix no hours, so the shipped files are defaults (isDefault: true).
 */
export interface DevelopmentTargets {
  /** Id of the framework the codes belong to. */
  framework: string;
  isDefault: boolean;
  note: Bilingual;
  /** Target share (percent) of credited hours per 70:20:10 category; sums to 100. */
  mix: Record<LearningCategory, number>;
  /** group code -> stage code -> skill set code -> hours (a skill set left out is not targeted). */
  hours: Record<string, Record<string, Record<string, number>>>;
}

export interface TargetProblem {
  entry: string;
  field: string;
  message: string;
}

/** Codes must exist in the framework, every group and stage must be covered, hours positive, the mix 100. */
export function checkTargets(t: DevelopmentTargets, f: Framework): TargetProblem[] {
  const problems: TargetProblem[] = [];
  if (t.framework !== f.id)
    problems.push({ entry: 'targets', field: 'framework', message: `must be "${f.id}"` });
  const mixTotal = t.mix[70] + t.mix[20] + t.mix[10];
  if (mixTotal !== 100)
    problems.push({
      entry: 'mix',
      field: '',
      message: `shares must add up to 100 (they add up to ${mixTotal})`,
    });
  const groups = new Set(f.targetGroups.map((g) => g.code));
  const stages = new Set(f.stages.map((s) => s.code));
  const skillSets = new Set(f.skillSets.map((s) => s.code));
  for (const group of Object.keys(t.hours)) {
    if (!groups.has(group))
      problems.push({ entry: `hours.${group}`, field: '', message: 'unknown target group' });
  }
  for (const group of groups) {
    const byStage = t.hours[group];
    if (!byStage) {
      problems.push({
        entry: `hours.${group}`,
        field: '',
        message: 'missing: every target group needs targets',
      });
      continue;
    }
    for (const stage of Object.keys(byStage)) {
      if (!stages.has(stage))
        problems.push({ entry: `hours.${group}.${stage}`, field: '', message: 'unknown stage' });
    }
    for (const stage of stages) {
      const bySkillSet = byStage[stage];
      if (!bySkillSet) {
        problems.push({
          entry: `hours.${group}.${stage}`,
          field: '',
          message: 'missing: every stage needs targets',
        });
        continue;
      }
      for (const [code, hours] of Object.entries(bySkillSet)) {
        if (!skillSets.has(code))
          problems.push({ entry: `hours.${group}.${stage}`, field: code, message: 'unknown skill set' });
        else if (!(hours > 0 && hours <= 1000))
          problems.push({
            entry: `hours.${group}.${stage}`,
            field: code,
            message: 'hours must be above 0 and at most 1000',
          });
      }
    }
  }
  return problems;
}

/** Target hours per skill set for a group at a stage, in framework order; empty when either is unknown. */
export function targetHoursFor(
  t: DevelopmentTargets,
  f: Framework,
  group: string,
  stage: string,
): Array<{ skillSet: string; hours: number }> {
  const bySkillSet = t.hours[group]?.[stage] ?? {};
  return f.skillSets
    .filter((s) => (bySkillSet[s.code] ?? 0) > 0)
    .map((s) => ({ skillSet: s.code, hours: bySkillSet[s.code]! }));
}

/** The skill sets a group is developed in at any stage, in framework order. */
export function skillSetsForGroup(t: DevelopmentTargets, f: Framework, group: string): string[] {
  const byStage = t.hours[group] ?? {};
  return f.skillSets
    .map((s) => s.code)
    .filter((code) => Object.values(byStage).some((bySkillSet) => (bySkillSet[code] ?? 0) > 0));
}

/** The skill sets with target hours for a group at a stage (a learner's own, for 70:30's today's work). */
export function targetSkillSets(t: DevelopmentTargets, group: string, stage: string): Set<string> {
  const bySkillSet = t.hours[group]?.[stage] ?? {};
  return new Set(Object.keys(bySkillSet).filter((code) => (bySkillSet[code] ?? 0) > 0));
}
