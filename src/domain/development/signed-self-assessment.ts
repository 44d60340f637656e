import { fiscalYearRange, type FiscalYear } from '../learning-record/fiscal-year';

/**
 * The signed self-assessment handed in to HR (seed 002: every official prints the result of the self-assessment,
 * signs it and sends it to the personnel division by a date): per person and fiscal year, whether HR received it,
 * and the organisation's deadline for the year. This file is the rule's one home: who is overdue, when a reminder
 * shows, which deadlines and dates of receipt are accepted, and which deadlines the overdue notice is sent for.
 * Dates are ISO days (YYYY-MM-DD) in Bangkok.
 */

/** Where a person stands for a fiscal year. */
export type HandInStatus =
  /** Received on or before the deadline, or received with no deadline set. */
  | 'handedIn'
  /** Received after the deadline. */
  | 'handedInLate'
  /** Not received, and the deadline (if any) has not passed. */
  | 'notYet'
  /** Not received, and the deadline has passed (today is after it). */
  | 'overdue';

/** Whether the deadline has passed: the deadline day itself is still in time (hand it in by the end of that day). */
export function isPastDeadline(deadline: string | undefined, today: string): boolean {
  return deadline !== undefined && today > deadline;
}

export function handInStatus(input: { deadline?: string; receivedOn?: string; today: string }): HandInStatus {
  const { deadline, receivedOn, today } = input;
  if (receivedOn !== undefined)
    return deadline !== undefined && receivedOn > deadline ? 'handedInLate' : 'handedIn';
  return isPastDeadline(deadline, today) ? 'overdue' : 'notYet';
}

/** The learner's reminder shows while nothing is received and the deadline is today or ahead. */
export function reminderDue(input: { deadline?: string; receivedOn?: string; today: string }): boolean {
  return input.receivedOn === undefined && input.deadline !== undefined && input.today <= input.deadline;
}

export type HandInProblem =
  /** The deadline is outside its fiscal year and the three months after it. */
  | 'DEADLINE_OUT_OF_YEAR'
  /** The day of receipt is after today. */
  | 'RECEIVED_IN_FUTURE'
  /** The day of receipt is before the fiscal year began. */
  | 'RECEIVED_BEFORE_YEAR';

/** ISO day `n` days after `iso` (negative: before). */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** How long after a fiscal year ends its deadline may fall (seed 002: a form collected a month after the letter). */
const DEADLINE_GRACE_DAYS = 92;

/** A deadline falls within its fiscal year or the three months after it. */
export function checkDeadline(fiscalYear: FiscalYear, deadline: string): HandInProblem | undefined {
  const { from, to } = fiscalYearRange(fiscalYear);
  return deadline < from || deadline > addDays(to, DEADLINE_GRACE_DAYS) ? 'DEADLINE_OUT_OF_YEAR' : undefined;
}

/** A form is received on a day that has come, not before its fiscal year began. */
export function checkReceivedOn(
  fiscalYear: FiscalYear,
  receivedOn: string,
  today: string,
): HandInProblem | undefined {
  if (receivedOn > today) return 'RECEIVED_IN_FUTURE';
  if (receivedOn < fiscalYearRange(fiscalYear).from) return 'RECEIVED_BEFORE_YEAR';
  return undefined;
}

/**
 * Days after a deadline during which its overdue notice is still sent: a deadline set for a year long past (to keep
 * the record) tells no one.
 */
export const OVERDUE_NOTICE_DAYS = 30;

/**
 * The deadlines whose overdue notice is due today: those that have passed (before today) within the last
 * OVERDUE_NOTICE_DAYS days. The sweep sends each once (an event key per person and year).
 */
export function overdueNoticeWindow(today: string): { deadlineFrom: string; deadlineBefore: string } {
  return { deadlineFrom: addDays(today, -OVERDUE_NOTICE_DAYS), deadlineBefore: today };
}
