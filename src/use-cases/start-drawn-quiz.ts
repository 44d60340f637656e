import type { QuizQuestion } from '../domain/catalogue/learning-module';
import { attemptVerdict, drawQuestions, type DrawnQuizSettings } from '../domain/evaluation/quiz-draw';
import type { UseCaseDeps } from './deps';
import { loadModule, type ModuleView } from './open-module';
import type { GradeTarget } from './complete-module';
import type { Learner } from './ports';
import type { DrawnAttempt } from './ports/question-bank';

export type DrawnQuizRefusal =
  | { refused: 'limitReached'; limit: number }
  | { refused: 'wait'; opensAt: Date }
  /** A pre-test is offered once, before the first attempt at the quiz. */
  | { refused: 'preTestClosed' }
  /** The pools can draw no question now (every question of them retired). */
  | { refused: 'empty' };

export interface DrawnQuizView extends ModuleView {
  drawn: DrawnQuizSettings;
  attempt: DrawnAttempt;
  /** The attempt's questions, in the order drawn. */
  questions: QuizQuestion[];
  /** Submitted attempts at the quiz (post-tests) before this one. */
  submitted: number;
}

export type DrawnQuizDeps = Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank' | 'now' | 'random'>;

/** The attempt's questions, in order; a version that is gone (never: versions are kept) leaves the attempt unusable. */
export async function attemptQuestions(
  deps: Pick<UseCaseDeps, 'bank'>,
  learner: Learner,
  attempt: DrawnAttempt,
): Promise<QuizQuestion[] | undefined> {
  const versions = await deps.bank.versions(learner.tenantId, attempt.questions);
  const questions = attempt.questions.map((id) => versions.get(id));
  return questions.every((q): q is QuizQuestion => q !== undefined) ? questions : undefined;
}

/**
 * The learner opens a module's drawn quiz (`post`) or its pre-test (`pre`): the open attempt of that kind if there is
 * one (a reload shows the same questions), otherwise a new attempt with questions drawn for it, avoiding those of
 * the learner's earlier attempts while the pools have others. The quiz refuses a new attempt past the limit or
 * before the waiting time is over; the pre-test is offered once, before any attempt at the quiz.
 */
export async function startDrawnQuiz(
  deps: DrawnQuizDeps,
  learner: Learner,
  slug: string,
  kind: 'pre' | 'post',
  grade: GradeTarget,
): Promise<DrawnQuizView | DrawnQuizRefusal | 'not-found' | 'not-drawn'> {
  const m = await loadModule(deps, learner, slug, grade);
  if (!m) return 'not-found';
  if (!m.drawn || (kind === 'pre' && !m.drawn.preTest)) return 'not-drawn';
  const drawn = m.drawn;
  const history = await deps.bank.attempts(learner, m.summary.moduleId);
  const posts = history.filter((a) => a.kind === 'post');
  const submitted = posts.filter((a) => a.submittedAt !== undefined).length;
  let attempt = history.find((a) => a.kind === kind && a.submittedAt === undefined);
  if (!attempt) {
    if (kind === 'pre' && (history.some((a) => a.kind === 'pre') || posts.length > 0))
      return { refused: 'preTestClosed' };
    if (kind === 'post') {
      const verdict = attemptVerdict(
        drawn,
        posts.flatMap((a) => (a.submittedAt ? [{ submittedAt: a.submittedAt }] : [])),
        deps.now(),
      );
      if (verdict.kind === 'limitReached') return { refused: 'limitReached', limit: verdict.limit };
      if (verdict.kind === 'wait') return { refused: 'wait', opensAt: verdict.opensAt };
    }
    // What each question was last seen in: the learner's attempts in order, pre-test included.
    const lastSeen = new Map<number, number>();
    history.forEach((a, i) => a.questionIds.forEach((q) => lastSeen.set(q, i)));
    const candidates = await deps.bank.candidates(learner.tenantId);
    const picked = drawQuestions(drawn.pools, candidates, lastSeen, deps.random);
    if (picked.length === 0) return { refused: 'empty' };
    attempt = await deps.bank.startAttempt(learner, {
      moduleId: m.summary.moduleId,
      moduleVersionId: m.summary.versionId,
      kind,
      questions: picked.map((c) => c.versionId),
    });
    if (!attempt) return { refused: 'preTestClosed' };
  }
  const questions = await attemptQuestions(deps, learner, attempt);
  if (!questions) return 'not-found';
  return { ...m, justCompleted: false, drawn, attempt, questions, submitted };
}

/** An instructor or administrator looks at a drawn quiz: a sample draw, nothing kept. */
export async function previewDrawnQuiz(
  deps: Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank' | 'random'>,
  viewer: Learner,
  slug: string,
): Promise<(ModuleView & { questions: QuizQuestion[] }) | 'not-found' | 'not-drawn'> {
  const m = await loadModule(deps, viewer, slug, undefined);
  if (!m) return 'not-found';
  if (!m.drawn) return 'not-drawn';
  const picked = drawQuestions(
    m.drawn.pools,
    await deps.bank.candidates(viewer.tenantId),
    new Map(),
    deps.random,
  );
  const versions = await deps.bank.versions(
    viewer.tenantId,
    picked.map((c) => c.versionId),
  );
  const questions = picked.flatMap((c) => {
    const q = versions.get(c.versionId);
    return q ? [q] : [];
  });
  return { ...m, justCompleted: false, questions };
}
