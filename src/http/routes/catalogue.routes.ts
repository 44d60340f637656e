import express, { type Router } from 'express';
import { t } from '../../i18n/i18n';
import { openCatalogue, type OpenCatalogueDeps } from '../../use-cases/open-catalogue';
import { requireRole, type SessionDeps } from '../middleware/require-role';
import { sendPage } from '../pages';
import { switchLanguageUrl } from './landing';

/** The tenant's module catalogue, for the people who place and edit modules (authoring comes next). */
export function catalogueRoutes(deps: SessionDeps & OpenCatalogueDeps): Router {
  const router = express.Router();
  router.get(
    '/app/catalogue',
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const { framework, modules } = await openCatalogue(deps, ctx.tenantId);
      const l = ctx.locale;
      const skillSetName = new Map(framework.framework.skillSets.map((s) => [s.code, s.name[l]]));
      const areaName = new Map(framework.framework.areas.map((a) => [a.code, a.name[l]]));
      sendPage(res, deps.render, 200, 'catalogue', {
        locale: l,
        title: t(l, 'catalogue.title'),
        ltik: ctx.ltik,
        langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
        framework: framework.framework.name[l],
        count: modules.length,
        modules: modules.map((m) => ({
          slug: m.slug,
          title: m.title[l],
          category: m.category,
          hours: m.estimatedHours,
          status: t(l, `catalogue.status.${m.status}`),
          version: m.version,
          mappings: m.mappings.map((x) => ({
            name: x.area
              ? `${skillSetName.get(x.skillSet) ?? x.skillSet}: ${areaName.get(x.area) ?? x.area}`
              : (skillSetName.get(x.skillSet) ?? x.skillSet),
            hours: x.hours,
          })),
        })),
      });
    }),
  );
  return router;
}
