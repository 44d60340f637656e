/**
 * Follow-up evaluation (issue 19 item 3; seed 004 part 7, "แบบสอบถามติดตามและประเมินผล ภายหลังจากการได้รับการพัฒนา
 * ไปได้ระยะเวลาหนึ่ง", and the OCSC guideline's "การนำความรู้ที่ได้รับการพัฒนาไปปรับใช้ในการปฏิบัติงาน"): a set
 * number of weeks after a module completion, the learner and their supervisor each answer a short questionnaire on
 * using what was learnt at work. The questionnaire is data (config/evaluation/follow-up.json); this file holds when
 * a follow-up is due and open, what a valid answer is, and the committee's figures.
 */
import type { Bilingual } from '../framework/framework';

export type FollowUpRole = 'learner' | 'supervisor';
export const FOLLOW_UP_ROLES: readonly FollowUpRole[] = ['learner', 'supervisor'];

/** A module's default: follow up 8 weeks after a completion (0 = no follow-up). */
export const DEFAULT_FOLLOW_UP_WEEKS = 8;
/** The most weeks a module may wait: a year. */
export const MAX_FOLLOW_UP_WEEKS = 52;

export interface FollowUpItem {
  code: string;
  text: Bilingual;
}

/** One respondent's part: an introduction, the rated statements, the label of the optional free text. */
export interface FollowUpPart {
  intro: Bilingual;
  items: FollowUpItem[];
  comment: Bilingual;
}

export interface FollowUpQuestionnaire {
  id: string;
  version: number;
  source: Bilingual;
  /** How long a follow-up stays open once due; after that it is a non-response. */
  answerWithinWeeks: number;
  /** The labelled points of the rating scale, lowest first (e.g. 1–5). */
  scale: Array<{ value: number; label: Bilingual }>;
  learner: FollowUpPart;
  supervisor: FollowUpPart;
}

/** The longest free text kept. */
export const FOLLOW_UP_COMMENT_MAX = 2000;

/** What is wrong with a questionnaire file, one sentence each (start-up stops on any). */
export function checkQuestionnaire(q: FollowUpQuestionnaire): string[] {
  const problems: string[] = [];
  const values = q.scale.map((p) => p.value);
  if (values.length < 2) problems.push('scale: needs at least two points');
  values.forEach((v, i) => {
    if (!Number.isInteger(v)) problems.push(`scale.${i}.value: must be a whole number`);
    else if (i > 0 && v !== values[i - 1]! + 1)
      problems.push(`scale.${i}.value: points must count up by one (${values[i - 1]! + 1} expected)`);
  });
  const seen = new Set<string>();
  for (const role of FOLLOW_UP_ROLES) {
    if (q[role].items.length === 0) problems.push(`${role}.items: needs at least one item`);
    q[role].items.forEach((item, i) => {
      if (seen.has(item.code)) problems.push(`${role}.items.${i}.code: "${item.code}" is used twice`);
      seen.add(item.code);
    });
  }
  if (!Number.isInteger(q.answerWithinWeeks) || q.answerWithinWeeks < 1)
    problems.push('answerWithinWeeks: must be a whole number of weeks, at least 1');
  return problems;
}

const DAY_MS = 86_400_000;
/** An ISO date `days` later. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A completion as the follow-up sees it: its date (a correction's, if corrected), the module's weeks, reversed. */
export interface FollowUpCompletion {
  completedOn: string;
  /** The module's "follow up after N weeks" now (0: no follow-up). */
  weeks: number;
  /** The newest row of its chain is a reversal: the follow-up is cancelled. */
  reversed: boolean;
}

export type FollowUpState =
  | { state: 'none' }
  | { state: 'notYet'; dueOn: string }
  | { state: 'open'; dueOn: string; closesOn: string }
  | { state: 'closed'; dueOn: string };

/**
 * Where a completion's follow-up stands on `today` (Bangkok): none (the module asks for none, or the completion was
 * reversed), not yet due, open (from the due day for `answerWithinWeeks`, the close day excluded) or closed.
 */
export function followUpState(
  c: FollowUpCompletion,
  today: string,
  answerWithinWeeks: number,
): FollowUpState {
  if (c.reversed || c.weeks <= 0) return { state: 'none' };
  const dueOn = addDays(c.completedOn, 7 * c.weeks);
  if (today < dueOn) return { state: 'notYet', dueOn };
  const closesOn = addDays(dueOn, 7 * answerWithinWeeks);
  return today < closesOn ? { state: 'open', dueOn, closesOn } : { state: 'closed', dueOn };
}

/** An answer as given: a point of the scale for every item of the role's part, and the optional free text. */
export interface FollowUpAnswer {
  ratings: Record<string, number>;
  comment?: string;
}

/** Why an answer is refused: an item without a rating or with one off the scale, or a free text too long. */
export type FollowUpAnswerProblem = { field: string; code: 'rating' | 'tooLong' };

/** The problems of an answer to `role`'s part (none: it can be kept as it is). */
export function checkAnswer(
  q: FollowUpQuestionnaire,
  role: FollowUpRole,
  answer: FollowUpAnswer,
): FollowUpAnswerProblem[] {
  const points = new Set(q.scale.map((p) => p.value));
  const problems: FollowUpAnswerProblem[] = [];
  const codes = new Set(q[role].items.map((i) => i.code));
  for (const item of q[role].items) {
    const v = answer.ratings[item.code];
    if (v === undefined || !points.has(v)) problems.push({ field: item.code, code: 'rating' });
  }
  for (const code of Object.keys(answer.ratings))
    if (!codes.has(code)) problems.push({ field: code, code: 'rating' });
  if ((answer.comment ?? '').length > FOLLOW_UP_COMMENT_MAX)
    problems.push({ field: 'comment', code: 'tooLong' });
  return problems;
}

/** The follow-ups of one module and fiscal year (of the completion) that have come due, and how many were answered. */
export interface FollowUpDueCount {
  moduleId: number;
  title: Bilingual;
  fiscalYear: number;
  due: number;
  learnerAnswered: number;
  supervisorAnswered: number;
}

/** One answer's ratings, for the means (the free text is never aggregated). */
export interface FollowUpRatings {
  moduleId: number;
  fiscalYear: number;
  role: FollowUpRole;
  ratings: Record<string, number>;
}

export interface FollowUpItemResult {
  code: string;
  role: FollowUpRole;
  text: Bilingual;
  /** The mean rating, two decimals; undefined when nobody rated it. */
  mean?: number;
  n: number;
}

export interface FollowUpModuleResult {
  moduleId: number;
  title: Bilingual;
  fiscalYear: number;
  due: number;
  learnerAnswered: number;
  supervisorAnswered: number;
  /** Answered per follow-up due, in percent (whole); undefined when none is due. */
  learnerRate?: number;
  supervisorRate?: number;
  items: FollowUpItemResult[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : undefined);

/**
 * The committee's figures per module and fiscal year: response rates of learners and supervisors, and the mean of
 * each item of the questionnaire with how many rated it. Ratings of an item the questionnaire no longer has are
 * left out; modules come in the order of `due` (their titles, as the store sorts them).
 */
export function summariseFollowUps(
  q: FollowUpQuestionnaire,
  due: readonly FollowUpDueCount[],
  answers: readonly FollowUpRatings[],
): FollowUpModuleResult[] {
  const key = (moduleId: number, fy: number) => `${moduleId}:${fy}`;
  const sums = new Map<string, Map<string, { sum: number; n: number }>>();
  for (const a of answers) {
    const k = key(a.moduleId, a.fiscalYear);
    const byItem = sums.get(k) ?? new Map<string, { sum: number; n: number }>();
    sums.set(k, byItem);
    for (const item of q[a.role].items) {
      const v = a.ratings[item.code];
      if (v === undefined) continue;
      const s = byItem.get(item.code) ?? { sum: 0, n: 0 };
      byItem.set(item.code, { sum: s.sum + v, n: s.n + 1 });
    }
  }
  return due.map((d) => {
    const byItem = sums.get(key(d.moduleId, d.fiscalYear));
    const items = FOLLOW_UP_ROLES.flatMap((role) =>
      q[role].items.map((item): FollowUpItemResult => {
        const s = byItem?.get(item.code);
        return {
          code: item.code,
          role,
          text: item.text,
          n: s?.n ?? 0,
          ...(s && s.n > 0 ? { mean: round2(s.sum / s.n) } : {}),
        };
      }),
    );
    const learnerRate = percent(d.learnerAnswered, d.due);
    const supervisorRate = percent(d.supervisorAnswered, d.due);
    return {
      ...d,
      ...(learnerRate !== undefined ? { learnerRate } : {}),
      ...(supervisorRate !== undefined ? { supervisorRate } : {}),
      items,
    };
  });
}
