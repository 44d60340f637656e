import type { FieldMessage, FormErrors } from '../form-errors';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { PlanStatus } from '../../domain/development/plan';
import type { SplitChartView } from './split-chart.view-model';

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
  /** The saved plan's hours against 70:30. */
  split?: SplitChartView;
  skillSets: {
    code: string;
    name: string;
    /** The skill set's disclosure stands open (no plan yet, a problem in it). */
    open: boolean;
    /** What is planned in it, for the disclosure's summary. */
    summary: string;
    buckets: {
      cat: LearningCategory;
      label: string;
      hours: string;
      activities: string;
      hoursError: FieldMessage | undefined;
      activitiesError: FieldMessage | undefined;
      horizonError: FieldMessage | undefined;
      horizons: { value: '' | 'current' | 'future'; label: string; selected: boolean }[];
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
