import type { Framework, Stage } from '../framework/framework';
import { isFiscalYear } from '../learning-record/fiscal-year';

/**
 * The stage of the roadmap an organisation works at is its own choice, announced to its people for a fiscal year
 * (seed 004 §4.6.2: "ให้ส่วนราชการและหน่วยงานภาครัฐแต่ละแห่งพิจารณา กำหนดเป็นภาพรวมของหน่วยงาน ... และให้ประกาศให้
 * ทราบทั่วกัน"). It is an organisation setting per fiscal year, not a person's self-rating. The expected roles of the
 * announced stage are developed for today's work; those of the next stage for future work (§4.6.2 second paragraph,
 * the 70:30 of §4.5.4). Administrators also set a target: a stage to reach by the end of a fiscal year (seed 002:
 * "Developing" for the officials of the Office of the Permanent Secretary, Ministry of Interior).
 */
export interface StageAnnouncement {
  /** Buddhist-era fiscal year it is announced for (1 Oct – 30 Sep, named by the year it ends). */
  fiscalYear: number;
  stage: string;
}

export interface StageTarget {
  stage: string;
  /** Reached by the end of this fiscal year (Buddhist era), e.g. Developing by the end of FY 2570. */
  byFiscalYear: number;
}

/** The government's roadmap counts its years from fiscal year 2561 (the Cabinet approved it on 26 Sep 2017). */
export const ROADMAP_FIRST_FISCAL_YEAR = 2561;

/**
 * The announcement in force in a fiscal year: the one for that year, else the latest earlier one (an announced
 * stage holds until the organisation announces another). Undefined before the first announcement.
 */
export function stageInForce(
  announcements: readonly StageAnnouncement[],
  fiscalYear: number,
): StageAnnouncement | undefined {
  let best: StageAnnouncement | undefined;
  for (const a of announcements)
    if (a.fiscalYear <= fiscalYear && (!best || a.fiscalYear > best.fiscalYear)) best = a;
  return best;
}

/** The stage after this one in the framework's order: what "future" development prepares for. */
export function nextStage(f: Framework, stage: string): Stage | undefined {
  const i = f.stages.findIndex((s) => s.code === stage);
  return i >= 0 ? f.stages[i + 1] : undefined;
}

/** 1-based position of a stage in the framework's order; 0 when unknown. */
export function stageRank(f: Framework, stage: string): number {
  return f.stages.findIndex((s) => s.code === stage) + 1;
}

/**
 * The stage the roadmap's years suggest for a fiscal year (FY 2561 is year 1; FY 2565 is year 5, Developing).
 * Only a suggestion for the administrator's form: the organisation announces its own.
 */
export function roadmapStage(f: Framework, fiscalYear: number): Stage | undefined {
  const year = fiscalYear - ROADMAP_FIRST_FISCAL_YEAR + 1;
  return f.stages.find((s) => s.years.from <= year && year <= s.years.to);
}

export type StageProblemCode =
  'UNKNOWN_STAGE' | 'FISCAL_YEAR_INVALID' | 'TARGET_NOT_AHEAD' | 'TARGET_YEAR_PAST';

export interface StageProblem {
  field: 'stage' | 'fiscalYear' | 'byFiscalYear';
  code: StageProblemCode;
}

/** An announcement as entered: a known stage and a fiscal year the tool accepts (`isFiscalYear`). */
export function checkAnnouncement(f: Framework, a: StageAnnouncement): StageProblem[] {
  const problems: StageProblem[] = [];
  if (!stageRank(f, a.stage)) problems.push({ field: 'stage', code: 'UNKNOWN_STAGE' });
  if (!isFiscalYear(a.fiscalYear)) problems.push({ field: 'fiscalYear', code: 'FISCAL_YEAR_INVALID' });
  return problems;
}

/**
 * A target as entered, against the stage in force now: a known stage ahead of (or at) the current one, by a fiscal
 * year not already over.
 */
export function checkTarget(
  f: Framework,
  target: StageTarget,
  current: StageAnnouncement | undefined,
  currentFiscalYear: number,
): StageProblem[] {
  const problems: StageProblem[] = [];
  const rank = stageRank(f, target.stage);
  if (!rank) problems.push({ field: 'stage', code: 'UNKNOWN_STAGE' });
  else if (current && rank < stageRank(f, current.stage))
    problems.push({ field: 'stage', code: 'TARGET_NOT_AHEAD' });
  if (!isFiscalYear(target.byFiscalYear))
    problems.push({ field: 'byFiscalYear', code: 'FISCAL_YEAR_INVALID' });
  else if (target.byFiscalYear < currentFiscalYear)
    problems.push({ field: 'byFiscalYear', code: 'TARGET_YEAR_PAST' });
  return problems;
}

export type TargetStatus =
  | { status: 'reached'; since: number }
  | { status: 'on-course'; stagesToGo: number; fiscalYearsLeft: number }
  | { status: 'overdue'; stagesToGo: number }
  | { status: 'no-stage' };

/**
 * Where the organisation stands against its target in a fiscal year: reached (the stage in force is the target or
 * beyond), on course (years left, counting this one), or overdue (the target year has ended without it).
 */
export function targetStatus(
  f: Framework,
  announcements: readonly StageAnnouncement[],
  target: StageTarget,
  fiscalYear: number,
): TargetStatus {
  const current = stageInForce(announcements, fiscalYear);
  if (!current) return { status: 'no-stage' };
  const goal = stageRank(f, target.stage);
  const have = stageRank(f, current.stage);
  if (have >= goal) {
    const first = [...announcements]
      .filter((a) => a.fiscalYear <= fiscalYear)
      .sort((x, y) => x.fiscalYear - y.fiscalYear)
      .find((a) => stageRank(f, a.stage) >= goal);
    return { status: 'reached', since: first!.fiscalYear };
  }
  if (fiscalYear > target.byFiscalYear) return { status: 'overdue', stagesToGo: goal - have };
  return {
    status: 'on-course',
    stagesToGo: goal - have,
    fiscalYearsLeft: target.byFiscalYear - fiscalYear + 1,
  };
}
