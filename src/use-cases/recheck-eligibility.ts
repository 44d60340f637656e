import type { TenantId, PersonId, ContextId, EntryId } from '../shared/ids';
import type { Assessment } from '../domain/assessment/eligibility';
import type { SkillCounting } from '../domain/framework/crosswalk-counting';
import { assessmentsInForce } from './assessments-in-force';
import { evaluateLearner } from './evaluate-learner';
import type { DevelopmentStore, EligibilityDeps } from './ports';

/** Whose record a write changed: the entries written or decided, or the people themselves. */
export interface RecordChange {
  tenantId: TenantId;
  /** The course where it happened: its rule edits are in force there. */
  contextId?: ContextId;
  entryIds?: EntryId[];
  personIds?: PersonId[];
}

/**
 * Judges the people of `changed` against `assessments` and keeps their first-eligible dates. Returns how many
 * new first-eligible dates were kept.
 */
export async function judgePeople(
  deps: { development: DevelopmentStore },
  tenantId: TenantId,
  changed: { entryIds?: EntryId[]; personIds?: PersonId[] },
  assessments: readonly Assessment[],
  today: string,
  counting?: SkillCounting,
): Promise<number> {
  if (assessments.length === 0) return 0;
  const people = await deps.development.peopleOf(tenantId, changed);
  if (people.length === 0) return 0;
  const inputs = await deps.development.eligibilityInputsOf(
    tenantId,
    people.map((p) => p.personId),
  );
  let kept = 0;
  for (const p of people) {
    const input = inputs.get(p.personId)!;
    const results = await evaluateLearner(deps, { tenantId, ...p }, assessments, today, input, counting);
    kept += results.filter((r) => r.firstEligibleAt && !input.firsts.has(r.assessment.code)).length;
  }
  return kept;
}

/**
 * The after-write step of every use case whose write can make people eligible (a completion, an approval, a
 * correction, a self-assessment): judge them with the rules in force where it happened and keep first-eligible
 * dates, so that the organisation report counts them without anyone opening a page. A failure here does not fail
 * the write (it is only a date, taken again on the next view); it is logged.
 */
export async function recheckEligibility(deps: EligibilityDeps, change: RecordChange): Promise<void> {
  try {
    const stored = await deps.frameworks.forTenant(change.tenantId);
    const set = await assessmentsInForce(deps, stored.framework.id, change);
    await judgePeople(deps, change.tenantId, change, set?.assessments ?? [], deps.today(), set?.counting);
  } catch (err) {
    // The request id comes with the log line (the logger's mixin).
    deps.logger.warn({ err: { message: (err as Error).message } }, 'eligibility recheck failed');
  }
}
