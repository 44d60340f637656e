import { ruleSkillSet, type SkillCounting } from '../framework/crosswalk-counting';
import type { EligibilityRule } from './eligibility';
import type { RuleOverride } from './rule-editing';

/**
 * An organisation's rule edits are kept as written, with the codes of the framework in use when they were written;
 * when the organisation moves to another framework they are read through the crosswalk's equivalences (links that
 * count both ways), never rewritten, so moving back reads them exactly as before. What has no equivalent is listed
 * for an administrator to fix (issue #18 item 6).
 */

/** Why part of an edited rule cannot be read in the other framework. */
export type UnmappedPart =
  | { kind: 'assessment'; code: string }
  | { kind: 'targetGroup'; code: string }
  | { kind: 'skillSet'; code: string };

export interface RuleAcross<O extends RuleOverride = RuleOverride> {
  override: O;
  /** Skill set codes read as another code through an equivalence. */
  mapped: Array<{ from: string; to: string }>;
  unmapped: UnmappedPart[];
}

/** A rule as read in the counting's framework: codes with an equivalent take it; others stay (and never count). */
export function ruleIn(
  c: SkillCounting,
  rule: EligibilityRule,
): { rule: EligibilityRule; mapped: Array<{ from: string; to: string }>; unmapped: string[] } {
  const mapped: Array<{ from: string; to: string }> = [];
  const unmapped: string[] = [];
  if (!rule.skillSets?.length) return { rule, mapped, unmapped };
  const skillSets = rule.skillSets.map((s) => {
    const read = ruleSkillSet(c, s.skillSet);
    if (!read) unmapped.push(s.skillSet);
    else if (read.mapped) mapped.push({ from: s.skillSet, to: read.code });
    return read?.mapped ? { ...s, skillSet: read.code } : s;
  });
  return { rule: mapped.length ? { ...rule, skillSets } : rule, mapped, unmapped };
}

/** Every override read in the counting's framework (the rule's codes read through equivalences). */
export function overridesIn(c: SkillCounting, overrides: readonly RuleOverride[]): RuleOverride[] {
  return overrides.map((o) => (o.rule ? { ...o, rule: ruleIn(c, o.rule).rule } : o));
}

/**
 * The rule edits in force, as the framework `c` counts towards would read them: for each, what maps through an
 * equivalence and what cannot be read there (an assessment the framework does not have, a target group it does
 * not have, a skill set without an equivalent). Edits that put the level below back (no rule) are left out.
 */
export function rulesAcross<O extends RuleOverride>(
  c: SkillCounting,
  overrides: readonly O[],
  target: { assessments: ReadonlySet<string>; targetGroups: ReadonlySet<string> },
): Array<RuleAcross<O>> {
  const out: Array<RuleAcross<O>> = [];
  for (const o of overrides) {
    if (!o.rule) continue;
    const unmapped: UnmappedPart[] = [];
    if (!target.assessments.has(o.assessment)) unmapped.push({ kind: 'assessment', code: o.assessment });
    if (o.targetGroup !== '*' && !target.targetGroups.has(o.targetGroup))
      unmapped.push({ kind: 'targetGroup', code: o.targetGroup });
    const read = ruleIn(c, o.rule);
    unmapped.push(...read.unmapped.map((code) => ({ kind: 'skillSet' as const, code })));
    out.push({ override: o, mapped: read.mapped, unmapped });
  }
  return out;
}
