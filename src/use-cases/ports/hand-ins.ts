/**
 * The signed self-assessments handed in to HR (issue #19 item 6; seed 002), per person and fiscal year, and each
 * organisation's deadline for a year. The rules are src/domain/development/signed-self-assessment.ts; the store
 * keeps what it is given and writes each change's audit rows in the same statement or transaction.
 *
 * Who is expected to hand in: everyone with a learner's enrolment in the organisation (the organisation report's
 * headcount). Seed 002 asks it of every official, and a person's target group is kept for today only, not per year.
 */
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type { PersonId, TenantId } from '../../shared/ids';
import type { AuditEntry, AuditPerson } from './audit';

export interface HandInDeadline {
  deadline: string;
  setAt: Date;
  setBy?: string;
}

/** Which rows of the list: every expected person, those handed in, those not. */
export type HandInRowFilter = 'all' | 'handedIn' | 'notYet' | 'none';

export interface HandInQuery {
  /** A target group's code; '' for people with none; undefined for everyone. */
  group?: string;
  /** Part of a name, an e-mail address or an LMS user id. */
  search?: string;
}

export interface HandInRow {
  personId: PersonId;
  name?: string;
  platformUserId: string;
  email?: string;
  targetGroup?: string;
  receivedOn?: string;
  note?: string;
  recordedBy?: string;
}

export interface HandInList {
  /** Expected people matching the query (group, search), whatever their status. */
  total: number;
  /** Of those, handed in. */
  handedIn: number;
  rows: HandInRow[];
}

export type RecordOutcome =
  | { recorded: number; unchanged: number }
  /** A person asked for is not expected to hand in (not in the organisation, or no learner's enrolment). */
  | { refused: 'NOT_EXPECTED' };

export interface HandInStore {
  deadline(tenantId: TenantId, fiscalYear: FiscalYear): Promise<HandInDeadline | undefined>;
  /** Sets (or moves) the year's deadline; moving it lets the overdue notice be sent for the new day. */
  setDeadline(tenantId: TenantId, fiscalYear: FiscalYear, deadline: string, audit: AuditEntry): Promise<void>;
  /** The expected people matching the query, in name order, with the counts: one statement. */
  list(
    tenantId: TenantId,
    fiscalYear: FiscalYear,
    query: HandInQuery,
    rows: { filter: HandInRowFilter; offset: number; limit: number },
  ): Promise<HandInList>;
  /**
   * Records the forms of `personIds` received on a day: one row each, in one transaction with an audit row each.
   * A form already recorded (not withdrawn) stays as it was (`unchanged`); nothing is written when any person is not
   * expected.
   */
  record(
    by: AuditPerson,
    fiscalYear: FiscalYear,
    personIds: readonly PersonId[],
    received: { receivedOn: string; note?: string },
  ): Promise<RecordOutcome>;
  /** Withdraws a recorded form with a reason; false when there was none standing (nothing written). */
  withdraw(fiscalYear: FiscalYear, personId: PersonId, reason: string, audit: AuditEntry): Promise<boolean>;
  /** The person's standing form of the year, if any. */
  ofPerson(
    tenantId: TenantId,
    personId: PersonId,
    fiscalYear: FiscalYear,
  ): Promise<{ receivedOn: string } | undefined>;
  /**
   * Writes the overdue notification of every deadline in [deadlineFrom, deadlineBefore) not yet told of, to each
   * expected person without a standing form (one per person and year), and marks those deadlines told; how many
   * notifications were written.
   */
  notifyOverdue(window: { deadlineFrom: string; deadlineBefore: string }): Promise<number>;
}
