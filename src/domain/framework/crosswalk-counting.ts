import type { SkillHours } from '../learning-record/ledger';
import { roundHours } from '../learning-record/hours';
import type { Framework } from './framework';
import type { Crosswalk, CrosswalkLevel, CrosswalkSide } from './crosswalk';

/**
 * How hours recorded against any loaded framework count towards one framework: the one an organisation chose to
 * drive its targets and eligibility (issue #18 item 6). Built once per framework when the content is loaded, and
 * applied to every record and rollup read, so that a module mapped to the OCSC 2017 skill sets counts towards the
 * TPQI 2567 areas and units the crosswalk links them to, and the reverse.
 *
 * The crosswalk's links say which way they count (`towards`: both, or one side only); it gives no weaker kind of
 * link ("related", "partial"), so every link counts in full in the direction it states, and nothing else counts.
 * Entries keep the codes they were recorded with (no framework is stamped on them), so a code is read as the
 * chosen framework's own code first, and as another framework's code only when the chosen one has no such code.
 * `ambiguous` lists the codes that both frameworks use for different things (a link from a shared code to another
 * code): none in the shipped crosswalk, and a test keeps it so.
 */
export interface SkillCounting {
  /** The framework hours count towards. */
  framework: string;
  /** Its own skill set and area codes. */
  own: { skillSets: ReadonlySet<string>; areas: ReadonlySet<string> };
  /** Another framework's skill set code -> the skill set of this framework its hours count towards. */
  skillSets: ReadonlyMap<string, string>;
  /** Another framework's area code -> the area of this framework its hours count towards. */
  areas: ReadonlyMap<string, string>;
  /**
   * Another framework's skill set code -> this framework's skill set that stands for it both ways (an equivalence):
   * how a rule written with the other framework's codes is read here. One-way links are not equivalences.
   */
  equivalents: ReadonlyMap<string, string>;
  /** Codes used by both frameworks but linked to another code: read as this framework's own. */
  ambiguous: readonly string[];
}

const other = (side: CrosswalkSide): CrosswalkSide => (side === 'a' ? 'b' : 'a');

/** Counting that changes nothing: a framework without crosswalks. */
export function ownCounting(framework: Pick<Framework, 'id' | 'skillSets' | 'areas'>): SkillCounting {
  return {
    framework: framework.id,
    own: {
      skillSets: new Set(framework.skillSets.map((s) => s.code)),
      areas: new Set(framework.areas.map((a) => a.code)),
    },
    skillSets: new Map(),
    areas: new Map(),
    equivalents: new Map(),
    ambiguous: [],
  };
}

/** How the other frameworks' codes count towards `target`, through every crosswalk that joins it to one of them. */
export function countingInto(
  target: Framework,
  frameworks: readonly Framework[],
  crosswalks: Iterable<Crosswalk>,
): SkillCounting {
  const own = {
    skillSet: new Set(target.skillSets.map((s) => s.code)),
    area: new Set(target.areas.map((a) => a.code)),
  };
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const maps = { skillSet: new Map<string, string>(), area: new Map<string, string>() };
  const equivalents = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const cw of crosswalks) {
    const side: CrosswalkSide | undefined = cw.a === target.id ? 'a' : cw.b === target.id ? 'b' : undefined;
    if (!side || !byId.has(cw[other(side)])) continue;
    const from = other(side);
    for (const l of cw.links) {
      if (l.towards !== 'both' && l.towards !== side) continue;
      const code = l[from];
      const level: CrosswalkLevel = l.level;
      if (own[level].has(code)) {
        if (code !== l[side]) ambiguous.add(code);
        continue;
      }
      // checkCrosswalk refuses a code counting twice towards one side; across two crosswalks the first wins.
      if (!maps[level].has(code)) maps[level].set(code, l[side]);
      if (level === 'skillSet' && l.towards === 'both' && !equivalents.has(code))
        equivalents.set(code, l[side]);
    }
  }
  return {
    framework: target.id,
    own: { skillSets: own.skillSet, areas: own.area },
    skillSets: maps.skillSet,
    areas: maps.area,
    equivalents,
    ambiguous: [...ambiguous],
  };
}

/** A skill set code as it counts towards the counting's framework (itself when not another framework's). */
export const countedSkillSet = (c: SkillCounting, code: string): string => c.skillSets.get(code) ?? code;

/**
 * One entry's hours per skill set (and area) as they count towards the counting's framework. Two of the entry's
 * skill sets linked to one target add up (their hours are distinct shares of the entry), but a target never gets
 * more than the entry's own hours: an hour counts once per target skill set and area. An area with no counterpart
 * leaves its hours with the target skill set, without an area. Codes with no counterpart stay as they are: they
 * name nothing in the target framework, so they count towards none of its skill sets.
 */
export function countSkillHours(
  c: SkillCounting,
  skillHours: readonly SkillHours[],
  entryHours: number = Infinity,
): SkillHours[] {
  if (c.skillSets.size === 0 && c.areas.size === 0) return skillHours as SkillHours[];
  // Most entries name only the framework's own codes: they come back as they are, without a copy (progress pages
  // and class views run this over every entry of a record).
  let foreign = false;
  for (const s of skillHours)
    if (c.skillSets.has(s.skillSet) || (s.area !== undefined && !c.own.areas.has(s.area))) {
      foreign = true;
      break;
    }
  if (!foreign) return skillHours as SkillHours[];
  // An entry has a handful of shares: a list beats a map here.
  const out: SkillHours[] = [];
  for (const s of skillHours) {
    const skillSet = countedSkillSet(c, s.skillSet);
    const area =
      s.area === undefined
        ? undefined
        : (c.areas.get(s.area) ?? (c.own.areas.has(s.area) ? s.area : undefined));
    const sum = out.find((o) => o.skillSet === skillSet && o.area === area);
    if (sum) sum.hours = roundHours(Math.min(entryHours, sum.hours + s.hours));
    else out.push(area === undefined ? { skillSet, hours: s.hours } : { skillSet, area, hours: s.hours });
  }
  return out;
}

/**
 * Hours per skill set code (summed over a record, or a rollup) as they count towards the counting's framework.
 * Sums are linear, so translating the sums is translating each entry; `cap`, when given, bounds a target that
 * several codes fold into (the record's own hours).
 */
export function countBySkillSet(
  c: SkillCounting,
  bySkillSet: ReadonlyMap<string, number>,
  cap: number = Infinity,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [code, hours] of bySkillSet) {
    const target = countedSkillSet(c, code);
    out.set(target, roundHours(Math.min(cap, (out.get(target) ?? 0) + hours)));
  }
  return out;
}

/** A rule's skill set code as read in the counting's framework: its own, an equivalent, or none (to be fixed). */
export function ruleSkillSet(c: SkillCounting, code: string): { code: string; mapped: boolean } | undefined {
  if (c.own.skillSets.has(code)) return { code, mapped: false };
  const equivalent = c.equivalents.get(code);
  return equivalent ? { code: equivalent, mapped: true } : undefined;
}

/**
 * Rollup rows (hours and how many learners have them, per key) as they count towards the counting's framework.
 * Hours add up; learners of two codes folded into one cannot be told apart in a rollup, so the larger count is
 * kept: never a learner counted twice, at worst one with hours in only the smaller code left out.
 */
export function countRollups<R extends { skillSet: string; hours: number; learners: number }>(
  c: SkillCounting,
  rows: readonly R[],
  keyOf: (row: R) => string,
): R[] {
  if (c.skillSets.size === 0) return rows as R[];
  const out = new Map<string, R>();
  for (const r of rows) {
    const skillSet = countedSkillSet(c, r.skillSet);
    const key = `${keyOf(r)}/${skillSet}`;
    const sum = out.get(key);
    if (sum) {
      sum.hours = roundHours(sum.hours + r.hours);
      sum.learners = Math.max(sum.learners, r.learners);
    } else out.set(key, { ...r, skillSet });
  }
  return [...out.values()];
}
