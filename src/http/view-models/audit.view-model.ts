import type { AuditDetailItem } from '../audit-details';
import type { PagerView } from '../pager';

/** The audit log page (views/pages/audit.hbs), rendered by src/http/routes/audit.routes.ts. */
export interface AuditPage {
  title: string;
  count: number;
  actions: { value: string; label: string; selected: boolean }[];
  people: { value: number; label: string; selected: boolean }[];
  csvHref: string;
  rows: {
    id: string;
    action: string;
    actionLabel: string;
    when: string;
    /** ISO 8601, for <time datetime>. */
    at: string;
    who: string;
    /** The LMS user id, when the author is a person whose name the LMS withheld. */
    whoId?: string;
    subjectPerson?: string;
    subject: string;
    lms?: string;
    /** The details as short lines in the page's language (the CSV keeps the JSON). */
    details: AuditDetailItem[];
  }[];
  pager?: PagerView;
}
