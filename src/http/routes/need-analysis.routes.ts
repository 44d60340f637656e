import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { t, type Locale } from '../../i18n/i18n';
import type { NeedLine } from '../../domain/agency/need-analysis';
import type { Framework } from '../../domain/framework/framework';
import { getNeedAnalysis } from '../../use-cases/get-need-analysis';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { sendCsv } from '../csv';
import { renderPage } from '../pages';

const PATH = '/app/organisation/needs';
const query = z.object({ fy: fiscalYearSchema.optional().catch(undefined) });

/** The columns of a need line, shared by the page and its CSV. */
function figures(line: NeedLine) {
  const byGap = [0, 1, 2].map((i) => line.byGap[i] ?? 0);
  for (let i = 3; i < line.byGap.length; i += 1) byGap.push(line.byGap[i] ?? 0);
  return {
    assessed: line.assessed,
    below: line.below,
    share: line.assessed > 0 ? Math.round((line.below / line.assessed) * 100) : 0,
    levelsShort: line.levelsShort,
    averageGap: line.below > 0 ? (Math.round((line.levelsShort / line.below) * 100) / 100).toString() : '–',
    byGap: byGap.join(' / '),
  };
}

/**
 * The need analysis HR does each year before the development plan (issue #18 item 11; seed 004 §5.3), for the
 * LMS's administrators: per target group and skill set, who assessed themselves below their target, from the
 * self-assessments of a fiscal year; with its CSV.
 */
export function needAnalysisRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const load = (req: Request, ctx: PageContext) =>
    getNeedAnalysis(deps, { tenantId: ctx.tenantId, fiscalYear: query.parse(req.query).fy });
  const names = (f: Framework, l: Locale) => ({
    group: (code: string) => f.targetGroups.find((g) => g.code === code)?.name[l] ?? code,
    skillSet: (code: string) => f.skillSets.find((s) => s.code === code)?.name[l] ?? code,
  });

  router.get(
    PATH,
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const { f, fiscalYear, choices, people, fromDgSa, dgSaWithoutTarget, lines } = await load(req, ctx);
      const n = names(f, l);
      renderPage(req, res, deps.render, ctx, 'need-analysis', {
        title: t(l, 'needs.title'),
        intro: t(l, 'needs.intro', { year: fiscalYear, people }),
        fromDgSa: fromDgSa > 0 ? t(l, 'needs.fromDgSa', { count: fromDgSa }) : undefined,
        dgSaWithoutTarget:
          dgSaWithoutTarget > 0 ? t(l, 'needs.dgSaWithoutTarget', { count: dgSaWithoutTarget }) : undefined,
        fiscalYear,
        years: choices.map((y) => ({ value: y, selected: y === fiscalYear })),
        csvHref: `${PATH}.csv?fy=${fiscalYear}`,
        empty: lines.length === 0,
        rows: lines.map((line) => ({
          group: n.group(line.group),
          skillSet: n.skillSet(line.skillSet),
          ...figures(line),
        })),
      });
    }),
  );

  router.get(
    `${PATH}.csv`,
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const { f, fiscalYear, lines } = await load(req, ctx);
      const n = names(f, l);
      sendCsv(
        res,
        `need-analysis-${fiscalYear}.csv`,
        [
          t(l, 'needs.csv.fiscalYear'),
          t(l, 'needs.col.group'),
          t(l, 'needs.col.skillSet'),
          t(l, 'needs.col.assessed'),
          t(l, 'needs.col.below'),
          t(l, 'needs.col.share'),
          t(l, 'needs.col.levelsShort'),
          t(l, 'needs.col.averageGap'),
          t(l, 'needs.col.byGap'),
        ],
        lines.map((line) => {
          const c = figures(line);
          return [
            fiscalYear,
            n.group(line.group),
            n.skillSet(line.skillSet),
            c.assessed,
            c.below,
            c.share,
            c.levelsShort,
            c.averageGap === '–' ? '' : c.averageGap,
            c.byGap,
          ];
        }),
      );
    }),
  );

  return router;
}
