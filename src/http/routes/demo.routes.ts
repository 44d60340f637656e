import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { DEMO, type DemoActivity, type DemoPlatform, type DemoRole } from '../../demo/demo-platform';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import { requestLocale } from '../locale';
import { renderPage, sendErrorPage, sendStandardError } from '../pages';
import type { RenderPage } from '../views';
import { rememberLanguage, type LandingDeps } from './landing';

export interface DemoDeps extends LandingDeps {
  render: RenderPage;
  defaultLocale: Locale;
  /** The demo LMS, when it is on (never in production). */
  demo?: DemoPlatform;
  /** The tool's origin: the demo's own forms come from its pages. */
  baseUrl: string;
}

const startSchema = z.object({
  as: z.enum(['learner', 'instructor', 'admin']),
  locale: z.enum(['th', 'en']).default('th'),
  activity: z.enum(['home', 'module', 'select']).default('home'),
  placement: z.string().max(20).optional(),
});
const langSchema = z.enum(['th', 'en']).catch('th');
const countSchema = z.coerce.number().int().min(0).max(1000).optional().catch(undefined);

/**
 * `/` and `/demo`: with the demo LMS on, its page (launch as a learner, an instructor or an administrator, in the
 * page or in a new window; "Select content" and the activities placed with it; its gradebook) and its own routes;
 * without it, `/` is the health check and `/demo` is not found. The demo LMS's protocol endpoints (its key set,
 * authentication, token and score endpoints) are src/demo's router; what a visitor sees is here.
 */
export function demoRoutes(deps: DemoDeps): Router {
  const router = express.Router();
  const { demo, render, defaultLocale } = deps;

  router.get(['/', '/demo'], (req, res) => {
    if (!demo) {
      if (req.path === '/') {
        res.redirect(302, '/healthz');
        return;
      }
      sendStandardError(req, res, render, requestLocale(req, defaultLocale), 'notFound');
      return;
    }
    if (req.path === '/') {
      res.redirect(302, '/demo');
      return;
    }
    rememberLanguage(req, res, deps);
    const locale = requestLocale(req, defaultLocale);
    renderPage(
      req,
      res,
      render,
      { locale },
      'demo',
      demoPage(demo, req, locale, new URL(deps.baseUrl).origin),
    );
  });
  if (!demo) return router;

  // The LMS's links to the tool: each starts an OIDC login initiation with the demo's hint of what to open.
  router.get('/demo/start', (req, res) => {
    const locale = requestLocale(req, defaultLocale);
    const q = startSchema.safeParse(req.query);
    if (!q.success) {
      sendStandardError(req, res, render, locale, 'badRequest');
      return;
    }
    const activity: DemoActivity =
      q.data.placement !== undefined ? { placement: q.data.placement } : q.data.activity;
    const url = demo.startUrl(q.data.as, q.data.locale, activity);
    if (!url) {
      sendErrorPage(req, res, render, q.data.locale, {
        status: q.data.placement !== undefined ? 404 : 400,
        heading: t(q.data.locale, 'demo.title'),
        message: t(
          q.data.locale,
          q.data.placement !== undefined ? 'demo.placed.notFound' : 'demo.select.notAllowed',
        ),
      });
      return;
    }
    res.redirect(302, url);
  });

  // Deep Linking 2.0 §4.5: the tool's page posts its signed answer here (the request's deep_link_return_url).
  const receiveAnswer = async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const received = await demo.course.receive(body.JWT);
    const locale = received.request?.locale ?? requestLocale(req, defaultLocale);
    if (!received.ok) {
      req.log.warn({ event: 'demo.deep_link_refused', reason: received.reason }, 'demo LMS refused');
      renderPage(
        req,
        res,
        render,
        { locale },
        'demo-return',
        {
          title: t(locale, 'demo.return.title'),
          accepted: false,
          message: t(locale, 'demo.return.refused'),
          reason: t(locale, `demo.return.reason.${received.reason}`),
          placed: [],
          backHref: `/demo?lang=${locale}`,
        },
        400,
      );
      return;
    }
    renderPage(req, res, render, { locale }, 'demo-return', {
      title: t(locale, 'demo.return.title'),
      accepted: true,
      message:
        received.placed.length === 0
          ? t(locale, 'demo.return.none')
          : t(locale, 'demo.return.placed', { count: received.placed.length }),
      toolMessage: received.message,
      placed: received.placed.map((a) => ({ title: a.title, module: a.custom.module ?? '' })),
      backHref: `/demo?lang=${locale}&placed=${received.placed.length}#placed`,
    });
  };
  router.post(
    '/demo/deep-link-return',
    express.urlencoded({ extended: false, limit: '64kb' }),
    (req: Request, res: Response, next: NextFunction) => {
      receiveAnswer(req, res).catch(next);
    },
  );

  // Removing a placed activity, as a teacher deletes one from a Moodle course (its gradebook column goes too).
  router.post(
    '/demo/placed/:id/remove',
    express.urlencoded({ extended: false, limit: '4kb' }),
    (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const locale = langSchema.parse(body.lang);
      // Only the demo page's own form: a page of another site cannot empty the course. Browsers say where a
      // request comes from in Sec-Fetch-Site; the Origin of a form post is "null" under our no-referrer policy.
      const site = req.headers['sec-fetch-site'];
      const origin = req.headers.origin;
      const foreign =
        site !== undefined
          ? site !== 'same-origin'
          : origin !== undefined && origin !== 'null' && origin !== new URL(deps.baseUrl).origin;
      if (foreign) {
        sendStandardError(req, res, render, locale, 'forbidden');
        return;
      }
      if (!demo.removeActivity(String(req.params.id))) {
        sendErrorPage(req, res, render, locale, {
          status: 404,
          heading: t(locale, 'demo.title'),
          message: t(locale, 'demo.placed.notFound'),
        });
        return;
      }
      res.redirect(303, `/demo?lang=${locale}&removed=1#placed`);
    },
  );

  router.use('/demo', demo.router);
  return router;
}

function demoPage(demo: DemoPlatform, req: Request, locale: Locale, toolOrigin: string) {
  const start = (role: DemoRole, query: string) => `/demo/start?as=${role}&locale=${locale}${query}`;
  const roles = (['learner', 'instructor', 'admin'] as const).map((role) => ({
    role,
    label: t(locale, `demo.${role}`),
    href: start(role, ''),
  }));
  const moduleRoles = (['learner', 'instructor'] as const).map((role) => ({
    role,
    label: t(locale, `demo.${role}`),
    href: start(role, '&activity=module'),
  }));
  const names = new Map<string, string>(
    Object.values(DEMO.users).map((u) => [u.sub, `${u.given_name} ${u.family_name}`]),
  );
  const activities = demo.course.activities();
  const titles = new Map(activities.map((a) => [a.id, a.title]));
  const placedCount = countSchema.parse(req.query.placed);
  const notice =
    placedCount !== undefined
      ? t(locale, 'demo.placed.notice', { count: placedCount })
      : req.query.removed === '1'
        ? t(locale, 'demo.placed.removed')
        : undefined;
  return {
    title: t(locale, 'demo.title'),
    launchAsLabel: t(locale, 'demo.launchAs'),
    roles,
    toolOrigin,
    containers: [
      { label: t(locale, 'demo.embed'), target: 'lms-frame', newWindow: false },
      { label: t(locale, 'demo.newWindow'), target: '_blank', newWindow: true },
    ],
    moduleRoles,
    moduleLink: t(locale, 'demo.moduleLink'),
    selectContent: [
      { label: t(locale, 'demo.select.embed'), target: 'lms-frame', newWindow: false },
      { label: t(locale, 'demo.select.window'), target: '_blank', newWindow: true },
    ].map((c) => ({ ...c, href: start('instructor', '&activity=select') })),
    ...(notice ? { notice } : {}),
    placed: activities.map((a) => ({
      id: a.id,
      title: a.title,
      module: a.custom.module ?? '',
      launches: (['learner', 'instructor'] as const).map((role) => ({
        role,
        label: t(locale, `demo.${role}`),
        href: start(role, `&placement=${encodeURIComponent(a.id)}`),
      })),
    })),
    lang: locale,
    gradebook: demo.gradebook().map((g) => ({
      activity: g.column.kind === 'placed' ? (titles.get(g.column.id) ?? '') : t(locale, 'demo.moduleLink'),
      name: names.get(g.userId) ?? g.userId,
      score: `${g.scoreGiven} / ${g.scoreMaximum}`,
      progress: t(locale, 'demo.gradebook.progress', {
        activity: t(locale, `demo.ags.activity.${g.activityProgress}`),
        grading: t(locale, `demo.ags.grading.${g.gradingProgress}`),
      }),
      when: formatDate(locale, new Date(g.timestamp)),
    })),
  };
}
