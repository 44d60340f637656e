import type { Bilingual } from '../framework/framework';
import type { MappingTargets, QuizQuestion } from '../catalogue/learning-module';

/**
 * The organisation's question bank (issue 19 item 1): questions of the kinds a module's quiz has (single and
 * multiple choice), in Thai and English, tagged by skill set, Digital Literacy area (optional) and difficulty.
 *
 * A question is immutable once saved: an edit saves a new version of it, so that the attempts that drew a version
 * are scored, reviewed and counted in the statistics against the text they showed. Pools draw the newest version
 * of each question that is not retired.
 */
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** What a question is tagged with: what pools filter on. */
export interface QuestionTags {
  skillSet: string;
  /** A Digital Literacy area of the skill set, or none. */
  area?: string;
  difficulty: Difficulty;
}

/** One version of a bank question, as an author writes it. */
export interface BankQuestionContent extends QuestionTags {
  question: QuizQuestion;
}

/** At most this many options per question (the form's slots). */
export const MAX_BANK_OPTIONS = 8;

/** A problem with a field of the question, as a code; the edge words it in the user's language. */
export interface BankQuestionProblem {
  field: 'prompt' | 'options' | 'skillSet' | 'area';
  code:
    | 'PROMPT_REQUIRED'
    | 'OPTION_TEXT_REQUIRED'
    | 'TOO_FEW_OPTIONS'
    | 'TOO_MANY_OPTIONS'
    | 'NO_RIGHT_ANSWER'
    | 'SINGLE_NEEDS_ONE_CORRECT'
    | 'MULTIPLE_NEEDS_TWO_CORRECT'
    | 'UNKNOWN_SKILL_SET'
    | 'UNKNOWN_AREA'
    | 'AREA_OF_OTHER_SKILL_SET';
  params?: Record<string, string | number>;
}

const blank = (b: Bilingual) => b.th.trim() === '' || b.en.trim() === '';

/**
 * Every rule a bank question must meet to be saved: text in both languages, two options or more, at least one
 * right answer (exactly one for single choice, two or more for multiple choice, as in a module's own quiz), and
 * tags of the organisation's framework.
 */
export function checkBankQuestion(q: BankQuestionContent, targets: MappingTargets): BankQuestionProblem[] {
  const problems: BankQuestionProblem[] = [];
  const { question } = q;
  if (blank(question.prompt)) problems.push({ field: 'prompt', code: 'PROMPT_REQUIRED' });
  const options = question.options;
  const correct = options.filter((o) => o.correct).length;
  if (options.some((o) => blank(o.text))) problems.push({ field: 'options', code: 'OPTION_TEXT_REQUIRED' });
  if (options.length < 2) problems.push({ field: 'options', code: 'TOO_FEW_OPTIONS' });
  if (options.length > MAX_BANK_OPTIONS)
    problems.push({ field: 'options', code: 'TOO_MANY_OPTIONS', params: { max: MAX_BANK_OPTIONS } });
  if (correct === 0) problems.push({ field: 'options', code: 'NO_RIGHT_ANSWER' });
  else if (question.kind === 'single' && correct !== 1)
    problems.push({ field: 'options', code: 'SINGLE_NEEDS_ONE_CORRECT' });
  else if (question.kind === 'multiple' && correct < 2)
    problems.push({ field: 'options', code: 'MULTIPLE_NEEDS_TWO_CORRECT' });
  if (!targets.skillSets.has(q.skillSet))
    problems.push({ field: 'skillSet', code: 'UNKNOWN_SKILL_SET', params: { code: q.skillSet } });
  if (q.area !== undefined) {
    const owner = targets.areas.get(q.area);
    if (!owner) problems.push({ field: 'area', code: 'UNKNOWN_AREA', params: { code: q.area } });
    else if (owner !== q.skillSet)
      problems.push({ field: 'area', code: 'AREA_OF_OTHER_SKILL_SET', params: { code: q.area } });
  }
  return problems;
}

/** The same question, tags and all: saving it unchanged makes no new version (whatever the order of its keys). */
export function sameBankQuestion(a: BankQuestionContent, b: BankQuestionContent): boolean {
  const option = (o: QuizQuestion['options'][number]) => [
    o.text.th,
    o.text.en,
    o.correct,
    o.feedback.th,
    o.feedback.en,
  ];
  const norm = (q: BankQuestionContent) =>
    JSON.stringify([
      q.skillSet,
      q.area ?? null,
      q.difficulty,
      q.question.kind,
      q.question.prompt.th,
      q.question.prompt.en,
      q.question.options.map(option),
    ]);
  return norm(a) === norm(b);
}
