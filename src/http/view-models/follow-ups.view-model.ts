import type { FieldMessage, FormErrors } from '../form-errors';

/** One follow-up waiting for the reader (views/pages/follow-ups.hbs). */
export interface FollowUpListRow {
  module: string;
  /** The learner's name (a supervisor's list). */
  learner?: string;
  course?: string;
  completedOn: string;
  closesOn: string;
  /** The questionnaire (a path of the tool; the layout adds the ltik). */
  href: string;
}

/** "Follow-ups to answer" (/app/follow-ups), from follow-ups.routes.ts. */
export interface FollowUpsPage {
  title: string;
  mine: FollowUpListRow[];
  supervised: FollowUpListRow[];
  none: boolean;
}

/** One rated item of the questionnaire: a group of radio buttons, one per point of the scale. */
export interface FollowUpFormItem {
  code: string;
  text: string;
  error: FieldMessage | undefined;
  options: Array<{ id: string; value: string; label: string; checked: boolean }>;
}

/** The questionnaire of one completion for one role (/app/follow-ups/:entry/:role), from follow-ups.routes.ts. */
export interface FollowUpPage {
  title: string;
  intro: string;
  completedOn: string;
  course?: string;
  /** Where the questionnaire's words come from (the seed), and who sees the answers. */
  source: string;
  /** What the page says instead of (or after) the form: thanks, already answered, not due, closed. */
  notice?: { text: string; testid: string };
  /** The form, while the follow-up is open and not answered in the role. */
  form?: {
    action: string;
    legend: string;
    items: FollowUpFormItem[];
    comment: { label: string; value: string; error: FieldMessage | undefined };
  };
  errors: FormErrors;
  /** The reader's own answer, shown only to the person who wrote it. */
  own?: {
    answeredOn: string;
    items: Array<{ text: string; value: string }>;
    comment?: { label: string; text: string };
  };
}

/** One module's results for the committee (views/pages/organisation-follow-ups.hbs). */
export interface FollowUpResultView {
  id: string;
  title: string;
  due: number;
  learners: string;
  supervisors: string;
  items: Array<{ code: string; role: string; text: string; mean: string; n: number }>;
}

/** The committee's follow-up results per module over a fiscal year (/app/organisation/follow-ups). */
export interface OrganisationFollowUpsPage {
  title: string;
  fiscalYear: number;
  previousHref: string;
  nextHref: string;
  csvHref: string;
  scale: string;
  modules: FollowUpResultView[];
}
