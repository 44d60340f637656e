import type { LearningCategory } from '../catalogue/learning-module';
import type { Bilingual } from '../framework/framework';
import type { SkillHours } from '../learning-record/ledger';
import { roundHours } from '../learning-record/hours';
import { latestSelfAssessment } from '../development/latest-self-assessment';

/**
 * What a learner of one target group must have to sit an assessment. Every part is optional; an empty rule is
 * met by anyone.
 */
export interface EligibilityRule {
  /** Minimum credited hours per skill set, optionally with a minimum share of one 70/20/10 bucket inside it. */
  skillSets?: Array<{
    skillSet: string;
    minHours: number;
    minShare?: Partial<Record<LearningCategory, number>>;
  }>;
  /** Minimum share (percent) of each bucket across all counted hours. */
  minShare?: Partial<Record<LearningCategory, number>>;
  /** Module slugs that must be completed. */
  requiredModules?: string[];
  /** A self-assessment completed within this many months. */
  selfAssessmentWithinMonths?: number;
  /** Count only entries from the last this-many months. */
  recencyMonths?: number;
  /**
   * TPQI certifications held (an administrator imports them: official results): each a TPQI 2567 unit
   * (DG-TNMQ-001) or area (DL, CS, …: any unit of the area counts), at least `minLevel` when given.
   */
  certifications?: Array<{ code: string; minLevel?: number }>;
}

export interface Assessment {
  code: string;
  name: Bilingual;
  /** What passing it earns, when the source names it (seed 000: TPQI's Digital Literacy certificate). */
  certificate?: Bilingual;
  description: Bilingual;
  /** By target group code; '*' applies to groups without a rule of their own. */
  rules: Record<string, EligibilityRule>;
}

export type MissingItem =
  | { code: 'NO_TARGET_GROUP' }
  | { code: 'SKILL_SET_HOURS'; skillSet: string; needed: number; have: number; short: number }
  | {
      code: 'CATEGORY_HOURS';
      category: LearningCategory;
      /** Inside one skill set, or across the record when absent. */
      skillSet?: string;
      sharePercent: number;
      short: number;
    }
  | { code: 'MODULE_NOT_COMPLETED'; module: string }
  | { code: 'SELF_ASSESSMENT'; withinMonths: number; lastTaken?: string }
  | {
      code: 'CERTIFICATION';
      certification: string;
      minLevel?: number;
      /** The highest level held of it (below minLevel), when any. */
      heldLevel?: number;
    };

export type Verdict = { eligible: true } | { eligible: false; missing: MissingItem[] };

/** Hours that count (approved, not reversed): what eligibility is judged on. */
export interface CountedHours {
  occurredOn: string;
  category: LearningCategory;
  hours: number;
  skillHours: readonly SkillHours[];
}

export interface LearnerRecord {
  targetGroup?: string;
  /** Only entries that count (see `counts` in the ledger). */
  entries: readonly CountedHours[];
  /** Slugs of the modules the learner completed (module entries that count). */
  completedModules: ReadonlySet<string>;
  /** ISO dates of completed self-assessments. */
  selfAssessments: readonly string[];
  /**
   * ISO dates of official self-assessments (DG-SA) an administrator imported. They count as self-assessments: the
   * DG-SA is the official self-assessment that seed 002 has every official take (online, printed, signed for HR),
   * of which the tool's own is a copy to practise and plan with.
   */
  officialSelfAssessments?: readonly string[];
  /** TPQI certifications imported (official results). */
  certifications?: readonly HeldCertification[];
}

/** A TPQI certification held: its unit or area code, the area the unit belongs to, the level and the date. */
export interface HeldCertification {
  code: string;
  area: string;
  level: number;
  awardedOn: string;
}

/** Hours needed are rounded up to the quarter hour a learner can act on. */
const upToQuarter = (n: number) => Math.ceil(roundHours(n) * 4) / 4;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * The ISO date `months` before `today` (same day of month, clamped to the month's end). Called twice per
 * assessment per learner (a class view of 500 judges 7,000 times a view), so it reads digits and a month table
 * instead of splitting the string and building a Date: 474 ms of a 60-view class-view profile before.
 */
export function monthsBefore(today: string, months: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const d = Number(today.slice(8, 10));
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const last = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return `${year}-${twoDigits(month)}-${twoDigits(Math.min(d, last))}`;
}

/**
 * Hours x of bucket c to add so that c reaches `share` percent: (have + x) / (total + x) >= share / 100.
 * Adding hours of c raises the total too, hence the division.
 */
function hoursToReachShare(have: number, total: number, share: number): number {
  // Shares are validated to lie between 1 and 90 %, so 1 - p never reaches 0.
  const p = share / 100;
  return Math.max(0, (p * total - have) / (1 - p));
}

interface WindowHours {
  bySkillSet: Map<string, { total: number; byCategory: Record<LearningCategory, number> }>;
  byCategory: Record<LearningCategory, number>;
  total: number;
}

/** Hours of the entries dated within [from, today], per skill set and bucket. */
function hoursInWindow(
  entries: readonly CountedHours[],
  from: string | undefined,
  today: string,
): WindowHours {
  const bySkillSet = new Map<string, { total: number; byCategory: Record<LearningCategory, number> }>();
  const byCategory: Record<LearningCategory, number> = { 70: 0, 20: 0, 10: 0 };
  let total = 0;
  for (const e of entries) {
    if (e.occurredOn > today || (from !== undefined && e.occurredOn < from)) continue;
    total += e.hours;
    byCategory[e.category] += e.hours;
    for (const s of e.skillHours) {
      let acc = bySkillSet.get(s.skillSet);
      if (!acc) bySkillSet.set(s.skillSet, (acc = { total: 0, byCategory: { 70: 0, 20: 0, 10: 0 } }));
      acc.total += s.hours;
      acc.byCategory[e.category] += s.hours;
    }
  }
  return { bySkillSet, byCategory, total };
}

/** The rule for a group: its own, else the '*' rule; undefined when neither exists. */
export function ruleFor(assessment: Assessment, group: string | undefined): EligibilityRule | undefined {
  return (group !== undefined ? assessment.rules[group] : undefined) ?? assessment.rules['*'];
}

/**
 * Decides whether a learner may sit an assessment on `today` (ISO), and if not, every missing item with the
 * exact amount. Pure: record, rules and date in, verdict out.
 */
export function evaluateEligibility(record: LearnerRecord, assessment: Assessment, today: string): Verdict {
  return evaluateEligibilities(record, [assessment], today)[0]!;
}

/**
 * evaluateEligibility for several assessments at once, in their order. Assessments usually share a recency window:
 * its sums are computed once per call (a class view judges hundreds of records on every assessment), and nothing is
 * kept between calls.
 */
export function evaluateEligibilities(
  record: LearnerRecord,
  assessments: readonly Assessment[],
  today: string,
): Verdict[] {
  const windows = new Map<string, WindowHours>();
  const inWindow = (from: string | undefined) => {
    let sums = windows.get(from ?? '');
    if (!sums) windows.set(from ?? '', (sums = hoursInWindow(record.entries, from, today)));
    return sums;
  };
  return assessments.map((assessment) => judge(record, assessment, today, inWindow));
}

function judge(
  record: LearnerRecord,
  assessment: Assessment,
  today: string,
  inWindow: (from: string | undefined) => WindowHours,
): Verdict {
  const rule = ruleFor(assessment, record.targetGroup);
  if (!rule) return { eligible: false, missing: [{ code: 'NO_TARGET_GROUP' }] };
  const from = rule.recencyMonths !== undefined ? monthsBefore(today, rule.recencyMonths) : undefined;
  const { bySkillSet, byCategory, total } = inWindow(from);
  const missing: MissingItem[] = [];

  for (const req of rule.skillSets ?? []) {
    const acc = bySkillSet.get(req.skillSet) ?? { total: 0, byCategory: { 70: 0, 20: 0, 10: 0 } };
    const have = roundHours(acc.total);
    if (have < req.minHours)
      missing.push({
        code: 'SKILL_SET_HOURS',
        skillSet: req.skillSet,
        needed: req.minHours,
        have,
        short: upToQuarter(req.minHours - have),
      });
    for (const [cat, share] of Object.entries(req.minShare ?? {}) as Array<[`${LearningCategory}`, number]>) {
      const c = Number(cat) as LearningCategory;
      // Judged against the hours the skill set will have once its minimum is met.
      const base = Math.max(acc.total, req.minHours);
      const short = hoursToReachShare(acc.byCategory[c], base, share);
      if (short > 0.001)
        missing.push({
          code: 'CATEGORY_HOURS',
          category: c,
          skillSet: req.skillSet,
          sharePercent: share,
          short: upToQuarter(short),
        });
    }
  }

  for (const [cat, share] of Object.entries(rule.minShare ?? {}) as Array<[`${LearningCategory}`, number]>) {
    const c = Number(cat) as LearningCategory;
    const short = hoursToReachShare(byCategory[c], total, share);
    if (short > 0.001 || total === 0)
      missing.push({
        code: 'CATEGORY_HOURS',
        category: c,
        sharePercent: share,
        short: upToQuarter(Math.max(short, total === 0 ? 1 : 0)),
      });
  }

  for (const module of rule.requiredModules ?? [])
    if (!record.completedModules.has(module)) missing.push({ code: 'MODULE_NOT_COMPLETED', module });

  if (rule.selfAssessmentWithinMonths !== undefined) {
    const since = monthsBefore(today, rule.selfAssessmentWithinMonths);
    const last = latestSelfAssessment(
      record.selfAssessments,
      record.officialSelfAssessments ?? [],
      today,
    )?.on;
    if (!last || last < since)
      missing.push({
        code: 'SELF_ASSESSMENT',
        withinMonths: rule.selfAssessmentWithinMonths,
        lastTaken: last,
      });
  }

  for (const req of rule.certifications ?? []) {
    // A unit's certificate counts for its area; an area's only for itself. Certified on or before today.
    let best: number | undefined;
    for (const c of record.certifications ?? [])
      if ((c.code === req.code || c.area === req.code) && c.awardedOn <= today && (best ?? -1) < c.level)
        best = c.level;
    if (best === undefined || (req.minLevel !== undefined && best < req.minLevel))
      missing.push({
        code: 'CERTIFICATION',
        certification: req.code,
        ...(req.minLevel !== undefined ? { minLevel: req.minLevel } : {}),
        ...(best !== undefined ? { heldLevel: best } : {}),
      });
  }

  return missing.length === 0 ? { eligible: true } : { eligible: false, missing };
}

export interface AssessmentProblem {
  entry: string;
  field: string;
  message: string;
}

/** Codes must be the framework's; hours positive; shares 1–90 %; months 1–120; codes unique. */
export function checkAssessments(
  list: readonly Assessment[],
  skillSets: ReadonlySet<string>,
  groups: ReadonlySet<string>,
  moduleSlugs: ReadonlySet<string>,
): AssessmentProblem[] {
  const problems: AssessmentProblem[] = [];
  const seen = new Set<string>();
  list.forEach((a, i) => {
    const entry = `assessments[${i}] (${a.code})`;
    const at = (field: string, message: string) => problems.push({ entry, field, message });
    if (seen.has(a.code)) at('code', 'duplicate code');
    seen.add(a.code);
    if (Object.keys(a.rules).length === 0) at('rules', 'needs a rule for "*" or for a target group');
    for (const [group, rule] of Object.entries(a.rules)) {
      const r = `rules.${group}`;
      if (group !== '*' && !groups.has(group)) at(r, 'unknown target group');
      const share = (field: string, shares: Partial<Record<LearningCategory, number>> | undefined) => {
        for (const [cat, p] of Object.entries(shares ?? {}))
          if (!['70', '20', '10'].includes(cat) || !(p >= 1 && p <= 90))
            at(`${field}.${cat}`, 'a share is 1 to 90 (%) of 70, 20 or 10');
      };
      (rule.skillSets ?? []).forEach((s, j) => {
        if (!skillSets.has(s.skillSet))
          at(`${r}.skillSets[${j}].skillSet`, `unknown skill set ${s.skillSet}`);
        if (!(s.minHours > 0 && s.minHours <= 1000))
          at(`${r}.skillSets[${j}].minHours`, 'must be above 0 and at most 1000');
        share(`${r}.skillSets[${j}].minShare`, s.minShare);
      });
      share(`${r}.minShare`, rule.minShare);
      for (const m of rule.requiredModules ?? [])
        if (!moduleSlugs.has(m)) at(`${r}.requiredModules`, `no module "${m}" in the catalogue`);
      (rule.certifications ?? []).forEach((c, j) => {
        const v = c.minLevel;
        if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 8))
          at(`${r}.certifications[${j}].minLevel`, 'must be a whole TPQI level, 1 to 8');
      });
      for (const field of ['selfAssessmentWithinMonths', 'recencyMonths'] as const) {
        const v = rule[field];
        if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 120))
          at(`${r}.${field}`, 'must be a whole number of months, 1 to 120');
      }
    }
  });
  return problems;
}
