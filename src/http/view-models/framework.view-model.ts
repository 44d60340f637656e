import type { Framework } from '../../domain/framework/framework';
import type { Locale } from '../../i18n/i18n';
import type { Counterpart, FrameworkCrosswalks } from '../../use-cases/get-frameworks';
import type { FormErrors } from '../form-errors';

/** A crosswalk counterpart in one language: the other framework, its code (a TPQI unit code for units) and name. */
export interface CounterpartView {
  framework: string;
  code: string;
  name: string;
  isArea: boolean;
  towards: Counterpart['towards'];
  basis: string;
}

const NO_CROSSWALKS: FrameworkCrosswalks = { counterparts: new Map(), notes: [] };

/**
 * The framework as the page shows it, in one language: dimensions > skill sets > areas, each with what it stands
 * for in the frameworks its crosswalks join it to; groups by stage.
 */
export function frameworkViewModel(
  f: Framework,
  locale: Locale,
  crosswalks: FrameworkCrosswalks = NO_CROSSWALKS,
) {
  const counterparts = (code: string): CounterpartView[] =>
    (crosswalks.counterparts.get(code) ?? []).map((c) => ({
      framework: c.framework.name[locale],
      code: c.code,
      name: c.name[locale],
      isArea: c.level === 'area',
      towards: c.towards,
      basis: c.basis[locale],
    }));
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
          counterparts: counterparts(s.code),
          areas: f.areas
            .filter((a) => a.skillSet === s.code)
            .map((a) => ({
              code: a.code,
              name: a.name[locale],
              description: a.description[locale],
              counterparts: counterparts(a.code),
            })),
        })),
    })),
    crosswalks: crosswalks.notes.map((n) => ({
      id: n.id,
      version: n.version,
      other: n.other[locale],
      note: n.note[locale],
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
  /** Administrators choose the framework that drives the organisation's targets and eligibility. */
  canChoose: boolean;
  choices: { code: string; name: string; version: string; selected: boolean }[];
  importForm: { json: string; problems: { json: string[]; file: string[] } };
  errors: FormErrors;
  /** After an import: what it changed (nothing the organisation uses, unless a newer version of it). */
  imported?: { text: string; choose?: { href: string; text: string } };
}
