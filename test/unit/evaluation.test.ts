import { mappingTargets, type QuizQuestion } from '../../src/domain/catalogue/learning-module';
import type { Framework } from '../../src/domain/framework/framework';
import { checkBankQuestion, type BankQuestionContent } from '../../src/domain/evaluation/question-bank';
import {
  attemptVerdict,
  drawQuestions,
  poolSupply,
  quizAccess,
  type DrawCandidate,
} from '../../src/domain/evaluation/quiz-draw';
import { normalisedGain, summariseGain } from '../../src/domain/evaluation/pre-post-gain';
import { itemStatistics } from '../../src/domain/evaluation/item-statistics';

const b = (s: string) => ({ th: `${s} (th)`, en: s });
const targets = mappingTargets({
  skillSets: [{ code: 'DL' }, { code: 'DG' }],
  areas: [{ code: 'DL1', skillSet: 'DL' }],
} as unknown as Framework);

const question = (kind: QuizQuestion['kind'], correct: boolean[]): BankQuestionContent => ({
  skillSet: 'DL',
  difficulty: 'easy',
  question: {
    kind,
    prompt: b('What is a password manager?'),
    options: correct.map((c, i) => ({ text: b(`option ${i}`), correct: c, feedback: b('') })),
  },
});

describe('checkBankQuestion', () => {
  it('refuses a question without a right answer, whatever its kind', () => {
    expect(checkBankQuestion(question('single', [false, false]), targets)).toEqual([
      { field: 'options', code: 'NO_RIGHT_ANSWER' },
    ]);
    expect(checkBankQuestion(question('multiple', [false, false, false]), targets)).toEqual([
      { field: 'options', code: 'NO_RIGHT_ANSWER' },
    ]);
  });
  it.each([
    ['single', [true, true], 'SINGLE_NEEDS_ONE_CORRECT'],
    ['multiple', [true, false], 'MULTIPLE_NEEDS_TWO_CORRECT'],
    ['single', [true], 'TOO_FEW_OPTIONS'],
  ] as const)('%s with %j: %s', (kind, correct, code) => {
    expect(checkBankQuestion(question(kind, [...correct]), targets).map((p) => p.code)).toContain(code);
  });
  it('accepts one right answer of a single choice and two of a multiple choice', () => {
    expect(checkBankQuestion(question('single', [false, true]), targets)).toEqual([]);
    expect(checkBankQuestion(question('multiple', [true, false, true]), targets)).toEqual([]);
  });
  it('needs both languages and tags of the framework', () => {
    const q = question('single', [true, false]);
    q.question.prompt = { th: 'คำถาม', en: ' ' };
    expect(checkBankQuestion({ ...q, skillSet: 'XX' }, targets).map((p) => p.code)).toEqual([
      'PROMPT_REQUIRED',
      'UNKNOWN_SKILL_SET',
    ]);
    expect(
      checkBankQuestion({ ...question('single', [true, false]), skillSet: 'DG', area: 'DL1' }, targets),
    ).toEqual([{ field: 'area', code: 'AREA_OF_OTHER_SKILL_SET', params: { code: 'DL1' } }]);
  });
});

const bank: DrawCandidate[] = Array.from({ length: 10 }, (_, i) => ({
  questionId: i + 1,
  versionId: 100 + i,
  skillSet: i < 6 ? 'DL' : 'DG',
  difficulty: i % 2 === 0 ? 'easy' : 'hard',
}));
/** A fixed sequence in [0, 1): the draws are reproducible. */
const seeded = (seed: number) => () => {
  seed = (seed * 16807) % 2147483647;
  return (seed - 1) / 2147483646;
};

describe('drawQuestions', () => {
  it('draws N per pool from the pool’s tags, never one question twice', () => {
    const drawn = drawQuestions(
      [
        { skillSet: 'DL', count: 3 },
        { skillSet: 'DL', difficulty: 'easy', count: 3 },
      ],
      bank,
      new Map(),
      seeded(7),
    );
    expect(drawn).toHaveLength(6);
    expect(new Set(drawn.map((d) => d.questionId)).size).toBe(6);
    expect(drawn.every((d) => d.skillSet === 'DL')).toBe(true);
    expect(drawn.slice(3).every((d) => d.difficulty === 'easy')).toBe(true);
  });
  it('avoids what the learner saw before while the pool has other questions, the oldest seen first', () => {
    const pools = [{ skillSet: 'DL', count: 3 }];
    for (let seed = 1; seed < 30; seed += 1) {
      const first = drawQuestions(pools, bank, new Map(), seeded(seed));
      const seen = new Map(first.map((d) => [d.questionId, 1]));
      const second = drawQuestions(pools, bank, seen, seeded(seed + 1));
      // Six DL questions, three per attempt: the second attempt draws the other three.
      expect(second.filter((d) => seen.has(d.questionId))).toEqual([]);
      // The third attempt has seen all six: it takes the three seen longest ago (the first attempt's).
      for (const d of second) seen.set(d.questionId, 2);
      const third = drawQuestions(pools, bank, seen, seeded(seed + 2));
      expect(third.map((d) => d.questionId).sort()).toEqual(first.map((d) => d.questionId).sort());
    }
  });
  it('gives what a short pool has, and says so to the author', () => {
    const pools = [{ skillSet: 'DG', difficulty: 'hard' as const, count: 5 }];
    expect(drawQuestions(pools, bank, new Map(), seeded(3))).toHaveLength(2);
    expect(poolSupply(pools, bank)).toEqual([2]);
  });
});

describe('attemptVerdict (clock injected)', () => {
  const at = (iso: string) => new Date(iso);
  const history = [{ submittedAt: at('2026-12-01T09:00:00Z') }, { submittedAt: at('2026-12-01T10:00:00Z') }];
  it('opens with no limit and no wait', () => {
    expect(attemptVerdict({}, history, at('2026-12-01T10:00:01Z'))).toEqual({ kind: 'open' });
  });
  it('refuses past the limit of submitted attempts', () => {
    expect(attemptVerdict({ attemptLimit: 2 }, history, at('2027-01-01T00:00:00Z'))).toEqual({
      kind: 'limitReached',
      limit: 2,
    });
    expect(attemptVerdict({ attemptLimit: 3 }, history, at('2027-01-01T00:00:00Z'))).toEqual({
      kind: 'open',
    });
  });
  it('makes the learner wait from the last attempt, and says until when', () => {
    const s = { waitMinutes: 60 };
    expect(attemptVerdict(s, history, at('2026-12-01T10:59:59Z'))).toEqual({
      kind: 'wait',
      opensAt: at('2026-12-01T11:00:00Z'),
    });
    expect(attemptVerdict(s, history, at('2026-12-01T11:00:00Z'))).toEqual({ kind: 'open' });
    expect(attemptVerdict(s, [], at('2026-12-01T10:00:00Z'))).toEqual({ kind: 'open' });
  });
});

describe('quizAccess: where the learner stands (clock injected)', () => {
  const at = (iso: string) => new Date(iso);
  const done = [{ submittedAt: at('2026-12-01T09:00:00Z') }, { submittedAt: at('2026-12-01T10:00:00Z') }];
  const s = { attemptLimit: 3, waitMinutes: 60 };
  it.each([
    ['no attempt yet', s, [], '2026-12-01T10:00:00Z', { kind: 'open', used: 0, limit: 3 }],
    ['attempts left, no limit', {}, done, '2026-12-01T10:00:01Z', { kind: 'open', used: 2 }],
    [
      'within the wait after the last one',
      s,
      done,
      '2026-12-01T10:30:00Z',
      { kind: 'wait', used: 2, limit: 3, opensAt: at('2026-12-01T11:00:00Z') },
    ],
    ['the wait over', s, done, '2026-12-01T11:00:00Z', { kind: 'open', used: 2, limit: 3 }],
    [
      'every attempt used (the wait does not matter)',
      { ...s, attemptLimit: 2 },
      done,
      '2026-12-01T10:30:00Z',
      { kind: 'limitReached', used: 2, limit: 2 },
    ],
    [
      'an attempt started and not submitted stays open, past the limit or the wait',
      { ...s, attemptLimit: 2 },
      [...done, {}],
      '2026-12-01T10:30:00Z',
      { kind: 'open', used: 2, limit: 2 },
    ],
  ] as const)('%s', (_, settings, attempts, now, expected) => {
    expect(quizAccess(settings, attempts, at(now))).toEqual(expected);
  });
});

describe('normalised gain', () => {
  it.each([
    [40, 70, 0.5],
    [50, 50, 0],
    [80, 60, -1],
    [0, 100, 1],
    [100, 100, undefined],
  ])('pre %d, post %d: g = %p', (pre, post, g) => {
    expect(normalisedGain(pre, post)).toBe(g);
  });
  it('summarises a group from its averages (Hake’s <g>)', () => {
    expect(
      summariseGain([
        { pre: 20, post: 60 },
        { pre: 40, post: 80 },
      ]),
    ).toEqual({ learners: 2, pre: 30, post: 70, gain: 0.57 });
    expect(summariseGain([])).toBeUndefined();
  });
});

describe('itemStatistics: upper-lower 27 % discrimination', () => {
  it('a worked example: ten attempts, groups of three', () => {
    // Ranked by total: the bottom three (10, 20, 30) got it right once, the top three (80, 90, 100) every time.
    const responses = [
      [10, false],
      [20, false],
      [30, true],
      [40, false],
      [50, true],
      [60, true],
      [70, false],
      [80, true],
      [90, true],
      [100, true],
    ].map(([total, correct]) => ({ total: total as number, correct: correct as boolean }));
    expect(itemStatistics(responses)).toEqual({ attempts: 10, percentCorrect: 60, discrimination: 0.67 });
  });
  it('a question the weak get right and the strong get wrong has a negative index', () => {
    const r = [
      { total: 20, correct: true },
      { total: 30, correct: true },
      { total: 80, correct: false },
      { total: 90, correct: false },
    ];
    expect(itemStatistics(r).discrimination).toBe(-1);
  });
  it('ties never flatter the question', () => {
    const r = [50, 50, 50, 50].map((total, i) => ({ total, correct: i % 2 === 0 }));
    expect(itemStatistics(r).discrimination).toBe(-1);
  });
  it('says nothing of discrimination under four attempts, and nothing at all with none', () => {
    expect(itemStatistics([{ total: 100, correct: true }])).toEqual({ attempts: 1, percentCorrect: 100 });
    expect(itemStatistics([])).toEqual({ attempts: 0 });
  });
});
