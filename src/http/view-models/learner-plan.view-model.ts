import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { FormErrors } from '../form-errors';
import type { PlanStatus } from '../../domain/development/plan';

/** The learner-plan page (views/pages/learner-plan.hbs), rendered by src/http/routes/plan.routes.ts. */
export interface LearnerPlanPage {
  title: string;
  name: string;
  action: string;
  fiscalYear: number;
  years: { value: number; selected: boolean }[];
  saved: boolean;
  errors: FormErrors;
  conflict?: boolean;
  comment: string;
  decision?: string;
  own: boolean;
  plan?: {
    version: number;
    savedAt: string;
    status: { code: PlanStatus; label: string; comment?: string } | undefined;
    lines: {
      name: string;
      planned: Record<LearningCategory, number> & { total: number };
      actual: Record<LearningCategory, number> & { total: number };
      percent?: number;
      activities?: Record<LearningCategory, string>;
    }[];
  };
  reviews: { version: number; label: string; comment?: string; by: string; when: string }[];
}
