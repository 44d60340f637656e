import { roundHours } from '../learning-record/hours';

/** How a catalogue covers a framework: hours credited per module and skill set, and what no module covers. */
export interface CoverageModule {
  slug: string;
  status: 'draft' | 'published';
  mappings: ReadonlyArray<{ skillSet: string; hours: number }>;
}

export interface Coverage {
  /** module slug -> skill set code -> hours credited (areas summed into their skill set) */
  cells: Map<string, Map<string, number>>;
  /** Per skill set: published modules that credit it, and their hours together. */
  totals: Map<string, { modules: number; hours: number }>;
}

export function coverage(modules: readonly CoverageModule[], skillSets: readonly string[]): Coverage {
  const cells = new Map<string, Map<string, number>>();
  const totals = new Map(skillSets.map((s) => [s, { modules: 0, hours: 0 }]));
  for (const m of modules) {
    const row = new Map<string, number>();
    for (const x of m.mappings) row.set(x.skillSet, roundHours((row.get(x.skillSet) ?? 0) + x.hours));
    cells.set(m.slug, row);
    if (m.status !== 'published') continue;
    for (const [skillSet, hours] of row) {
      const total = totals.get(skillSet);
      if (!total) continue;
      total.modules += 1;
      total.hours = roundHours(total.hours + hours);
    }
  }
  return { cells, totals };
}

/** The skill sets a group is developed in that no published module covers, in the order given. */
export function uncovered(c: Coverage, groupSkillSets: readonly string[]): string[] {
  return groupSkillSets.filter((s) => (c.totals.get(s)?.modules ?? 0) === 0);
}
