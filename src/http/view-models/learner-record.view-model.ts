import type { FieldMessage, FormErrors } from '../form-errors';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { TranslationKey } from '../../i18n/i18n';

/** The learner-record page (views/pages/learner-record.hbs), rendered by src/http/routes/course.routes.ts. */
export interface LearnerRecordPage {
  title: string;
  name: string;
  saved: boolean;
  own: boolean;
  /** Pre-test, first post-test and normalised gain per module (a dash where the gain is undefined). */
  gains: { module: string; pre: number; post: string; gain: string }[];
  errors: FormErrors;
  entries: {
    canCorrect: boolean;
    open: boolean;
    toggleLabel: string;
    errors: Record<string, FieldMessage>;
    values: Record<string, string>;
    categories: { value: '70' | '20' | '10'; selected: boolean }[];
    comment?: string;
    reason?: string;
    reasonKey?: TranslationKey;
    id: number;
    action: string;
    title: string;
    dateText: string;
    category: LearningCategory;
    hours: number;
    status: string;
    statusLabel: string;
    corrected: boolean;
  }[];
}
