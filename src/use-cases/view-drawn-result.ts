import type { QuizAnswers, QuizResult } from '../domain/catalogue/module-progress';
import type { UseCaseDeps } from './deps';
import { loadModule, quizStanding, type QuizStanding } from './open-module';
import type { Learner } from './ports';
import { attemptQuestions, type DrawnQuizView } from './start-drawn-quiz';

export interface DrawnResultView extends DrawnQuizView {
  result: QuizResult;
  answers: QuizAnswers;
  /** Where the learner now stands with the quiz: whether another attempt can start, when, or none is left. */
  standing: QuizStanding;
}

/**
 * A learner reads the result of one of their submitted attempts at a module's drawn quiz or pre-test: the page a
 * submission leads to (post/redirect/get), so that a reload, the back button and the language switch show the
 * same result and write nothing. As scored when submitted (the answers and their verdicts are kept). Another
 * learner's attempt, an open one, or one of another module is not found.
 */
export async function viewDrawnResult(
  deps: Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank' | 'now'>,
  learner: Learner,
  slug: string,
  attemptId: number,
): Promise<DrawnResultView | 'not-found'> {
  const m = await loadModule(deps, learner, slug, undefined, { readDrawn: true, readAttempts: true });
  if (!m?.drawn || !m.attempts) return 'not-found';
  const { attempts, drawn, ...view } = m;
  const attempt = attempts.find((a) => a.id === attemptId && a.submittedAt !== undefined);
  if (!attempt) return 'not-found';
  const [questions, stored] = await Promise.all([
    attemptQuestions(deps, learner, attempt),
    deps.bank.attemptAnswers(learner, attempt.id),
  ]);
  if (!questions || !stored) return 'not-found';
  const results = questions.map((_, i) => stored.results[i] === true);
  const answers = questions.map((_, i) => stored.answers[i] ?? []);
  const posts = attempts.filter((a) => a.kind === 'post');
  return {
    ...view,
    justCompleted: false,
    drawn,
    attempt,
    questions,
    // The post-tests submitted up to this one (as after a submission: this one's number).
    submitted: posts.filter((a) => a.submittedAt !== undefined && a.id <= attempt.id).length,
    result: {
      percent: attempt.percent ?? 0,
      correctCount: results.filter(Boolean).length,
      questions: results.map((correct, i) => ({ correct, chosen: answers[i]! })),
    },
    answers,
    standing: quizStanding(drawn, attempts, deps.now()),
  };
}
