import type { BilingualField, FieldMessage, FormErrors } from '../form-errors';
import type { SafeHtml } from '../markdown';

/** The authoring page (views/pages/authoring.hbs), rendered by src/http/routes/authoring.routes.ts. */
export interface AuthoringPage {
  title: string;
  action: string;
  slug?: string;
  version?: number;
  editingPublished?: boolean;
  errors: FormErrors;
  f: {
    languages: { code: 'th' | 'en'; checked: boolean; name: string }[];
    languagesError: FieldMessage | undefined;
    title: BilingualField;
    summary: BilingualField;
    hours: string;
    hoursError: FieldMessage | undefined;
    /** Follow up N weeks after a completion (0: none). */
    followUpWeeks: string;
    followUpWeeksError: FieldMessage | undefined;
    categories: { value: '70' | '20' | '10'; checked: boolean; name: string }[];
    rules: { value: 'pages' | 'quiz' | 'pages-and-quiz'; checked: boolean; name: string }[];
    pass: string;
    passError: FieldMessage | undefined;
    pagesError: FieldMessage | undefined;
    quizError: FieldMessage | undefined;
    mappingsError: FieldMessage | undefined;
    moduleError: FieldMessage | undefined;
    videosError: FieldMessage | undefined;
    attachmentsError: FieldMessage | undefined;
  };
  pages: {
    i: number;
    number: number;
    order: string;
    title: BilingualField;
    body: BilingualField;
    preview?: SafeHtml;
  }[];
  questions: {
    i: number;
    number: number;
    multiple: boolean;
    prompt: BilingualField;
    optionsError: FieldMessage | undefined;
    options: {
      j: number;
      text: BilingualField;
      feedback: BilingualField;
      correct: boolean;
    }[];
  }[];
  videos: {
    i: number;
    url: string;
    urlError: FieldMessage | undefined;
    title: BilingualField;
  }[];
  attachments: {
    i: number;
    url: string;
    urlError: FieldMessage | undefined;
    title: BilingualField;
  }[];
  skillSets: {
    code: string;
    name: string;
    field: string;
    value: string;
    error: FieldMessage | undefined;
    areas: {
      code: string;
      name: string;
      field: string;
      value: string;
      error: FieldMessage | undefined;
    }[];
  }[];
}
