import { formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { MissingItem, Verdict } from '../../domain/assessment/eligibility';
import type { Framework } from '../../domain/framework/framework';
import type { ModuleReference } from '../../use-cases/ports';
import { modulePath } from '../routes/module-player.routes';
import { isolated } from '../bidi';

/**
 * Who reads the missing items: the learner on their progress page ("you"), or an instructor about one learner
 * of their course (the class view: "needs …", links to what an instructor can act on).
 */
export type MissingReader = { kind: 'learner' } | { kind: 'instructor'; personId: number };

/** One missing item as shown: a sentence, and where to go to fix it (a path for ltiUrl, or an anchor on the page). */
export interface MissingItemView {
  text: string;
  href?: string;
  anchor?: string;
  /** For an instructor: how the fix is named in the page's list of fixes (see `sharedFixes`). */
  fix?: string;
}

/** The slugs of the modules a set of verdicts says are missing, to look their titles up in one query. */
export function missingModules(verdicts: Iterable<Verdict>): string[] {
  const slugs = new Set<string>();
  for (const v of verdicts)
    if (!v.eligible) for (const m of v.missing) if (m.code === 'MODULE_NOT_COMPLETED') slugs.add(m.module);
  return [...slugs];
}

/** The sentences of missing items (eligibility.missing.* for the learner, eligibility.missingOf.* for others). */
type MissingSentence =
  | 'NO_TARGET_GROUP'
  | 'SKILL_SET_HOURS'
  | 'CATEGORY_HOURS'
  | 'CATEGORY_HOURS_IN'
  | 'MODULE_NOT_COMPLETED'
  | 'SELF_ASSESSMENT'
  | 'SELF_ASSESSMENT_OLD'
  | 'CERTIFICATION'
  | 'CERTIFICATION_LEVEL'
  | 'CERTIFICATION_ANY_LEVEL';

/** One missing item of an eligibility verdict, as a sentence with the exact amount, for the given reader. */
export function missingText(
  l: Locale,
  f: Framework,
  item: MissingItem,
  moduleTitle: (slug: string) => string,
  reader: MissingReader['kind'] = 'learner',
): string {
  const key = (code: MissingSentence): TranslationKey =>
    reader === 'learner' ? `eligibility.missing.${code}` : `eligibility.missingOf.${code}`;
  const skillSet = (code: string) => isolated(f.skillSets.find((s) => s.code === code)?.name[l] ?? code);
  switch (item.code) {
    case 'NO_TARGET_GROUP':
      return t(l, key('NO_TARGET_GROUP'));
    case 'SKILL_SET_HOURS':
      return t(l, key('SKILL_SET_HOURS'), {
        short: item.short,
        skillSet: skillSet(item.skillSet),
        have: item.have,
        needed: item.needed,
      });
    case 'CATEGORY_HOURS':
      return item.skillSet
        ? t(l, key('CATEGORY_HOURS_IN'), {
            short: item.short,
            category: item.category,
            name: t(l, `category.${item.category}`),
            skillSet: skillSet(item.skillSet),
            share: item.sharePercent,
          })
        : t(l, key('CATEGORY_HOURS'), {
            short: item.short,
            category: item.category,
            name: t(l, `category.${item.category}`),
            share: item.sharePercent,
          });
    case 'MODULE_NOT_COMPLETED':
      return t(l, key('MODULE_NOT_COMPLETED'), { module: isolated(moduleTitle(item.module)) });
    case 'SELF_ASSESSMENT':
      return item.lastTaken
        ? t(l, key('SELF_ASSESSMENT_OLD'), {
            months: item.withinMonths,
            date: formatDate(l, new Date(`${item.lastTaken}T12:00:00+07:00`)),
          })
        : t(l, key('SELF_ASSESSMENT'), { months: item.withinMonths });
    case 'CERTIFICATION': {
      // A TPQI unit or area code, as TPQI and the official results name it.
      const certification = isolated(item.certification);
      if (item.minLevel === undefined) return t(l, key('CERTIFICATION'), { certification });
      return item.heldLevel !== undefined
        ? t(l, key('CERTIFICATION_LEVEL'), { certification, level: item.minLevel, held: item.heldLevel })
        : t(l, key('CERTIFICATION_ANY_LEVEL'), { certification, level: item.minLevel });
    }
  }
}

/**
 * Where a missing item is fixed. The learner: the module's page, the log-learning form, the self-assessment, the
 * target form on the progress page. An instructor: the module (its page, or its catalogue entry), the catalogue's
 * modules of the skill set, the learner's record, the target override; a self-assessment only the learner can take.
 */
function missingLink(
  l: Locale,
  f: Framework,
  item: MissingItem,
  modules: ReadonlyMap<string, ModuleReference>,
  reader: MissingReader,
): Omit<MissingItemView, 'text'> {
  const skillSet = (code: string) => isolated(f.skillSets.find((s) => s.code === code)?.name[l] ?? code);
  const inCatalogue = (code: string) => ({
    href: `/app/catalogue?skillSet=${encodeURIComponent(code)}`,
    fix: t(l, 'class.fix.skillSet', { skillSet: skillSet(code) }),
  });
  if (reader.kind === 'learner') {
    switch (item.code) {
      case 'NO_TARGET_GROUP':
        return { anchor: 'target-heading' };
      case 'SKILL_SET_HOURS':
      case 'CATEGORY_HOURS':
        return { href: '/app/record/new' };
      case 'MODULE_NOT_COMPLETED':
        return modules.get(item.module)?.launchable ? { href: modulePath(item.module) } : {};
      case 'SELF_ASSESSMENT':
        return { href: '/app/self-assessment' };
      case 'CERTIFICATION':
        // Certified by TPQI outside the tool: nothing here fixes it (the results held are listed on the page).
        return {};
    }
  }
  switch (item.code) {
    case 'NO_TARGET_GROUP':
      return { href: '/app/learners', fix: t(l, 'class.fix.target') };
    case 'SKILL_SET_HOURS':
      return inCatalogue(item.skillSet);
    case 'CATEGORY_HOURS':
      return item.skillSet ? inCatalogue(item.skillSet) : { href: `/app/learners/${reader.personId}/record` };
    case 'MODULE_NOT_COMPLETED': {
      const m = modules.get(item.module);
      const fix = t(l, 'class.fix.module', { module: isolated(m?.title[l] ?? item.module) });
      if (m?.launchable) return { href: modulePath(item.module), fix };
      return m?.inCatalogue
        ? { href: `/app/catalogue/${item.module}/edit`, fix }
        : { href: '/app/catalogue', fix: t(l, 'class.fix.catalogue') };
    }
    case 'SELF_ASSESSMENT':
    case 'CERTIFICATION':
      return {};
  }
}

/** The missing items of a verdict as the page shows them: module titles, never codes, each with its fix. */
export function missingItems(
  l: Locale,
  f: Framework,
  verdict: Verdict,
  modules: ReadonlyMap<string, ModuleReference>,
  reader: MissingReader,
): MissingItemView[] {
  if (verdict.eligible) return [];
  return verdict.missing.map((m) => ({
    text: missingText(l, f, m, (slug) => modules.get(slug)?.title[l] ?? slug, reader.kind),
    ...missingLink(l, f, m, modules, reader),
  }));
}

/**
 * A page that lists many learners (the class view) names each fix once: rows link to it on the page (an anchor),
 * and the list of fixes carries the links with the session's ltik. A link per item of every row would repeat the
 * ltik (about 1 kB) up to five times a row, 100 rows a page.
 */
export function sharedFixes(
  rows: Array<{ missing: MissingItemView[] }>,
): Array<{ id: string; href: string; label: string }> {
  const fixes = new Map<string, { id: string; href: string; label: string }>();
  for (const row of rows)
    for (const item of row.missing) {
      if (!item.href || !item.fix) continue;
      let fix = fixes.get(item.href);
      if (!fix)
        fixes.set(item.href, (fix = { id: `fix-${fixes.size + 1}`, href: item.href, label: item.fix }));
      item.anchor = fix.id;
      delete item.href;
    }
  return [...fixes.values()];
}
