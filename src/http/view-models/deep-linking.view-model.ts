import type { FormErrors } from '../form-errors';

/** The deep-linking page (views/pages/deep-linking.hbs), rendered by src/http/routes/deep-linking.routes.ts. */
export interface DeepLinkingPage {
  title: string;
  multiple: boolean;
  /** The filter as it was: kept in the picker's form, so a page that comes back (422) shows the same list. */
  filter: { q: string; skillSet: string; group: string; lang: string; category: string };
  languages: { code: 'th' | 'en'; name: string; selected: boolean }[];
  skillSets: { code: string; name: string; selected: boolean }[];
  categories: { value: string; selected: boolean }[];
  groups: { code: string; name: string; selected: boolean }[];
  modules: { slug: string; title: string; category: 70 | 20 | 10; hours: number; languages: string }[];
  count: number;
  /** "Add to course" with nothing ticked. */
  errors: FormErrors;
}
