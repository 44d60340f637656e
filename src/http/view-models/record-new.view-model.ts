import type { ActivityType } from '../../domain/learning-record/activity-types';
import type { FieldMessage, FormErrors } from '../form-errors';

/** The record-new page (views/pages/record-new.hbs), rendered by src/http/routes/learning-record.routes.ts. */
export interface RecordNewPage {
  title: string;
  /** The form starts from a rejected entry's values ("log it again" in the history). */
  loggingAgain: boolean;
  values: Record<string, string>;
  errors: FormErrors;
  date: { hint: string; days: number[]; months: { value: number; name: string }[]; years: number[] };
  /** The evidence file field: its hint (kinds and limit), and whether a file chosen before must be chosen again. */
  evidenceFile: { hint: string; maxBytes: number; chooseAgain: boolean };
  types: {
    code: ActivityType;
    name: string;
    category: 70 | 20 | 10;
    selected: boolean;
  }[];
  categories: { value: string; name: string; selected: boolean }[];
  horizons: { value: 'current' | 'future'; label: string; checked: boolean }[];
  skillSets: {
    code: string;
    name: string;
    value: string;
    error: FieldMessage | undefined;
  }[];
}
