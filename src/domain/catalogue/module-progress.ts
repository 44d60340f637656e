import type { CompletionRule, QuizQuestion } from './learning-module';

/** A learner's answer to one question: the indexes of the options they chose. */
export type QuizAnswers = number[][];

export interface QuestionResult {
  correct: boolean;
  /** Feedback of each option the learner chose, in option order. */
  chosen: number[];
}

export interface QuizResult {
  /** 0–100, two decimals. */
  percent: number;
  correctCount: number;
  questions: QuestionResult[];
}

/**
 * A question is right only when exactly its correct options are chosen (no partial credit for multiple choice:
 * choosing every option must not score). An unanswered question is wrong.
 */
export function scoreQuiz(questions: readonly QuizQuestion[], answers: QuizAnswers): QuizResult {
  const results = questions.map((q, i) => {
    const chosen = [...new Set(answers[i] ?? [])]
      .filter((n) => n >= 0 && n < q.options.length)
      .sort((a, b) => a - b);
    const correct = q.options.flatMap((o, j) => (o.correct ? [j] : []));
    return { correct: chosen.length === correct.length && chosen.every((n, k) => n === correct[k]), chosen };
  });
  const correctCount = results.filter((r) => r.correct).length;
  const percent = questions.length === 0 ? 0 : Math.round((correctCount / questions.length) * 10000) / 100;
  return { percent, correctCount, questions: results };
}

export interface ModuleState {
  pageCount: number;
  /** Zero-based indexes of the pages viewed. */
  pagesViewed: readonly number[];
  /** Best quiz percentage so far, if any attempt. */
  bestQuizPercent?: number;
}

export function allPagesViewed(state: ModuleState): boolean {
  const seen = new Set(state.pagesViewed);
  for (let i = 0; i < state.pageCount; i += 1) if (!seen.has(i)) return false;
  return true;
}

export function quizPassed(rule: CompletionRule, state: ModuleState): boolean {
  if (rule.kind === 'pages') return true;
  return state.bestQuizPercent !== undefined && state.bestQuizPercent >= rule.passPercent;
}

/** Whether the module's completion rule is met. */
export function isModuleComplete(rule: CompletionRule, state: ModuleState): boolean {
  switch (rule.kind) {
    case 'pages':
      return allPagesViewed(state);
    case 'quiz':
      return quizPassed(rule, state);
    case 'pages-and-quiz':
      return allPagesViewed(state) && quizPassed(rule, state);
  }
}

/**
 * The grade sent to the LMS: the best quiz percentage, or full marks when the module has no quiz (or its quiz is
 * optional and was not taken).
 */
export function completionScore(rule: CompletionRule, hasQuiz: boolean, state: ModuleState): number {
  if (!hasQuiz) return 100;
  return state.bestQuizPercent ?? (rule.kind === 'pages' ? 100 : 0);
}
