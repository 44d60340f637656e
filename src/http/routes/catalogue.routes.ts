import express, { type Router } from 'express';
import { z } from 'zod';
import type { DevelopmentTargets } from '../../domain/learning-record/development-targets';
import { t } from '../../i18n/i18n';
import type { OpenCatalogueDeps } from '../../use-cases/open-catalogue';
import { findModules } from '../../use-cases/find-modules';
import { getCoverageMatrix } from '../../use-cases/get-coverage-matrix';
import type { UseCaseDeps } from '../../use-cases/deps';
import { requireRole, type SessionDeps } from '../middleware/require-role';
import { mayManageContentHere } from '../middleware/require-content-management';
import type { ContentManagementDeps } from '../../use-cases/can-manage-content';
import { filteredPath, pagerView } from '../pager';
import { renderPage } from '../pages';

export interface CatalogueDeps
  extends
    SessionDeps,
    OpenCatalogueDeps,
    ContentManagementDeps,
    Pick<UseCaseDeps, 'counting' | 'crosswalks'> {
  developmentTargets: ReadonlyMap<string, DevelopmentTargets>;
}

const matrixQuery = z.object({ group: z.string().max(40).optional().catch(undefined) });
const catalogueQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined),
  skillSet: z.string().max(50).optional().catch(undefined),
  status: z.enum(['draft', 'published']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
/** A page of the catalogue: every row carries an edit link with the session's ltik, so 300 rows would be 300 kB. */
const CATALOGUE_PAGE_SIZE = 50;

/**
 * The tenant's module catalogue, for instructors (who browse it, preview modules and place them) and for those who
 * manage the organisation's content (who also write and edit modules: the page shows them the controls).
 */
export function catalogueRoutes(deps: CatalogueDeps): Router {
  const router = express.Router();

  router.get(
    '/app/catalogue/matrix',
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const matrix = await getCoverageMatrix(deps, {
        tenantId: ctx.tenantId,
        group: matrixQuery.parse(req.query).group,
      });
      const { framework, modules, coverage: c, crosswalks } = matrix;
      const l = ctx.locale;
      const f = framework.framework;
      const skillSets = f.skillSets.map((s) => s.code);
      const group = f.targetGroups.find((g) => g.code === matrix.group);
      const gaps = new Set(matrix.gaps);
      const inGroup = new Set(matrix.groupSkillSets);
      renderPage(req, res, deps.render, ctx, 'matrix', {
        title: t(l, 'matrix.title'),
        framework: f.name[l],
        groups: f.targetGroups.map((g) => ({
          code: g.code,
          name: g.name[l],
          selected: g.code === group?.code,
        })),
        group: group?.name[l],
        targetsAreDefaults: matrix.targetsAreDefaults,
        gaps: [...gaps].map((code) => f.skillSets.find((s) => s.code === code)?.name[l] ?? code),
        noGaps: group !== undefined && gaps.size === 0,
        columns: f.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          inGroup: inGroup.has(s.code),
          gap: gaps.has(s.code),
          modules: c.totals.get(s.code)?.modules ?? 0,
          hours: c.totals.get(s.code)?.hours ?? 0,
          // The crosswalk's second header row: what the skill set stands for in the other framework.
          counterparts: (crosswalks.counterparts.get(s.code) ?? []).map((x) => ({
            code: x.code,
            name: x.name[l],
            framework: x.framework.name[l],
            towards: t(l, `framework.crosswalk.towards.${x.towards}`),
          })),
        })),
        crosswalk: crosswalks.notes.map((n) => n.other[l]).join(', '),
        rows: modules.map((m) => ({
          slug: m.slug,
          title: m.title[l],
          isDraft: m.status === 'draft',
          status: t(l, `catalogue.status.${m.status}`),
          cells: skillSets.map((code) => ({ hours: c.cells.get(m.slug)?.get(code), gap: gaps.has(code) })),
        })),
      });
    }),
  );
  router.get(
    '/app/catalogue',
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const filter = catalogueQuery.parse(req.query);
      const [{ framework, total, found: shown, applied }, canManage] = await Promise.all([
        findModules(deps, {
          tenantId: ctx.tenantId,
          search: { q: filter.q, skillSet: filter.skillSet, status: filter.status },
          page: { number: filter.page, size: CATALOGUE_PAGE_SIZE },
        }),
        mayManageContentHere(deps, ctx),
      ]);
      const l = ctx.locale;
      const f = framework.framework;
      const skillSet = applied.skillSet;
      const links = filteredPath('/app/catalogue', { q: filter.q, skillSet, status: filter.status });
      const skillSetName = new Map(f.skillSets.map((s) => [s.code, s.name[l]]));
      const areaName = new Map(f.areas.map((a) => [a.code, a.name[l]]));
      renderPage(req, res, deps.render, ctx, 'catalogue', {
        title: t(l, 'catalogue.title'),
        framework: f.name[l],
        count: total,
        canManage,
        shownCount: shown.count,
        filtered: filter.q !== undefined || skillSet !== undefined || filter.status !== undefined,
        filter: { q: filter.q ?? '' },
        skillSets: f.skillSets.map((s) => ({ code: s.code, name: s.name[l], selected: s.code === skillSet })),
        statuses: (['published', 'draft'] as const).map((s) => ({
          value: s,
          name: t(l, `catalogue.status.${s}`),
          selected: s === filter.status,
        })),
        pager: pagerView(l, shown, links.page),
        saved: typeof req.query.saved === 'string' ? req.query.saved : undefined,
        savedVersion: typeof req.query.version === 'string' ? req.query.version : undefined,
        unchanged: req.query.unchanged === '1',
        modules: shown.items.map((m) => ({
          slug: m.slug,
          editHref: canManage ? `/app/catalogue/${m.slug}/edit` : undefined,
          // Only a published module opens in the player; a draft is seen through its edit form.
          previewHref: m.status === 'published' ? `/app/modules/${m.slug}` : undefined,
          title: m.title[l],
          category: m.category,
          hours: m.estimatedHours,
          status: t(l, `catalogue.status.${m.status}`),
          version: m.version,
          mappings: m.mappings.map((x) => ({
            // Two names, each isolated on the page (a direction mark in one must not run into the other).
            name: skillSetName.get(x.skillSet) ?? x.skillSet,
            area: x.area ? (areaName.get(x.area) ?? x.area) : undefined,
            hours: x.hours,
          })),
        })),
      });
    }),
  );
  return router;
}
