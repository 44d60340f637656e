import type { PersonId, ContextId } from '../shared/ids';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import {
  plannedSplit,
  planStatus,
  planVsActual,
  type PlanLine,
  type PlanStatus,
} from '../domain/development/plan';
import type { HorizonSplit } from '../domain/agency/seventy-thirty';
import { fiscalYearAfter, fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import { mayReview, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { CourseLearner, StoredFramework, StoredPlan } from './ports';

export interface PlanView {
  /** The latest version of the plan, if one was saved, with its status (agreed, sent back, awaiting). */
  plan?: StoredPlan & { status: { status: PlanStatus; comment?: string } };
  /** Hours done in the fiscal year per skill set and category. */
  actual: Map<string, Record<LearningCategory, number>>;
  /** The current fiscal year (where the learners are), for the page's year choices. */
  currentYear: FiscalYear;
  /** What the plan's hours serve against 70:30 (with a plan). */
  split?: HorizonSplit;
  /** The plan's hours against those done, per skill set (none without a plan). */
  comparison: PlanLine[];
}

/** The fiscal years a plan can be made for: this one, the next (plans are drawn up before a year starts), the last. */
export type YearChoices = { yearChoices: FiscalYear[] };
const yearChoices = (current: FiscalYear, chosen: FiscalYear): FiscalYear[] =>
  [...new Set([fiscalYearAfter(current, 1), current, fiscalYearAfter(current, -1), chosen])].sort(
    (a, b) => b - a,
  );

async function readPlan(
  deps: Pick<UseCaseDeps, 'plans' | 'today'>,
  who: PersonRef,
  fiscalYear: FiscalYear,
): Promise<PlanView & YearChoices> {
  const [plan, actual] = await Promise.all([
    deps.plans.latest({ tenantId: who.tenantId, personId: who.personId, fiscalYear: fiscalYear }),
    deps.plans.actualHours({ tenantId: who.tenantId, personId: who.personId, fiscalYear: fiscalYear }),
  ]);
  const currentYear = fiscalYearOf(deps.today());
  return {
    plan: plan && { ...plan, status: planStatus(plan.version, plan.reviews) },
    actual,
    split: plan && plannedSplit(plan.items),
    currentYear,
    comparison: plan ? planVsActual(plan.items, actual) : [],
    yearChoices: yearChoices(currentYear, fiscalYear),
  };
}

/** The learner's own plan for a fiscal year (this one when none is asked), against what they did in it. */
export async function getPlan(
  deps: Pick<UseCaseDeps, 'plans' | 'today'>,
  input: { learner: PersonRef; fiscalYear?: FiscalYear },
): Promise<PlanView & YearChoices & { fiscalYear: FiscalYear }> {
  const fiscalYear = input.fiscalYear ?? fiscalYearOf(deps.today());
  return { ...(await readPlan(deps, input.learner, fiscalYear)), fiscalYear };
}

/**
 * A learner's plan as their supervisor sees it: only a learner of the supervisor's course (another course's are
 * not theirs to see: undefined), `own` when it is the supervisor's own plan (another supervisor decides).
 */
export async function getLearnerPlan(
  deps: Pick<UseCaseDeps, 'plans' | 'today' | 'ledger' | 'frameworks'>,
  input: { viewer: PersonRef & { contextId: ContextId }; personId: PersonId; fiscalYear?: FiscalYear },
): Promise<
  | (PlanView &
      YearChoices & {
        fiscalYear: FiscalYear;
        learner: CourseLearner;
        framework: StoredFramework;
        own: boolean;
      })
  | undefined
> {
  const { viewer } = input;
  const learner = await deps.ledger.courseLearner({
    tenantId: viewer.tenantId,
    contextId: viewer.contextId,
    personId: input.personId,
  });
  if (!learner) return undefined;
  const fiscalYear = input.fiscalYear ?? fiscalYearOf(deps.today());
  const framework = await deps.frameworks.forTenant(viewer.tenantId);
  const view = await readPlan(deps, { tenantId: viewer.tenantId, personId: learner.personId }, fiscalYear);
  return {
    ...view,
    fiscalYear,
    learner,
    framework,
    own: !mayReview(viewer, { tenantId: viewer.tenantId, personId: learner.personId }),
  };
}
