import type { LearningCategory } from '../catalogue/learning-module';
import { ruleFor, type Assessment, type EligibilityRule } from './eligibility';

/**
 * Eligibility rules edited in the tool. An organisation's administrator replaces a shipped rule for a target group;
 * an instructor narrows it for their own course. Edits are kept as a history; the newest per key is in force, and a
 * `null` rule puts the level below back in force (the organisation's, or the shipped default).
 */
export interface RuleOverride {
  assessment: string;
  /** A target group code, or '*' for groups without a rule of their own. */
  targetGroup: string;
  /** The course it narrows; undefined for the whole organisation. */
  contextId?: number;
  rule: EligibilityRule | null;
}

export type RuleSource = 'default' | 'organisation' | 'course';

/** The shipped assessments with the organisation's and then the course's rules in force. */
export function effectiveAssessments(
  shipped: readonly Assessment[],
  overrides: readonly RuleOverride[],
  contextId?: number,
): Array<Assessment & { sources: Record<string, RuleSource> }> {
  return shipped.map((a) => {
    const rules: Record<string, EligibilityRule> = { ...a.rules };
    const sources: Record<string, RuleSource> = Object.fromEntries(
      Object.keys(a.rules).map((g) => [g, 'default']),
    );
    for (const level of ['organisation', 'course'] as const)
      for (const o of overrides) {
        if (o.assessment !== a.code || o.rule === null) continue;
        if (
          level === 'organisation'
            ? o.contextId !== undefined
            : o.contextId === undefined || o.contextId !== contextId
        )
          continue;
        rules[o.targetGroup] = o.rule;
        sources[o.targetGroup] = level;
      }
    return { ...a, rules, sources };
  });
}

export interface RuleProblem {
  /** The form field: skill.<code>.min, skill.<code>.share.<70|20|10>, share.<70|20|10>, modules, selfAssessment, recency, cert.<code>, or rule */
  field: string;
  code:
    | 'HOURS'
    | 'SHARE'
    | 'SHARES_OVER_100'
    | 'MONTHS'
    | 'UNKNOWN_MODULE'
    | 'SHARE_WITHOUT_HOURS'
    | 'EMPTY_RULE'
    | 'LOOSER'
    | 'CERT_LEVEL';
  params?: Record<string, string | number>;
}

const CATS: readonly LearningCategory[] = [70, 20, 10];

/** A certification field's value: not asked, any level, or a lowest TPQI level (1-8). */
export const CERT_ANY = 'any';

/**
 * Reads a rule from the edit form (every field a string; `modules` the checked slugs). Empty fields ask for nothing.
 * Hours per skill set: above 0 and at most 1000, in quarter hours; shares: whole percent 1 to 90, together at most
 * 100; months: whole months 1 to 120; modules: published ones of the catalogue. A rule must ask for something.
 */
export function parseRuleForm(
  form: Readonly<Record<string, string | undefined>>,
  modules: readonly string[],
  ctx: {
    skillSets: readonly string[];
    publishedModules: ReadonlySet<string>;
    /** The TPQI units and areas a rule may ask a certification of (`cert.<code>`: '', 'any' or a level 1-8). */
    certificationCodes?: readonly string[];
  },
): { ok: true; rule: EligibilityRule } | { ok: false; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const value = (field: string) => (form[field] ?? '').trim();
  const shares = (prefix: string): Partial<Record<LearningCategory, number>> | undefined => {
    const out: Partial<Record<LearningCategory, number>> = {};
    for (const c of CATS) {
      const raw = value(`${prefix}.${c}`);
      if (raw === '') continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 90) problems.push({ field: `${prefix}.${c}`, code: 'SHARE' });
      else out[c] = n;
    }
    const sum = CATS.reduce((s, c) => s + (out[c] ?? 0), 0);
    if (sum > 100) problems.push({ field: `${prefix}.70`, code: 'SHARES_OVER_100', params: { sum } });
    return Object.keys(out).length ? out : undefined;
  };

  const rule: EligibilityRule = {};
  const skillSets: NonNullable<EligibilityRule['skillSets']> = [];
  for (const code of ctx.skillSets) {
    const raw = value(`skill.${code}.min`);
    const within = shares(`skill.${code}.share`);
    if (raw === '') {
      if (within) problems.push({ field: `skill.${code}.min`, code: 'SHARE_WITHOUT_HOURS' });
      continue;
    }
    const h = Number(raw);
    if (!Number.isFinite(h) || h <= 0 || h > 1000 || Math.round(h * 4) !== h * 4) {
      problems.push({ field: `skill.${code}.min`, code: 'HOURS' });
      continue;
    }
    skillSets.push({ skillSet: code, minHours: h, ...(within ? { minShare: within } : {}) });
  }
  if (skillSets.length) rule.skillSets = skillSets;
  const overall = shares('share');
  if (overall) rule.minShare = overall;
  const unknown = modules.filter((m) => !ctx.publishedModules.has(m));
  if (unknown.length)
    problems.push({ field: 'modules', code: 'UNKNOWN_MODULE', params: { modules: unknown.join(', ') } });
  else if (modules.length) rule.requiredModules = [...new Set(modules)];
  for (const [field, key] of [
    ['selfAssessment', 'selfAssessmentWithinMonths'],
    ['recency', 'recencyMonths'],
  ] as const) {
    const raw = value(field);
    if (raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 120) problems.push({ field, code: 'MONTHS' });
    else rule[key] = n;
  }
  const certifications: NonNullable<EligibilityRule['certifications']> = [];
  for (const code of ctx.certificationCodes ?? []) {
    const raw = value(`cert.${code}`);
    if (raw === '') continue;
    if (raw === CERT_ANY) {
      certifications.push({ code });
      continue;
    }
    const n = Number(raw);
    if (!/^\d$/.test(raw) || n < 1 || n > 8) problems.push({ field: `cert.${code}`, code: 'CERT_LEVEL' });
    else certifications.push({ code, minLevel: n });
  }
  if (certifications.length) rule.certifications = certifications;
  if (
    problems.length === 0 &&
    !rule.skillSets &&
    !rule.minShare &&
    !rule.requiredModules &&
    !rule.selfAssessmentWithinMonths &&
    !rule.certifications
  )
    problems.push({ field: 'rule', code: 'EMPTY_RULE' });
  return problems.length ? { ok: false, problems } : { ok: true, rule };
}

/** The form's fields for a rule in force (the reverse of parseRuleForm). */
export function ruleFormValues(rule: EligibilityRule | undefined): {
  fields: Record<string, string>;
  modules: string[];
} {
  const fields: Record<string, string> = {};
  for (const s of rule?.skillSets ?? []) {
    fields[`skill.${s.skillSet}.min`] = String(s.minHours);
    for (const c of CATS)
      if (s.minShare?.[c] !== undefined) fields[`skill.${s.skillSet}.share.${c}`] = String(s.minShare[c]);
  }
  for (const c of CATS)
    if (rule?.minShare?.[c] !== undefined) fields[`share.${c}`] = String(rule.minShare[c]);
  if (rule?.selfAssessmentWithinMonths !== undefined)
    fields.selfAssessment = String(rule.selfAssessmentWithinMonths);
  if (rule?.recencyMonths !== undefined) fields.recency = String(rule.recencyMonths);
  for (const c of rule?.certifications ?? [])
    fields[`cert.${c.code}`] = c.minLevel !== undefined ? String(c.minLevel) : CERT_ANY;
  return { fields, modules: rule?.requiredModules ?? [] };
}

/**
 * One requirement a rule would ask less of than the rule it replaces: `from` is what is asked now, `to` what
 * would be asked (absent: nothing, the requirement is dropped). For modules, the ones no longer required.
 */
export type Loosening =
  | { requirement: 'skillSetHours'; skillSet: string; from: number; to?: number }
  | { requirement: 'skillSetShare'; skillSet: string; category: LearningCategory; from: number; to?: number }
  | { requirement: 'share'; category: LearningCategory; from: number; to?: number }
  | { requirement: 'modules'; modules: string[] }
  | { requirement: 'selfAssessment'; from: number; to?: number }
  | { requirement: 'recency'; from: number; to?: number }
  /** A certification no longer asked (to absent), or asked at a lower level (from, to: 0 is any level). */
  | { requirement: 'certification'; code: string; from: number; to?: number };

/**
 * What `next` would drop or weaken of `current`: fewer hours or a smaller share (or none), a required module
 * left out, a self-assessment allowed to be older (or not asked), a longer recency window (or none). Empty when
 * `next` asks at least as much in every respect (it may ask more, or other things besides).
 */
export function loosenings(
  next: EligibilityRule | undefined,
  current: EligibilityRule | undefined,
): Loosening[] {
  if (!current) return [];
  const out: Loosening[] = [];
  const to = (n: number | undefined) => (n === undefined ? {} : { to: n });
  for (const s of current.skillSets ?? []) {
    const mine = next?.skillSets?.find((x) => x.skillSet === s.skillSet);
    if (!mine || mine.minHours < s.minHours)
      out.push({
        requirement: 'skillSetHours',
        skillSet: s.skillSet,
        from: s.minHours,
        ...to(mine?.minHours),
      });
    for (const c of CATS) {
      const was = s.minShare?.[c];
      const now = mine?.minShare?.[c];
      if (was !== undefined && (now ?? 0) < was)
        out.push({ requirement: 'skillSetShare', skillSet: s.skillSet, category: c, from: was, ...to(now) });
    }
  }
  for (const c of CATS) {
    const was = current.minShare?.[c];
    const now = next?.minShare?.[c];
    if (was !== undefined && (now ?? 0) < was)
      out.push({ requirement: 'share', category: c, from: was, ...to(now) });
  }
  const missing = (current.requiredModules ?? []).filter((m) => !(next?.requiredModules ?? []).includes(m));
  if (missing.length) out.push({ requirement: 'modules', modules: missing });
  for (const [requirement, key] of [
    ['selfAssessment', 'selfAssessmentWithinMonths'],
    ['recency', 'recencyMonths'],
  ] as const) {
    const limit = current[key];
    const now = next?.[key];
    if (limit !== undefined && (now === undefined || now > limit))
      out.push({ requirement, from: limit, ...to(now) });
  }
  for (const c of current.certifications ?? []) {
    const mine = next?.certifications?.find((x) => x.code === c.code);
    if (!mine || (mine.minLevel ?? 0) < (c.minLevel ?? 0))
      out.push({
        requirement: 'certification',
        code: c.code,
        from: c.minLevel ?? 0,
        ...(mine ? { to: mine.minLevel ?? 0 } : {}),
      });
  }
  return out;
}

/**
 * An edit's effect on the rule in force for its group at its level (a group without a rule of its own follows
 * '*'): the rule before, the rule after, and what the edit would drop. `overrides` are those in force (newest per
 * key) for the organisation and the edit's course; `edit.rule` null is a reset to the level below.
 */
export function ruleChange(
  shipped: Assessment,
  overrides: readonly RuleOverride[],
  edit: RuleOverride,
): { before?: EligibilityRule; after?: EligibilityRule; dropped: Loosening[] } {
  const sameKey = (o: RuleOverride) =>
    o.assessment === edit.assessment && o.targetGroup === edit.targetGroup && o.contextId === edit.contextId;
  const inForce = (list: readonly RuleOverride[]) =>
    ruleFor(effectiveAssessments([shipped], list, edit.contextId)[0]!, edit.targetGroup);
  const before = inForce(overrides);
  const after = inForce([...overrides.filter((o) => !sameKey(o)), edit]);
  return { before, after, dropped: loosenings(after, before) };
}

/**
 * A course may narrow the organisation's rule, never loosen it: at least the same hours per skill set and shares,
 * the same modules and more, a self-assessment at least as recent, and a recency window no longer.
 */
export function looserThan(
  course: EligibilityRule,
  organisation: EligibilityRule | undefined,
): RuleProblem[] {
  return loosenings(course, organisation).map((l): RuleProblem => {
    switch (l.requirement) {
      case 'skillSetHours':
        return { field: `skill.${l.skillSet}.min`, code: 'LOOSER', params: { value: l.from } };
      case 'skillSetShare':
        return {
          field: `skill.${l.skillSet}.share.${l.category}`,
          code: 'LOOSER',
          params: { value: l.from },
        };
      case 'share':
        return { field: `share.${l.category}`, code: 'LOOSER', params: { value: l.from } };
      case 'modules':
        return { field: 'modules', code: 'LOOSER', params: { value: l.modules.join(', ') } };
      case 'certification':
        return {
          field: `cert.${l.code}`,
          code: 'LOOSER',
          params: { value: l.from === 0 ? l.code : `${l.code} ≥ ${l.from}` },
        };
      default:
        return { field: l.requirement, code: 'LOOSER', params: { value: l.from } };
    }
  });
}
