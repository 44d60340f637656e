import express, { type Router } from 'express';
import { DEMO, type DemoPlatform } from '../../demo/demo-platform';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import { requestLocale } from '../locale';
import { renderPage, sendStandardError } from '../pages';
import type { RenderPage } from '../views';
import { rememberLanguage, type LandingDeps } from './landing';

export interface DemoDeps extends LandingDeps {
  render: RenderPage;
  defaultLocale: Locale;
  /** The demo LMS, when it is on (never in production). */
  demo?: DemoPlatform;
}

/**
 * `/` and `/demo`: with the demo LMS on, its page (launch as a learner, an instructor or an administrator, in the
 * page or in a new window, and its gradebook) and its own routes; without it, `/` is the health check and `/demo`
 * is not found.
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
    const roles = (['learner', 'instructor', 'admin'] as const).map((role) => ({
      role,
      label: t(locale, `demo.${role}`),
      href: `/demo/start?as=${role}&locale=${locale}`,
    }));
    const moduleRoles = (['learner', 'instructor'] as const).map((role) => ({
      role,
      label: t(locale, `demo.${role}`),
      href: `/demo/start?as=${role}&locale=${locale}&activity=module`,
    }));
    const names = new Map<string, string>(
      Object.values(DEMO.users).map((u) => [u.sub, `${u.given_name} ${u.family_name}`]),
    );
    renderPage(req, res, render, { locale }, 'demo', {
      title: t(locale, 'demo.title'),
      launchAsLabel: t(locale, 'demo.launchAs'),
      roles,
      containers: [
        { label: t(locale, 'demo.embed'), target: 'lms-frame', newWindow: false },
        { label: t(locale, 'demo.newWindow'), target: '_blank', newWindow: true },
      ],
      moduleRoles,
      moduleLink: t(locale, 'demo.moduleLink'),
      gradebook: demo.gradebook().map((g) => ({
        name: names.get(g.userId) ?? g.userId,
        score: `${g.scoreGiven} / ${g.scoreMaximum}`,
        progress: `${g.activityProgress}, ${g.gradingProgress}`,
        when: formatDate(locale, new Date(g.timestamp)),
      })),
    });
  });
  if (demo) router.use('/demo', demo.router);

  return router;
}
