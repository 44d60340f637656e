import type { FieldMessage, FormErrors } from '../form-errors';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { PlanStatus } from '../../domain/development/plan';

/** The plan page (views/pages/plan.hbs), rendered by src/http/routes/plan.routes.ts. */
export interface PlanPage {
  title: string;
  fiscalYear: number;
  years: { value: number; selected: boolean }[];
  saved: boolean;
  conflict?: boolean;
  errors: FormErrors;
  basedOn: number;
  version?: number;
  savedAt?: string;
  status?: { code: PlanStatus; label: string; comment?: string };
  skillSets: {
    code: string;
    name: string;
    buckets: {
      cat: LearningCategory;
      label: string;
      hours: string;
      activities: string;
      hoursError: FieldMessage | undefined;
      activitiesError: FieldMessage | undefined;
    }[];
  }[];
  comparison: {
    name: string;
    planned: Record<LearningCategory, number> & { total: number };
    actual: Record<LearningCategory, number> & { total: number };
    percent?: number;
    activities?: Record<LearningCategory, string>;
  }[];
  reviews: { version: number; label: string; comment?: string; by: string; when: string }[];
}
