import express, { type Router } from 'express';
import { z } from 'zod';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { t } from '../../i18n/i18n';
import { getOrganisationGains } from '../../use-cases/get-pre-post-gains';
import { requireRole } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { renderPage } from '../pages';

const query = z.object({ fy: fiscalYearSchema.optional().catch(undefined) });

/**
 * Pre-test and post-test per module over one fiscal year, for the LMS's administrators (issue 19 item 2): a page of
 * its own beside the organisation report, which reads the record's rollups and not the attempts.
 */
export function organisationGainsRoutes(deps: PageDeps): Router {
  const router = express.Router();
  router.get(
    '/app/organisation/gains',
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const { fiscalYear, modules } = await getOrganisationGains(
        deps,
        ctx.tenantId,
        query.parse(req.query).fy,
      );
      renderPage(req, res, deps.render, ctx, 'organisation-gains', {
        title: t(l, 'gain.year.title', { year: fiscalYear }),
        fiscalYear,
        previousHref: `/app/organisation/gains?fy=${fiscalYear - 1}`,
        nextHref: `/app/organisation/gains?fy=${fiscalYear + 1}`,
        modules: modules.map((m) => ({
          title: m.title[l],
          learners: m.summary.learners,
          pre: m.summary.pre,
          post: m.summary.post,
          gain: m.summary.gain === undefined ? '—' : m.summary.gain.toFixed(2),
        })),
      });
    }),
  );
  return router;
}
