import type { RuleSource } from '../../domain/assessment/rule-editing';

/** The rules page (views/pages/rules.hbs), rendered by src/http/routes/rules.routes.ts. */
export interface RulesPage {
  title: string;
  scope: 'course' | 'organisation';
  scopeText: string;
  otherScope?: { href: string; text: string };
  saved: boolean;
  assessments: {
    code: string;
    name: string;
    description: string;
    groups: {
      code: string;
      name: string;
      source?: string;
      sourceCode?: RuleSource;
      lines: string[];
      fallsBack: boolean;
      editHref: string;
    }[];
  }[];
}
