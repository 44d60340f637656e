import express, { type Router } from 'express';
import { z } from 'zod';
import { formatDate, t } from '../../i18n/i18n';
import type { LibraryStatus } from '../../domain/catalogue/module-library';
import { getModuleLibrary } from '../../use-cases/get-module-library';
import type { PageDeps } from '../page-deps';
import { requireRole } from '../middleware/require-role';
import { filteredPath, pagerView } from '../pager';
import { renderPage, sendStandardError } from '../pages';
import { modulePath } from './module-player.routes';
import { excerpt } from '../view-models/module-library.view-model';

const CATEGORIES = [70, 20, 10] as const;
const STATUSES: readonly LibraryStatus[] = ['not-started', 'in-progress', 'completed'];

/** The library's filters, from a GET form: a value that makes no sense is ignored (the page shows unfiltered). */
const libraryQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined),
  skillSet: z.string().max(50).optional().catch(undefined),
  category: z
    .enum(['70', '20', '10'])
    .transform((v) => Number(v) as 70 | 20 | 10)
    .optional()
    .catch(undefined),
  status: z.enum(['not-started', 'in-progress', 'completed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/**
 * The learners' module library: every published module of the organisation with the viewer's standing in it. Any
 * role (instructors and administrators are learners too); a module opens in the module player
 * (/app/modules/<slug>), which records progress and completion as from a placed link.
 */
export function moduleLibraryRoutes(deps: PageDeps): Router {
  const router = express.Router();
  router.get(
    '/app/modules',
    requireRole(deps, ['learner', 'instructor', 'admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const learner = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!learner) return sendStandardError(req, res, deps.render, l, 'forbidden');
      const query = libraryQuery.parse(req.query);
      const library = await getModuleLibrary(deps, learner, query, l);
      const { filter, shown, framework } = library;
      const f = framework.framework;
      const skillSetName = new Map(f.skillSets.map((s) => [s.code, s.name[l]]));
      const links = filteredPath('/app/modules', {
        q: filter.q,
        skillSet: filter.skillSet,
        category: filter.category === undefined ? undefined : String(filter.category),
        status: filter.status,
      });
      renderPage(req, res, deps.render, ctx, 'module-library', {
        title: t(l, 'library.title'),
        isLearner: ctx.launch.role === 'learner',
        total: library.total,
        filtered: links.href !== '/app/modules',
        filtersOpen:
          filter.skillSet !== undefined || filter.category !== undefined || filter.status !== undefined,
        shownCount: shown.count,
        clearHref: '/app/modules',
        filter: { q: filter.q ?? '' },
        skillSets: f.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          selected: s.code === filter.skillSet,
        })),
        categories: CATEGORIES.map((c) => ({
          value: c,
          name: t(l, `category.${c}`),
          selected: c === filter.category,
        })),
        statuses: STATUSES.map((s) => ({
          value: s,
          name: t(l, `library.status.${s}`),
          selected: s === filter.status,
        })),
        pager: pagerView(l, shown, links.page),
        modules: shown.items.map((m) => ({
          slug: m.slug,
          href: modulePath(m.slug),
          title: m.title[l],
          // About two lines of a card (Thai's tone marks and upper vowels take no width of their own).
          summary: excerpt(m.details.summary[l], 70),
          hours: m.estimatedHours,
          category: m.category,
          categoryName: t(l, `category.${m.category}`),
          skillSets: [...new Set(m.mappings.map((x) => x.skillSet))].map((c) => skillSetName.get(c) ?? c),
          status: m.standingStatus,
          statusName: t(l, `library.status.${m.standingStatus}`),
          completedOn: m.standing.completedOn
            ? formatDate(l, new Date(`${m.standing.completedOn}T12:00:00+07:00`))
            : undefined,
          bestScore: m.standing.bestScore,
          pages:
            m.standingStatus === 'in-progress' && m.details.pageCount > 0
              ? { viewed: Math.min(m.pagesViewed, m.details.pageCount), total: m.details.pageCount }
              : undefined,
        })),
      });
    }),
  );
  return router;
}
