import type { PagerView } from '../pager';

/** The notifications page (views/pages/notifications.hbs), rendered by src/http/routes/notifications.routes.ts. */
export interface NotificationsPage {
  title: string;
  count: number;
  unread: number;
  /** "Marked as read.", "Your e-mail choice is saved." after a form. */
  notice?: string;
  rows: {
    id: number;
    kind: string;
    text: string;
    course?: string;
    when: string;
    /** ISO 8601, for <time datetime>. */
    at: string;
    read: boolean;
    /** Where to act (a path of the tool; the layout adds the ltik). */
    href: string;
  }[];
  pager?: PagerView;
  /** The e-mail choice, when the tool sends e-mail. */
  email?: {
    /** The address the LMS sent; none: the choice is shown, but nothing can be sent. */
    address?: string;
    options: { value: string; label: string; checked: boolean }[];
  };
}
