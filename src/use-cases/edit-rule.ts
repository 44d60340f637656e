import type { ContextId } from '../shared/ids';
import { createHash } from 'node:crypto';
import { ruleFor, type Assessment, type EligibilityRule } from '../domain/assessment/eligibility';
import {
  looserThan,
  parseRuleForm,
  ruleChange,
  type Loosening,
  type RuleProblem,
} from '../domain/assessment/rule-editing';
import type { PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { RulesInForce } from './get-rules-in-force';
import type { LmsOrigin } from './ports/audit';
import { officialCodes } from './official-codes';

/** confirm-…: the second step of an edit that loosens the rule in force, after the editor has seen what it drops. */
export type RuleEditAction = 'save' | 'reset' | 'confirm-save' | 'confirm-reset';

export interface EditRuleInput {
  editor: PersonRef & { lms: LmsOrigin };
  scope: 'organisation' | 'course';
  /** The course, for a course's edit. */
  contextId?: ContextId;
  rules: RulesInForce;
  /** The assessment as it is in force where the edit applies. */
  assessment: Assessment;
  /** A target group's code, or '*' for every group without a rule of its own. */
  group: string;
  action: RuleEditAction;
  /** The form's fields as posted, and the modules ticked. */
  fields: Record<string, string>;
  modules: string[];
  /** The confirmation token the editor was shown, when confirming. */
  confirm?: string;
}

export type EditRuleOutcome =
  | 'saved'
  | { problems: RuleProblem[] }
  /** The edit asks less than the rule in force: shown what it drops, the editor confirms with `token`. */
  | { confirm: { token: string; action: RuleEditAction; dropped: Loosening[] } };

/**
 * An editor saves or resets an assessment's rule for a target group: an organisation's content manager for the
 * organisation, an instructor for their course (never looser than the organisation's). An edit that asks less
 * than the rule in force is saved only once the editor has seen what it drops and confirmed it; the token ties the
 * confirmation to that very change (another edit meanwhile asks again).
 */
export async function editRule(
  deps: Pick<UseCaseDeps, 'rules' | 'modules' | 'frameworks'>,
  input: EditRuleInput,
): Promise<EditRuleOutcome> {
  const { rules: r, assessment: a, group } = input;
  const resetting = input.action === 'reset' || input.action === 'confirm-reset';
  let rule: EligibilityRule | null = null;
  if (!resetting) {
    const published = new Set(
      (await deps.modules.listLatest(input.editor.tenantId))
        .filter((m) => m.status === 'published')
        .map((m) => m.slug),
    );
    const { tpqi } = await officialCodes(deps, input.editor.tenantId);
    const parsed = parseRuleForm(input.fields, input.modules, {
      skillSets: r.f.skillSets.map((k) => k.code),
      publishedModules: published,
      certificationCodes: tpqi.map((c) => c.code),
    });
    const problems = parsed.ok
      ? input.scope === 'course'
        ? looserThan(
            parsed.rule,
            ruleFor(
              r.organisation.find((o) => o.code === a.code)!,
              group,
            ),
          )
        : []
      : parsed.problems;
    if (!parsed.ok || problems.length) return { problems };
    rule = parsed.rule;
  }
  const edit = { assessment: a.code, targetGroup: group, contextId: input.contextId, rule };
  const change = ruleChange(
    r.shipped.find((x) => x.code === a.code)!,
    r.overrides,
    edit,
  );
  if (change.dropped.length) {
    const token = createHash('sha256')
      .update(JSON.stringify([change.before ?? null, change.after ?? null]))
      .digest('base64url')
      .slice(0, 22);
    if (!(input.action.startsWith('confirm-') && input.confirm === token))
      return {
        confirm: { token, action: resetting ? 'confirm-reset' : 'confirm-save', dropped: change.dropped },
      };
  }
  await deps.rules.record({
    tenantId: input.editor.tenantId,
    ...edit,
    recordedBy: input.editor.personId,
    dropped: change.dropped,
    audit: {
      by: input.editor,
      action: resetting ? 'rule.reset' : 'rule.edited',
      subject: `${a.code} ${group}`,
      details: {
        assessment: a.code,
        targetGroup: group,
        scope: input.scope,
        ...(input.contextId !== undefined ? { contextId: input.contextId } : {}),
        before: change.before ?? null,
        after: change.after ?? null,
        ...(change.dropped.length ? { dropped: change.dropped } : {}),
      },
    },
  });
  return 'saved';
}
