import type { FieldMessage, FormErrors } from '../form-errors';

/** The learners page (views/pages/learners.hbs), rendered by src/http/routes/course.routes.ts. */
export interface LearnersPage {
  title: string;
  saved: boolean;
  /** A learner's proposed group was just agreed. */
  agreed: boolean;
  /** The organisation's stage this fiscal year and its target, in one line. */
  stageLine: string;
  /** No stage announced: the instructor sets a learner's stage with their group. */
  chooseOwnStage: boolean;
  errors: FormErrors;
  learners: {
    id: number;
    own: boolean;
    name: string;
    groups: { code: string; name: string; selected: boolean }[];
    stages: { code: string; name: string; selected: boolean }[];
    hasTarget: boolean;
    proposed?: { group: string; name: string };
    chooseGroup: boolean;
    chooseStage: boolean;
    errors: Record<string, FieldMessage>;
    recordHref: string;
    planHref: string;
  }[];
}
