import type { FieldMessage, FormErrors } from '../form-errors';

/** The rule-edit page (views/pages/rule-edit.hbs), rendered by src/http/routes/rules.routes.ts. */
export interface RuleEditPage {
  title: string;
  action: string;
  scope: 'course' | 'organisation';
  scopeText: string;
  canReset: boolean;
  inherited: boolean;
  confirm?: { token: string; action: string; lines: string[] };
  errors: FormErrors;
  skillSets: {
    code: string;
    name: string;
    min: string;
    minError: FieldMessage | undefined;
    shares: { cat: 70 | 20 | 10; value: string; error: FieldMessage | undefined }[];
  }[];
  shares: { cat: 70 | 20 | 10; value: string; error: FieldMessage | undefined }[];
  modules: { slug: string; title: string; checked: boolean }[];
  modulesError?: FieldMessage;
  selfAssessment: string;
  selfAssessmentError?: FieldMessage;
  recency: string;
  recencyError?: FieldMessage;
  /** TPQI areas and units a certification may be asked of (official results), each a select of levels. */
  certifications: Array<{
    code: string;
    name: string;
    isUnit: boolean;
    error?: FieldMessage;
    options: Array<{ value: string; label: string; selected: boolean }>;
  }>;
}
