import type { Framework } from '../../domain/framework/framework';
import type { Locale } from '../../i18n/i18n';
import type { FormErrors } from '../form-errors';

/** The framework as the page shows it, in one language: dimensions > skill sets > areas; groups by stage. */
export function frameworkViewModel(f: Framework, locale: Locale) {
  const roleOf = (group: string, stage: string) =>
    f.expectedRoles.find((r) => r.group === group && r.stage === stage)?.role[locale];
  return {
    id: f.id,
    version: f.version,
    name: f.name[locale],
    source: f.source[locale],
    // The translators' notes (f.notes) stay in the data for maintainers; the page does not show them.
    dimensions: f.dimensions.map((d) => ({
      code: d.code,
      name: d.name[locale],
      description: d.description[locale],
      skillSets: f.skillSets
        .filter((s) => s.dimension === d.code)
        .map((s) => ({
          code: s.code,
          name: s.name[locale],
          description: s.description[locale],
          foundational: s.foundational,
          areas: f.areas
            .filter((a) => a.skillSet === s.code)
            .map((a) => ({ code: a.code, name: a.name[locale], description: a.description[locale] })),
        })),
    })),
    stages: f.stages.map((s) => ({ code: s.code, name: s.name[locale], from: s.years.from, to: s.years.to })),
    groups: f.targetGroups.map((g) => ({
      code: g.code,
      name: g.name[locale],
      definition: g.definition[locale],
      roles: f.stages.map((s) => ({ stage: s.name[locale], role: roleOf(g.code, s.code) })),
    })),
  };
}

/** The framework as one language shows it. */
export type FrameworkView = ReturnType<typeof frameworkViewModel>;

/** The framework page (views/pages/framework.hbs), rendered by src/http/routes/framework.routes.ts. */
export interface FrameworkPage {
  title: string;
  framework: FrameworkView;
  canExport: boolean;
  canManage: boolean;
  choices: { code: string; name: string; version: string; selected: boolean }[];
  importForm: { json: string; problems: { json: string[]; file: string[] } };
  errors: FormErrors;
}
