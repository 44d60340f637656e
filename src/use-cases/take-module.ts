import type { ModuleContent } from '../domain/catalogue/learning-module';
import {
  completionScore,
  isModuleComplete,
  scoreQuiz,
  type QuizAnswers,
  type QuizResult,
} from '../domain/catalogue/module-progress';
import type {
  CompletionRecord,
  GradePlacement,
  Learner,
  ModuleProgressState,
  ModuleStore,
  ModuleSummary,
  PlayerStore,
} from './ports';

export interface TakeModuleDeps {
  modules: ModuleStore;
  player: PlayerStore;
  /** Called after a completion was recorded: its grade goes out without waiting for the next poll, and the
   * learner's eligibility is judged again. */
  onCompleted?(learner: Learner): Promise<void> | void;
  /** Called when grades were queued without a completion (a retake's better score, a new placement). */
  onGradesQueued?(): void;
}

/**
 * The placement the learner opened the module through, when its link placed this module and has a gradebook
 * column; undefined otherwise (and always for a preview: no grades for instructors).
 */
export type GradeTarget = GradePlacement | undefined;

export interface ModuleView {
  summary: ModuleSummary;
  content: ModuleContent;
  state: ModuleProgressState;
  completion?: CompletionRecord;
  /** True when this very request completed the module. */
  justCompleted: boolean;
}

/**
 * The module and where the learner stands in it. Opened through a placement, the completion is read by a statement
 * that also queues the learner's grade for that placement if it lacks it (completed in another course, or before
 * the placement existed): no extra round trip.
 */
async function load(deps: TakeModuleDeps, learner: Learner, slug: string, grade: GradeTarget) {
  const found = await deps.modules.getPublished(learner.tenantId, slug);
  if (!found) return undefined;
  const moduleId = found.summary.moduleId;
  const [state, completion] = await Promise.all([
    deps.player.progress(learner, found.summary.versionId),
    grade
      ? deps.player.completionAt(learner, moduleId, grade).then((c) => {
          if (c.gradesQueued > 0) deps.onGradesQueued?.();
          return c.record;
        })
      : deps.player.completionOf(learner, moduleId),
  ]);
  return { ...found, state, completion };
}

/** Appends the completion once the rule is met; a second request (or a concurrent one) writes nothing. */
async function completeIfDone(
  deps: TakeModuleDeps,
  learner: Learner,
  m: { summary: ModuleSummary; content: ModuleContent },
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
    scorePercent: completionScore(c.completionRule, Boolean(c.quiz?.questions.length), moduleState),
    grade,
  });
  if (result.created) await deps.onCompleted?.(learner);
  return { completion: result.record, justCompleted: result.created };
}

/**
 * The module as the learner stands in it (newest published version). `grade`: the placement it was opened
 * through, which gets the learner's grade if they completed the module and it does not hold it yet.
 */
export async function openModule(
  deps: TakeModuleDeps,
  learner: Learner,
  slug: string,
  grade?: GradeTarget,
): Promise<ModuleView | undefined> {
  const m = await load(deps, learner, slug, grade);
  return m && { ...m, justCompleted: false };
}

/** The learner opens a page (zero-based): it counts as viewed and becomes their place in the module. */
export async function viewModulePage(
  deps: TakeModuleDeps,
  learner: Learner,
  slug: string,
  page: number,
  grade: GradeTarget,
): Promise<ModuleView | 'not-found' | 'no-such-page'> {
  const m = await load(deps, learner, slug, grade);
  if (!m) return 'not-found';
  if (!Number.isInteger(page) || page < 0 || page >= m.content.pages.length) return 'no-such-page';
  const state = await deps.player.viewPage(learner, m.summary.versionId, page);
  return { ...m, state, ...(await completeIfDone(deps, learner, m, state, m.completion, grade)) };
}

/** The learner submits the quiz: the attempt is kept, scored, and may complete the module or improve its grade. */
export async function submitQuiz(
  deps: TakeModuleDeps,
  learner: Learner,
  slug: string,
  answers: QuizAnswers,
  grade: GradeTarget,
): Promise<(ModuleView & { result: QuizResult; passed: boolean }) | 'not-found' | 'no-quiz'> {
  const m = await load(deps, learner, slug, grade);
  if (!m) return 'not-found';
  const questions = m.content.quiz?.questions ?? [];
  if (questions.length === 0) return 'no-quiz';
  const result = scoreQuiz(questions, answers);
  const rule = m.content.completionRule;
  const passed = rule.kind === 'pages' || result.percent >= rule.passPercent;
  // A retake after the completion that beats the best score sends the better grade to every placement.
  const { state, gradesQueued } = await deps.player.recordQuizAttempt(
    learner,
    m.summary.versionId,
    { answers, percent: result.percent, passed },
    grade,
  );
  if (gradesQueued > 0) deps.onGradesQueued?.();
  return {
    ...m,
    state,
    result,
    passed,
    ...(await completeIfDone(deps, learner, m, state, m.completion, grade)),
  };
}
