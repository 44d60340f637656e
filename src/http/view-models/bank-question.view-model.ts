import type { FormErrors } from '../form-errors';
import type { QuestionStatsView } from './question-bank.view-model';

interface Choice {
  value: string;
  label: string;
  selected: boolean;
}
type FieldError = { message: string; id: string } | undefined;
interface BiValue {
  th: string;
  en: string;
  errorTh: FieldError;
  errorEn: FieldError;
}

/** A bank question's form (views/pages/bank-question.hbs), rendered by src/http/routes/question-bank.routes.ts. */
export interface BankQuestionPage {
  title: string;
  action: string;
  errors: FormErrors;
  versionNote?: string;
  skillSets: Choice[];
  areas: Choice[];
  skillSetError: FieldError;
  areaError: FieldError;
  difficultyError: FieldError;
  difficulties: Choice[];
  kinds: { value: string; label: string; checked: boolean }[];
  prompt: BiValue;
  optionsError: FieldError;
  options: { j: number; number: number; correct: boolean; text: BiValue; feedback: BiValue }[];
  stats?: QuestionStatsView;
  bankHref: string;
}
