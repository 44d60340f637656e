import { scoreQuiz, type QuizAnswers, type QuizResult } from '../domain/catalogue/module-progress';
import { completeModule, type CompleteModuleDeps, type GradeTarget } from './complete-module';
import type { UseCaseDeps } from './deps';
import { loadModule, withState } from './open-module';
import type { Learner } from './ports';
import { attemptQuestions, type DrawnQuizView } from './start-drawn-quiz';

/**
 * The learner submits an attempt at a drawn quiz or pre-test: scored on the server against the questions the attempt
 * drew (kept when it started), once. An attempt that is not the learner's open attempt of this module (submitted
 * already, another learner's, another module's) is refused and nothing is written. A pre-test counts for nothing but
 * the gain; the quiz (post-test) is kept as any quiz attempt: best score, completion, grade.
 */
export async function submitDrawnQuiz(
  deps: CompleteModuleDeps & Pick<UseCaseDeps, 'modules' | 'bank' | 'now'>,
  learner: Learner,
  slug: string,
  attemptId: number,
  answers: QuizAnswers,
  grade: GradeTarget,
): Promise<
  (DrawnQuizView & { result: QuizResult; passed?: boolean }) | 'not-found' | 'not-drawn' | 'attemptClosed'
> {
  const m = await loadModule(deps, learner, slug, grade);
  if (!m) return 'not-found';
  if (!m.drawn) return 'not-drawn';
  const history = await deps.bank.attempts(learner, m.summary.moduleId);
  const attempt = history.find((a) => a.id === attemptId);
  if (!attempt || attempt.submittedAt !== undefined) return 'attemptClosed';
  const questions = await attemptQuestions(deps, learner, attempt);
  if (!questions) return 'attemptClosed';
  const result = scoreQuiz(questions, answers);
  const results = result.questions.map((q) => q.correct);
  const submitted = history.filter((a) => a.kind === 'post' && a.submittedAt !== undefined).length;
  const submittedAt = deps.now();
  const base = { ...m, justCompleted: false, drawn: m.drawn, questions, submitted, result };
  if (attempt.kind === 'pre') {
    const done = await deps.bank.submitPreTest(learner, attempt.id, {
      answers,
      results,
      percent: result.percent,
      submittedAt,
    });
    if (!done) return 'attemptClosed';
    return { ...base, attempt: { ...attempt, submittedAt, percent: result.percent } };
  }
  const rule = m.content.completionRule;
  const passed = rule.kind === 'pages' || result.percent >= rule.passPercent;
  const recorded = await deps.player.recordDrawnQuizAttempt(
    learner,
    attempt.moduleVersionId,
    { attemptId: attempt.id, answers, results, percent: result.percent, passed, submittedAt },
    grade,
  );
  if (!recorded) return 'attemptClosed';
  if (recorded.gradesQueued > 0) deps.grades.kick();
  return {
    ...base,
    attempt: { ...attempt, submittedAt, percent: result.percent },
    submitted: submitted + 1,
    passed,
    ...withState(m.content, recorded.state),
    ...(await completeModule(deps, learner, m, recorded.state, m.completion, grade)),
  };
}
