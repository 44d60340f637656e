import type { FieldMessage, FormErrors } from '../form-errors';

/** The learners page (views/pages/learners.hbs), rendered by src/http/routes/course.routes.ts. */
export interface LearnersPage {
  title: string;
  saved: boolean;
  errors: FormErrors;
  learners: {
    id: number;
    own: boolean;
    name: string;
    groups: { code: string; name: string; selected: boolean }[];
    stages: { code: string; name: string; selected: boolean }[];
    hasTarget: boolean;
    chooseGroup: boolean;
    chooseStage: boolean;
    errors: Record<string, FieldMessage>;
    recordHref: string;
    planHref: string;
  }[];
}
