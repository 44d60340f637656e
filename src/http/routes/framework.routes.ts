import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { FrameworkFileError, readFrameworkText } from '../../config/framework-file';
import { toMoodleCompetencyCsv } from '../../domain/framework/moodle-competency-csv';
import { FrameworkVersionChanged } from '../../domain/framework/framework-errors';
import type { FrameworkStore } from '../../use-cases/ports';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { ToolRole } from '../../lti/roles';
import { sendPage, sendStandardError } from '../pages';
import type { RenderPage } from '../views';
import { frameworkViewModel } from '../view-models/framework.view-model';
import { switchLanguageUrl } from './landing';
import { requireRole, type PageContext } from '../middleware/require-role';

export interface FrameworkRouteDeps {
  render: RenderPage;
  defaultLocale: Locale;
  frameworks: FrameworkStore;
  session(res: Response): { launch: LaunchContext; ltik: string } | undefined;
  tenantIdOf(launch: LaunchContext): Promise<number>;
}

const importSchema = z.object({ json: z.string().min(1).max(2_000_000) });
const chooseSchema = z.object({ framework: z.string().min(1).max(100) });

/**
 * The tenant's skills framework: everyone may read it; instructors and administrators export it (JSON, and
 * the CSV Moodle's competency import reads); administrators import a framework and choose the tenant's.
 */
export function frameworkRoutes(deps: FrameworkRouteDeps): Router {
  const router = express.Router();

  type Ctx = PageContext;
  const guarded = (roles: ToolRole[], handler: (req: Request, res: Response, ctx: Ctx) => Promise<void>) =>
    requireRole(deps, roles, handler);

  async function renderPage(
    req: Request,
    res: Response,
    ctx: Ctx,
    status = 200,
    form?: { json: string; problems: string[] },
  ) {
    const current = await deps.frameworks.forTenant(ctx.tenantId);
    const all = await deps.frameworks.listLatest();
    const l = ctx.locale;
    sendPage(res, deps.render, status, 'framework', {
      locale: l,
      title: t(l, 'framework.title'),
      ltik: ctx.ltik,
      langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
      framework: frameworkViewModel(current.framework, l),
      canExport: ctx.launch.role !== 'learner',
      isAdmin: ctx.launch.role === 'admin',
      choices: all.map((s) => ({
        code: s.framework.id,
        name: s.framework.name[l],
        version: s.framework.version,
        selected: s.framework.id === current.framework.id,
      })),
      importForm: form ?? { json: '', problems: [] },
    });
  }

  router.get(
    '/app/framework',
    guarded(['learner', 'instructor', 'admin'], (req, res, ctx) => renderPage(req, res, ctx)),
  );

  router.get(
    '/app/framework/export.json',
    guarded(['instructor', 'admin'], async (_req, res, ctx) => {
      const { framework } = await deps.frameworks.forTenant(ctx.tenantId);
      res
        .type('application/json')
        .attachment(`${framework.id}-${framework.version}.json`)
        .send(JSON.stringify(framework, null, 2));
    }),
  );

  router.get(
    '/app/framework/export.csv',
    guarded(['instructor', 'admin'], async (req, res, ctx) => {
      const { framework } = await deps.frameworks.forTenant(ctx.tenantId);
      const lang: Locale = req.query.lang === 'en' ? 'en' : req.query.lang === 'th' ? 'th' : ctx.locale;
      // The BOM makes Excel read the Thai text as UTF-8; Moodle's importer accepts it.
      res
        .type('text/csv; charset=utf-8')
        .attachment(`${framework.id}-${framework.version}-moodle-${lang}.csv`)
        .send(`\uFEFF${toMoodleCompetencyCsv(framework, lang)}`);
    }),
  );

  router.post(
    '/app/framework/import',
    express.urlencoded({ extended: false, limit: '2mb' }),
    guarded(['admin'], async (req, res, ctx) => {
      const parsed = importSchema.safeParse(req.body);
      const json = parsed.success ? parsed.data.json : '';
      try {
        if (!parsed.success)
          throw new FrameworkFileError([
            {
              file: t(ctx.locale, 'framework.import.pasted'),
              entry: '',
              field: 'json',
              message: t(ctx.locale, 'framework.import.empty'),
            },
          ]);
        const framework = readFrameworkText(json, t(ctx.locale, 'framework.import.pasted'));
        await deps.frameworks.load([framework], 'import');
        await deps.frameworks.chooseForTenant(ctx.tenantId, framework.id);
        res.redirect(303, `/app/framework?ltik=${encodeURIComponent(ctx.ltik)}`);
      } catch (err) {
        if (err instanceof FrameworkFileError) {
          await renderPage(req, res, ctx, 422, { json, problems: err.message.split('\n') });
          return;
        }
        if (err instanceof FrameworkVersionChanged) {
          await renderPage(req, res, ctx, 422, {
            json,
            problems: [
              t(ctx.locale, 'framework.import.versionChanged', {
                framework: err.framework,
                version: err.version,
              }),
            ],
          });
          return;
        }
        throw err;
      }
    }),
  );

  router.post(
    '/app/framework/choose',
    express.urlencoded({ extended: false, limit: '4kb' }),
    guarded(['admin'], async (req, res, ctx) => {
      const parsed = chooseSchema.safeParse(req.body);
      const known = parsed.success && (await deps.frameworks.latest(parsed.data.framework));
      if (!parsed.success || !known) {
        sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
        return;
      }
      await deps.frameworks.chooseForTenant(ctx.tenantId, parsed.data.framework);
      res.redirect(303, `/app/framework?ltik=${encodeURIComponent(ctx.ltik)}`);
    }),
  );

  return router;
}
