import type { FieldMessage, FormErrors } from '../form-errors';

/** The self-assessment page (views/pages/self-assessment.hbs), rendered by src/http/routes/development.routes.ts. */
export interface SelfAssessmentPage {
  title: string;
  errors: FormErrors;
  /** The organisation's stage this fiscal year and its target, in one line (left out while it announced neither). */
  stageLine?: string;
  /** The stage the organisation announced, in force this fiscal year: the assessment is at it (no choice). */
  orgStage?: string;
  groups: { code: string; name: string; selected: boolean }[];
  stages: { code: string; name: string; selected: boolean }[];
  skillSets: {
    code: string;
    name: string;
    description: string;
    error: FieldMessage | undefined;
    levels: { value: number; id: string; name: string; checked: boolean }[];
    /** What each level means for this skill set (config/level-descriptors), when the framework has them. */
    descriptors?: { name: string; text: string; unverified?: string }[];
  }[];
  /** Where the descriptors' wording comes from. */
  descriptorsSource?: string;
  history: { href: string; dateText: string; group: string; stage: string }[];
  /** The signed form of this fiscal year (seed 002): received or not, the reminder, where to print it. */
  handIn: {
    text: string;
    /** The deadline ahead, or passed: said as a notice. */
    reminder?: string;
    tone: 'success' | 'warning' | 'info';
    /** The newest result, printable with its signature lines. */
    printHref?: string;
  };
}
