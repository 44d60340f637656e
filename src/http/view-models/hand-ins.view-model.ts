import type { FieldMessage, FormErrors } from '../form-errors';
import type { PagerView } from '../pager';

/**
 * The administrators' page of signed self-assessments for a fiscal year (views/pages/hand-ins.hbs), rendered by
 * src/http/routes/hand-ins.routes.ts.
 */
export interface HandInsPage {
  title: string;
  intro: string;
  done?: string;
  errors: FormErrors;
  fiscalYear: number;
  years: { value: string; label: string; selected: boolean }[];
  /** The deadline in one sentence, or that none is set (and what that means). */
  deadlineLine: string;
  deadlineSet: boolean;
  deadlineText: string;
  deadlineHint: string;
  /** The three counts, each a link to its filter. */
  numbers: { testid: string; value: number; label: string; href: string; current: boolean }[];
  filter: {
    statuses: { value: string; label: string; selected: boolean }[];
    groups: { value: string; label: string; selected: boolean }[];
    search: string;
  };
  /** The current list's query, carried by the forms so that a change comes back to the same list. */
  back: { status: string; group: string; q: string; page: string };
  csvHref: string;
  record: { receivedOnText: string; receivedOnHint: string; note: string };
  peopleError?: FieldMessage;
  /** How many people the filters keep, in one sentence. */
  matched: string;
  rows: {
    personId: number;
    name: string;
    userId: string;
    group: string;
    status: string;
    statusClass: string;
    receivedText?: string;
    recordedBy?: string;
    note?: string;
    checked: boolean;
    canRecord: boolean;
    canWithdraw: boolean;
    withdrawLabel: string;
    reason: string;
    reasonError?: FieldMessage;
  }[];
  pager?: PagerView;
}
