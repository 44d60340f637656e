import type { SkillMapping } from '../catalogue/learning-module';
import type { Bilingual, Framework } from './framework';

/**
 * A crosswalk between two frameworks (issue #18 item 6): which skill set (or area) of one stands for which of the
 * other, so that a module mapped to one framework counts towards the other and an organisation can move between
 * them without losing a record. It is reviewed data (config/crosswalks/*.json): every link says why it holds.
 *
 * A link may count both ways or towards one side only: three OCSC Digital Literacy areas fold into one TPQI unit,
 * but that unit cannot be split back into three areas, so those links count towards TPQI only. A code counts
 * towards at most one code of the other side at each level, so translated hours are never counted twice.
 */
export interface Crosswalk {
  id: string;
  version: string;
  /** The two frameworks, by id: side `a` and side `b`. */
  a: string;
  b: string;
  note: Bilingual;
  links: CrosswalkLink[];
}

export type CrosswalkLevel = 'skillSet' | 'area';
export type CrosswalkSide = 'a' | 'b';

export interface CrosswalkLink {
  level: CrosswalkLevel;
  /** Code in framework a and in framework b (skill set codes, or area codes, by level). */
  a: string;
  b: string;
  /** Which side the other side's hours count towards: both, or only a, or only b. */
  towards: 'both' | CrosswalkSide;
  /** Why the two stand for each other, with the source. */
  basis: Bilingual;
}

export interface CrosswalkProblem {
  entry: string;
  field: string;
  message: string;
}

const other = (side: CrosswalkSide): CrosswalkSide => (side === 'a' ? 'b' : 'a');
const countsTowards = (l: CrosswalkLink, side: CrosswalkSide) => l.towards === 'both' || l.towards === side;

/**
 * Codes must exist at their level in their framework; an area link needs a skill-set link, counting the same way,
 * between the areas' own skill sets; a code counts towards at most one code of the other side per level.
 */
export function checkCrosswalk(cw: Crosswalk, fa: Framework, fb: Framework): CrosswalkProblem[] {
  const problems: CrosswalkProblem[] = [];
  if (cw.a !== fa.id) problems.push({ entry: 'crosswalk', field: 'a', message: `must be "${fa.id}"` });
  if (cw.b !== fb.id) problems.push({ entry: 'crosswalk', field: 'b', message: `must be "${fb.id}"` });
  const byId = { a: fa, b: fb };
  const skillSets = (side: CrosswalkSide) => new Set(byId[side].skillSets.map((s) => s.code));
  const areaSkillSet = (side: CrosswalkSide) => new Map(byId[side].areas.map((x) => [x.code, x.skillSet]));
  const known = {
    skillSet: { a: skillSets('a'), b: skillSets('b') },
    area: { a: new Set(areaSkillSet('a').keys()), b: new Set(areaSkillSet('b').keys()) },
  };
  const parentOf = { a: areaSkillSet('a'), b: areaSkillSet('b') };
  const seen = new Map<string, string>();
  cw.links.forEach((l, i) => {
    const entry = `links[${i}] (${l.a} ${l.towards === 'both' ? '<->' : l.towards === 'b' ? '->' : '<-'} ${l.b})`;
    for (const side of ['a', 'b'] as const) {
      if (!known[l.level][side].has(l[side]))
        problems.push({
          entry,
          field: side,
          message: `no ${l.level === 'area' ? 'area' : 'skill set'} "${l[side]}" in ${byId[side].id}`,
        });
    }
    for (const towards of ['a', 'b'] as const) {
      if (!countsTowards(l, towards)) continue;
      const from = other(towards);
      const key = `${l.level}/${from}/${l[from]}`;
      const first = seen.get(key);
      if (first)
        problems.push({
          entry,
          field: from,
          message: `"${l[from]}" already counts towards ${byId[towards].id} in ${first}; hours would count twice`,
        });
      else seen.set(key, entry);
    }
    if (l.level === 'area') {
      const pa = parentOf.a.get(l.a);
      const pb = parentOf.b.get(l.b);
      const parent = cw.links.find((p) => p.level === 'skillSet' && p.a === pa && p.b === pb);
      if (
        pa &&
        pb &&
        (!parent || (['a', 'b'] as const).some((s) => countsTowards(l, s) && !countsTowards(parent, s)))
      )
        problems.push({
          entry,
          field: 'level',
          message: `needs a skill-set link ${pa} -> ${pb} that counts the same way`,
        });
    }
  });
  return problems;
}

export interface TranslatedMappings {
  /** Towards the target framework, one per skill set and area, hours summed, in the order first met. */
  mappings: SkillMapping[];
  /** Source mappings with no counterpart in the target framework: they count towards nothing there. */
  unmatched: SkillMapping[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A module's mappings, given in framework `from`, as they count towards framework `to`. Each mapping keeps its
 * hours: its skill set becomes the linked skill set, and its area the linked area where one is linked (else none).
 * Mappings whose skill set has no link counting towards `to` are returned as unmatched.
 */
export function translateMappings(
  cw: Crosswalk,
  from: string,
  to: string,
  mappings: readonly SkillMapping[],
): TranslatedMappings {
  if (from === to) return { mappings: mappings.map((m) => ({ ...m })), unmatched: [] };
  const target: CrosswalkSide | undefined =
    cw.a === to && cw.b === from ? 'a' : cw.b === to && cw.a === from ? 'b' : undefined;
  if (!target) throw new Error(`crosswalk ${cw.id} does not join ${from} and ${to}`);
  const source = other(target);
  const counterpart = (level: CrosswalkLevel, code: string) =>
    cw.links.find((l) => l.level === level && l[source] === code && countsTowards(l, target))?.[target];
  const out = new Map<string, SkillMapping>();
  const unmatched: SkillMapping[] = [];
  for (const m of mappings) {
    const skillSet = counterpart('skillSet', m.skillSet);
    if (!skillSet) {
      unmatched.push({ ...m });
      continue;
    }
    const area = m.area ? counterpart('area', m.area) : undefined;
    const key = `${skillSet}/${area ?? ''}`;
    const sum = out.get(key);
    if (sum) sum.hours = round2(sum.hours + m.hours);
    else out.set(key, area ? { skillSet, area, hours: m.hours } : { skillSet, hours: m.hours });
  }
  return { mappings: [...out.values()], unmatched };
}

/** Links between two codes at a level, for the framework and matrix pages: what a code stands for on the other side. */
export function counterparts(
  cw: Crosswalk,
  side: CrosswalkSide,
  level: CrosswalkLevel,
  code: string,
): Array<{ code: string; towards: CrosswalkLink['towards']; basis: Bilingual }> {
  return cw.links
    .filter((l) => l.level === level && l[side] === code)
    .map((l) => ({ code: l[other(side)], towards: l.towards, basis: l.basis }));
}

/** The crosswalk joining two frameworks, either way round, if one is loaded. */
export function crosswalkBetween(
  crosswalks: ReadonlyMap<string, Crosswalk> | readonly Crosswalk[],
  x: string,
  y: string,
): Crosswalk | undefined {
  for (const cw of crosswalks.values() as Iterable<Crosswalk>)
    if ((cw.a === x && cw.b === y) || (cw.a === y && cw.b === x)) return cw;
  return undefined;
}
