import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import { checkPlan, type PlanInput, type PlanProblem } from '../domain/development/plan';
import type { UseCaseDeps } from './deps';
import type { Learner, StoredFramework } from './ports';

/**
 * The learner saves their development plan for a fiscal year: checked against the framework's skill sets, and
 * kept only when `basedOn` is still the latest version (`conflict`: someone saved meanwhile, nothing written).
 */
export async function savePlan(
  deps: Pick<UseCaseDeps, 'plans'>,
  input: {
    learner: Learner;
    framework: StoredFramework;
    fiscalYear: FiscalYear;
    basedOn: number;
    plan: PlanInput;
  },
): Promise<'saved' | 'conflict' | { problems: PlanProblem[] }> {
  const checked = checkPlan(
    input.plan,
    input.framework.framework.skillSets.map((s) => s.code),
  );
  if (!checked.ok) return { problems: checked.problems };
  const saved = await deps.plans.save({
    tenantId: input.learner.tenantId,
    personId: input.learner.personId,
    fiscalYear: input.fiscalYear,
    frameworkId: input.framework.id,
    items: checked.items,
    basedOn: input.basedOn,
    // The learner's supervisors (the instructors of their courses) hear there is a plan to agree.
    notify: {
      kind: 'planToAgree',
      actorId: input.learner.personId,
      to: { supervisorsOf: input.learner.personId },
      subjectPersonId: input.learner.personId,
      details: { fiscalYear: input.fiscalYear },
    },
  });
  return saved ? 'saved' : 'conflict';
}
