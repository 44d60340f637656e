import type { Bilingual, Framework } from './framework';

/**
 * What each level of the self-assessment means for one skill set (issue #18 item 3): index 0 is "not yet", then one
 * per stage of the framework in its order. `short` fits the printed result; `full` is shown with the choices.
 */
export interface LevelDescriptor {
  short: Bilingual;
  full: Bilingual;
  /**
   * false: what this level means could not be checked against a source, and `reason` says why (shown as such);
   * absent: the file's `source` answers for it.
   */
  verified?: boolean;
  reason?: Bilingual;
  /** Ids of the file's sources the wording draws on (its own words, never copied text). */
  sources?: readonly string[];
}

/** A public source a descriptor file draws on: where, what, and the day it was read. */
export interface DescriptorSource {
  id: string;
  url: string;
  title: string;
  /** ISO date the page was read. */
  seen: string;
}

export interface LevelDescriptors {
  /** Where the wording comes from (the project's own where the seeds give none). */
  source: Bilingual;
  /** The public sources the file cites, by id. */
  sources?: readonly DescriptorSource[];
  /** Per skill set code, one descriptor per level. */
  skillSets: ReadonlyMap<string, readonly LevelDescriptor[]>;
}

/**
 * Problems of a descriptor set against a framework: unknown skill sets, not one descriptor per level, a descriptor
 * marked unverified without its reason, or citing a source the file does not list.
 */
export function checkLevelDescriptors(
  f: Framework,
  skillSets: Readonly<Record<string, readonly LevelDescriptor[]>>,
  sources: readonly DescriptorSource[] = [],
): string[] {
  const problems: string[] = [];
  const cited = new Set(sources.map((s) => s.id));
  for (const [code, descriptors] of Object.entries(skillSets))
    descriptors.forEach((d, level) => {
      if (d.verified === false && !(d.reason?.th.trim() && d.reason.en.trim()))
        problems.push(`skillSets.${code}.${level}: marked unverified without a reason in Thai and English`);
      for (const id of d.sources ?? [])
        if (!cited.has(id))
          problems.push(`skillSets.${code}.${level}: cites "${id}", which "sources" does not list`);
    });
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
