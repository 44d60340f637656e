import type { Bilingual, Framework } from './framework';

/**
 * What each level of the self-assessment means for one skill set (issue #18 item 3): index 0 is "not yet", then one
 * per stage of the framework in its order. `short` fits the printed result; `full` is shown with the choices.
 */
export interface LevelDescriptor {
  short: Bilingual;
  full: Bilingual;
}

export interface LevelDescriptors {
  /** Where the wording comes from (the project's own where the seeds give none). */
  source: Bilingual;
  /** Per skill set code, one descriptor per level. */
  skillSets: ReadonlyMap<string, readonly LevelDescriptor[]>;
}

/** Problems of a descriptor set against a framework: unknown skill sets, or not one descriptor per level. */
export function checkLevelDescriptors(
  f: Framework,
  skillSets: Readonly<Record<string, readonly LevelDescriptor[]>>,
): string[] {
  const problems: string[] = [];
  const known = new Set(f.skillSets.map((s) => s.code));
  const levels = f.stages.length + 1;
  for (const [code, descriptors] of Object.entries(skillSets)) {
    if (!known.has(code)) problems.push(`skillSets.${code}: ${f.id} has no skill set "${code}"`);
    else if (descriptors.length !== levels)
      problems.push(
        `skillSets.${code}: ${descriptors.length} descriptors; ${f.id} has ${levels} levels (not yet and ${f.stages.length} stages)`,
      );
  }
  return problems;
}
