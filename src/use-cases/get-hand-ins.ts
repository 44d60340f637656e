import {
  handInStatus,
  isPastDeadline,
  type HandInStatus,
} from '../domain/development/signed-self-assessment';
import { fiscalYearAfter, fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';
import type { HandInDeadline, HandInQuery, HandInRow, HandInRowFilter } from './ports/hand-ins';

/** The list's filter by status: everyone, handed in (late or not), not yet, overdue (not yet, deadline passed). */
export type HandInStatusFilter = 'all' | 'handedIn' | 'notYet' | 'overdue';

export const HAND_INS_PAGE_SIZE = 50;

export interface HandInsView {
  framework: StoredFramework;
  fiscalYear: FiscalYear;
  /** The fiscal years offered: last year, this year, next year (and the one asked for). */
  years: FiscalYear[];
  today: string;
  deadline?: HandInDeadline;
  pastDeadline: boolean;
  /** Of the expected people matching the group and search. */
  counts: { expected: number; handedIn: number; notYet: number; overdue: number };
  rows: Array<HandInRow & { status: HandInStatus }>;
  page: { page: number; pages: number; count: number };
}

/**
 * The administrators' list of signed self-assessments for a fiscal year (issue #19 item 6): who is expected to hand
 * in, who has, who has not, who is overdue after the deadline; filtered by status, target group and name; a page at
 * a time. The list is one statement; "overdue" is "not yet" once the deadline has passed (the domain's rule), so
 * the database compares no dates.
 */
export async function getHandIns(
  deps: Pick<UseCaseDeps, 'handIns' | 'frameworks' | 'today'>,
  input: {
    tenantId: TenantId;
    fiscalYear?: FiscalYear;
    status: HandInStatusFilter;
    query: HandInQuery;
    page: number;
  },
): Promise<HandInsView> {
  const today = deps.today();
  const now = fiscalYearOf(today);
  const fiscalYear = input.fiscalYear ?? now;
  const [framework, deadline] = await Promise.all([
    deps.frameworks.forTenant(input.tenantId),
    deps.handIns.deadline(input.tenantId, fiscalYear),
  ]);
  const pastDeadline = isPastDeadline(deadline?.deadline, today);
  const filter = rowFilter(input.status, pastDeadline);
  const first = await deps.handIns.list(input.tenantId, fiscalYear, input.query, {
    filter,
    offset: (input.page - 1) * HAND_INS_PAGE_SIZE,
    limit: HAND_INS_PAGE_SIZE,
  });
  const counts = {
    expected: first.total,
    handedIn: first.handedIn,
    notYet: first.total - first.handedIn,
    overdue: pastDeadline ? first.total - first.handedIn : 0,
  };
  const count =
    input.status === 'all'
      ? counts.expected
      : input.status === 'handedIn'
        ? counts.handedIn
        : input.status === 'notYet'
          ? counts.notYet
          : counts.overdue;
  const pages = Math.max(1, Math.ceil(count / HAND_INS_PAGE_SIZE));
  // A page past the end (the list shrank since the link was made) shows the last one.
  const page = Math.min(input.page, pages);
  const list =
    page === input.page
      ? first
      : await deps.handIns.list(input.tenantId, fiscalYear, input.query, {
          filter,
          offset: (page - 1) * HAND_INS_PAGE_SIZE,
          limit: HAND_INS_PAGE_SIZE,
        });
  const years = [fiscalYearAfter(now, -1), now, fiscalYearAfter(now, 1)];
  if (!years.includes(fiscalYear)) years.push(fiscalYear);
  return {
    framework,
    fiscalYear,
    years: years.sort((a, b) => b - a),
    today,
    deadline,
    pastDeadline,
    counts,
    rows: list.rows.map((r) => ({
      ...r,
      status: handInStatus({ deadline: deadline?.deadline, receivedOn: r.receivedOn, today }),
    })),
    page: { page, pages, count },
  };
}

/** The store's rows for a status: "overdue" is everyone not yet handed in once the deadline passed, else no one. */
export function rowFilter(status: HandInStatusFilter, pastDeadline: boolean): HandInRowFilter {
  if (status === 'overdue') return pastDeadline ? 'notYet' : 'none';
  return status;
}
