import express, { type Request, type Response, type Router } from 'express';
import type { TenantId } from '../../shared/ids';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/i18n';
import type { DevelopmentTargets } from '../../domain/learning-record/development-targets';
import { openCatalogue, type OpenCatalogueDeps } from '../../use-cases/open-catalogue';
import { findModules } from '../../use-cases/find-modules';
import type { ModuleSummary } from '../../use-cases/ports';
import type { LaunchContext } from '../../lti/launch-context';
import { isPlatformUrl, type PlatformHosts } from '../../lti/platform-hosts';
import { requireRole, type PageContext, type SessionDeps } from '../middleware/require-role';
import { formErrors, type FieldProblem } from '../form-errors';
import { renderPage, sendErrorPage, sendStandardError } from '../pages';
import { allowFormAction } from '../security-headers';

export interface DeepLinkingDeps extends SessionDeps, OpenCatalogueDeps {
  developmentTargets: ReadonlyMap<string, DevelopmentTargets>;
  baseUrl: string;
  /** The signed LtiDeepLinkingResponse for this session. */
  deepLinkingResponse(res: Response, items: object[], message?: string): Promise<string>;
  /** The hosts of the session's platform, where the return form may go; undefined if it is not registered. */
  platformHosts(launch: LaunchContext): Promise<PlatformHosts | undefined>;
}

const filterSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  skillSet: z.string().max(50).optional().catch(undefined),
  group: z.string().max(40).optional().catch(undefined),
  lang: z.enum(['th', 'en']).optional().catch(undefined),
  category: z.enum(['70', '20', '10']).optional().catch(undefined),
});
type Filter = z.infer<typeof filterSchema>;
/** The picker's form: the modules ticked (none is a problem the page shows), or "Cancel". */
const pickSchema = z.object({
  module: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  action: z.enum(['add', 'cancel']).catch('add'),
});

/** Deep Linking 2.0 §4.4.1 / §4.5: the LMS's "Select content" opens a picker; chosen modules go back signed. */
export function deepLinkingRoutes(deps: DeepLinkingDeps) {
  const router: Router = express.Router();

  async function published(tenantId: TenantId) {
    const { framework, modules } = await openCatalogue(deps, tenantId);
    return { framework, modules: modules.filter((m) => m.status === 'published') };
  }

  /** The picker: the published modules the filter finds, and the form's problems when it came back (422). */
  async function showPicker(
    req: Request,
    res: Response,
    ctx: PageContext,
    filter: Filter,
    problems: FieldProblem[] = [],
  ) {
    const l = ctx.locale;
    const multiple = ctx.launch.deepLinking?.acceptMultiple ?? false;
    // Only published modules can be placed; a target group matches modules crediting any of its skill sets.
    const { framework, found } = await findModules(deps, {
      tenantId: ctx.tenantId,
      search: {
        q: filter.q,
        skillSet: filter.skillSet,
        group: filter.group,
        lang: filter.lang,
        category: filter.category ? (Number(filter.category) as 70 | 20 | 10) : undefined,
        status: 'published',
      },
    });
    const f = framework.framework;
    const shown = found.items;
    // The summary leads to the first module of the list (a control the browser focuses), or the list when empty.
    const errors = formErrors(
      l,
      [
        {
          field: 'module',
          id: 'dl-modules',
          label: t(l, 'deepLinking.modules'),
          href: shown[0] ? `#m-${shown[0].slug}` : '#dl-modules',
        },
      ],
      problems,
    );
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'deep-linking',
      {
        title: t(l, 'deepLinking.title'),
        multiple,
        filter: {
          q: filter.q ?? '',
          skillSet: filter.skillSet ?? '',
          group: filter.group ?? '',
          lang: filter.lang ?? '',
          category: filter.category ?? '',
        },
        languages: (['th', 'en'] as const).map((code) => ({
          code,
          name: t(l, `lang.${code}`),
          selected: code === filter.lang,
        })),
        skillSets: framework.framework.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          selected: s.code === filter.skillSet,
        })),
        categories: ['70', '20', '10'].map((c) => ({ value: c, selected: c === filter.category })),
        groups: f.targetGroups.map((g) => ({
          code: g.code,
          name: g.name[l],
          selected: g.code === filter.group,
        })),
        modules: shown.map((m) => ({
          slug: m.slug,
          title: m.title[l],
          category: m.category,
          hours: m.estimatedHours,
          languages: m.languages.map((code) => t(l, `lang.${code}`)).join(', '),
        })),
        count: shown.length,
        errors,
      },
      errors.hasErrors ? 422 : 200,
    );
  }

  /** The picker, rendered on the launch route when the launch is an LtiDeepLinkingRequest. */
  const picker = requireRole(
    deps,
    ['instructor', 'admin'],
    async (req: Request, res: Response, ctx: PageContext) => {
      const settings = ctx.launch.deepLinking;
      const l = ctx.locale;
      if (!settings || !settings.acceptTypes.includes('ltiResourceLink')) {
        sendStandardError(req, res, deps.render, l, 'badRequest');
        return;
      }
      await showPicker(req, res, ctx, filterSchema.parse(req.query));
    },
  );

  router.post(
    '/app/deep-link',
    express.urlencoded({ extended: false, limit: '64kb' }),
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const settings = ctx.launch.deepLinking;
      const l = ctx.locale;
      const pick = pickSchema.safeParse(req.body);
      if (!settings || !pick.success) {
        sendStandardError(req, res, deps.render, l, 'badRequest');
        return;
      }
      // The launch refused a return URL off the platform's hosts; checked again where it becomes a form's action.
      const hosts = await deps.platformHosts(ctx.launch);
      if (!hosts || !isPlatformUrl(settings.returnUrl, hosts)) {
        req.log.warn({ event: 'lti.deep_link_return_refused' }, 'deep-linking return URL refused');
        sendErrorPage(req, res, deps.render, l, {
          status: 400,
          heading: t(l, 'error.launch.title'),
          message: t(l, 'error.launch.returnUrl'),
          hint: t(l, 'error.reopen'),
        });
        return;
      }
      // "Cancel": an answer with no items (Deep Linking 2.0 §4.5: content_items may be empty), signed as any
      // answer, so that the LMS closes its dialog and places nothing.
      if (pick.data.action === 'cancel') {
        const jwt = await deps.deepLinkingResponse(res, []);
        return sendBack(req, res, l, settings.returnUrl, jwt);
      }
      // Nothing ticked: the picker again, with the filter it had and the problem, nothing signed.
      if (pick.data.module.length === 0) {
        return showPicker(req, res, ctx, filterSchema.parse(req.body), [
          { field: 'module', key: 'deepLinking.error.none' },
        ]);
      }
      const { modules } = await published(ctx.tenantId);
      const bySlug = new Map<string, ModuleSummary>(modules.map((m) => [m.slug, m]));
      const chosen = pick.data.module
        .map((slug) => bySlug.get(slug))
        .filter((m): m is ModuleSummary => Boolean(m));
      if (chosen.length !== pick.data.module.length || (!settings.acceptMultiple && chosen.length > 1)) {
        sendStandardError(req, res, deps.render, l, 'badRequest');
        return;
      }
      // One launch URL for every link (Moodle matches redirect URIs exactly); the module travels as a custom
      // parameter, and a line item makes Moodle create the gradebook column (Deep Linking §3.4.2, AGS §3.2).
      const items = chosen.map((m) => ({
        type: 'ltiResourceLink',
        title: m.title[l],
        url: `${deps.baseUrl}/lti/launch`,
        custom: { module: m.slug },
        lineItem: { scoreMaximum: 100, label: m.title[l], resourceId: m.slug, tag: 'digiskill-module' },
        window: { targetName: 'digiskill' },
      }));
      const jwt = await deps.deepLinkingResponse(
        res,
        items,
        t(l, 'deepLinking.returned', { count: items.length }),
      );
      sendBack(req, res, l, settings.returnUrl, jwt);
    }),
  );

  /** The page that posts the signed answer to the platform: the one place a form may leave the tool. */
  function sendBack(req: Request, res: Response, l: Locale, returnUrl: string, jwt: string) {
    allowFormAction(res, returnUrl, new URL(deps.baseUrl).origin);
    renderPage(req, res, deps.render, { locale: l }, 'deep-linking-return', {
      title: t(l, 'deepLinking.title'),
      action: returnUrl,
      jwt,
    });
  }

  return { router, picker };
}
