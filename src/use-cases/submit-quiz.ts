import { scoreQuiz, type QuizAnswers, type QuizResult } from '../domain/catalogue/module-progress';
import { completeModule, type CompleteModuleDeps, type GradeTarget } from './complete-module';
import type { UseCaseDeps } from './deps';
import { loadModule, withState, type ModuleView } from './open-module';
import type { Learner } from './ports';

/** The learner submits the quiz: the attempt is kept, scored, and may complete the module or improve its grade. */
export async function submitQuiz(
  deps: CompleteModuleDeps & Pick<UseCaseDeps, 'modules' | 'bank'>,
  learner: Learner,
  slug: string,
  answers: QuizAnswers,
  grade: GradeTarget,
): Promise<(ModuleView & { result: QuizResult; passed: boolean }) | 'not-found' | 'no-quiz'> {
  const m = await loadModule(deps, learner, slug, grade);
  if (!m) return 'not-found';
  // A module whose quiz is drawn from the bank takes attempts at the drawn questions only (submitDrawnQuiz).
  if (m.drawn) return 'no-quiz';
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
  if (gradesQueued > 0) deps.grades.kick();
  return {
    ...m,
    ...withState(m.content, state),
    result,
    passed,
    ...(await completeModule(deps, learner, m, state, m.completion, grade)),
  };
}
