import type { ModuleContent } from '../domain/catalogue/learning-module';
import { completionScore, isModuleComplete } from '../domain/catalogue/module-progress';
import type { UseCaseDeps } from './deps';
import type { CompletionRecord, GradePlacement, Learner, ModuleProgressState, ModuleSummary } from './ports';
import { recheckEligibility } from './recheck-eligibility';

/**
 * The placement the learner opened the module through, when its link placed this module and has a gradebook
 * column; undefined otherwise (and always for a preview: no grades for instructors).
 */
export type GradeTarget = GradePlacement | undefined;

export type CompleteModuleDeps = Pick<
  UseCaseDeps,
  'player' | 'grades' | 'development' | 'frameworks' | 'rules' | 'shippedAssessments' | 'today' | 'logger'
>;

/**
 * Appends the completion once the module's rule is met; a second request (or a concurrent one) writes nothing.
 * A new completion sends its grade at once (not at the next poll) and judges the learner's eligibility again.
 */
export async function completeModule(
  deps: CompleteModuleDeps,
  learner: Learner,
  m: { summary: ModuleSummary; content: ModuleContent; drawn?: object },
  state: ModuleProgressState,
  completion: CompletionRecord | undefined,
  grade: GradeTarget,
): Promise<{ completion?: CompletionRecord; justCompleted: boolean }> {
  const c = m.content;
  const moduleState = { pageCount: c.pages.length, ...state };
  if (completion || !isModuleComplete(c.completionRule, moduleState))
    return { completion, justCompleted: false };
  const result = await deps.player.complete({
    tenantId: learner.tenantId,
    personId: learner.personId,
    contextId: learner.contextId,
    moduleId: m.summary.moduleId,
    moduleVersionId: m.summary.versionId,
    title: c.title.th,
    category: c.category,
    hours: c.estimatedHours,
    skillHours: c.mappings.map((x) => ({
      skillSet: x.skillSet,
      ...(x.area ? { area: x.area } : {}),
      hours: x.hours,
    })),
    // A quiz drawn from the bank is the module's quiz as its own questions would be.
    scorePercent: completionScore(
      c.completionRule,
      Boolean(c.quiz?.questions.length) || m.drawn !== undefined,
      moduleState,
    ),
    grade,
  });
  if (result.created) {
    deps.grades.kick();
    await recheckEligibility(deps, {
      tenantId: learner.tenantId,
      contextId: learner.contextId,
      personIds: [learner.personId],
    });
  }
  return { completion: result.record, justCompleted: result.created };
}
