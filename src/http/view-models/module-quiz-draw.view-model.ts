import type { FormErrors } from '../form-errors';

interface Choice {
  value: string;
  label: string;
  selected: boolean;
}
type FieldError = { message: string; id: string } | undefined;

/** A module's quiz drawn from the bank (views/pages/module-quiz-draw.hbs), from src/http/routes/question-bank.routes.ts. */
export interface ModuleQuizDrawPage {
  title: string;
  heading: string;
  module: { title: string; href: string };
  action: string;
  errors: FormErrors;
  saved: boolean;
  pools: {
    i: number;
    number: number;
    skillSets: Choice[];
    areas: Choice[];
    difficulties: Choice[];
    count: string;
    skillSetError: FieldError;
    areaError: FieldError;
    countError: FieldError;
    supply?: string;
    short?: string;
  }[];
  attemptLimit: string;
  attemptLimitError: FieldError;
  waitMinutes: string;
  waitMinutesError: FieldError;
  preTest: boolean;
}
