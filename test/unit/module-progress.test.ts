import type { QuizQuestion } from '../../src/domain/catalogue/learning-module';
import { completionScore, isModuleComplete, scoreQuiz } from '../../src/domain/catalogue/module-progress';

const b = (s: string) => ({ th: s, en: s });
const single: QuizQuestion = {
  kind: 'single',
  prompt: b('q1'),
  options: [
    { text: b('a'), correct: false, feedback: b('no') },
    { text: b('b'), correct: true, feedback: b('yes') },
  ],
};
const multiple: QuizQuestion = {
  kind: 'multiple',
  prompt: b('q2'),
  options: [
    { text: b('a'), correct: true, feedback: b('yes') },
    { text: b('b'), correct: false, feedback: b('no') },
    { text: b('c'), correct: true, feedback: b('yes') },
  ],
};

describe('scoreQuiz', () => {
  it('scores each question right only when exactly its correct options are chosen', () => {
    expect(scoreQuiz([single, multiple], [[1], [0, 2]]).percent).toBe(100);
    expect(scoreQuiz([single, multiple], [[1], [0, 1, 2]]).percent).toBe(50);
    expect(scoreQuiz([single, multiple], [[1], [0]]).percent).toBe(50);
    expect(scoreQuiz([single, multiple], [[0], []]).percent).toBe(0);
  });

  it('ignores duplicates and out-of-range choices, and counts a missing answer as wrong', () => {
    const r = scoreQuiz(
      [single, multiple, single],
      [
        [1, 1, 9],
        [2, 0],
      ],
    );
    expect(r.questions.map((q) => q.correct)).toEqual([true, true, false]);
    expect(r.percent).toBe(66.67);
  });
});

describe('isModuleComplete', () => {
  const state = (pagesViewed: number[], bestQuizPercent?: number) => ({
    pageCount: 3,
    pagesViewed,
    bestQuizPercent,
  });
  it.each([
    [{ kind: 'pages' } as const, state([0, 1]), false],
    [{ kind: 'pages' } as const, state([2, 0, 1]), true],
    [{ kind: 'quiz', passPercent: 80 } as const, state([], 79.99), false],
    [{ kind: 'quiz', passPercent: 80 } as const, state([], 80), true],
    [{ kind: 'pages-and-quiz', passPercent: 60 } as const, state([0, 1, 2], 50), false],
    [{ kind: 'pages-and-quiz', passPercent: 60 } as const, state([0, 1], 100), false],
    [{ kind: 'pages-and-quiz', passPercent: 60 } as const, state([0, 1, 2], 60), true],
  ])('%j with %j -> %s', (rule, s, done) => expect(isModuleComplete(rule, s)).toBe(done));

  it('scores the completion by the best quiz, or full marks without a (required) quiz', () => {
    expect(completionScore({ kind: 'quiz', passPercent: 50 }, true, state([], 75))).toBe(75);
    expect(completionScore({ kind: 'pages' }, false, state([0, 1, 2]))).toBe(100);
    expect(completionScore({ kind: 'pages' }, true, state([0, 1, 2]))).toBe(100);
    expect(completionScore({ kind: 'pages' }, true, state([0, 1, 2], 40))).toBe(40);
  });
});
