import type { Request, Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import { LANG_COOKIE, languageCookieValue, requestLocale } from '../locale';
import { renderPage } from '../pages';
import type { RenderPage } from '../views';

export interface LandingDeps {
  render: RenderPage;
  defaultLocale: Locale;
  cookies: { secure: boolean; sameSite: 'None' | 'Lax' };
}

/**
 * The language chosen on a page is remembered for the session of `ltik` (see LANG_COOKIE), inside the LMS iframe
 * too (hence the launch cookie options). It outlives the session only as the preference used where an LMS sends
 * no locale.
 */
export function rememberLanguage(
  req: Request,
  res: Response,
  deps: Pick<LandingDeps, 'cookies'>,
  ltik?: string,
): void {
  const lang = req.query.lang;
  if (lang === 'th' || lang === 'en') {
    res.cookie(LANG_COOKIE, languageCookieValue(lang, ltik), {
      ...deps.cookies,
      httpOnly: true,
      maxAge: 365 * 86_400_000,
      sameSite: deps.cookies.sameSite.toLowerCase() as 'none' | 'lax',
    });
  }
}

/** The language switch's address is made by renderPage (pages.ts); kept here for callers that import it. */
export { switchLanguageUrl } from '../pages';

/** The role-appropriate landing page a launch opens. */
export function renderLanding(
  deps: LandingDeps,
  req: Request,
  res: Response,
  launch: LaunchContext,
  ltik: string,
): void {
  rememberLanguage(req, res, deps, ltik);
  const locale = requestLocale(req, deps.defaultLocale, launch.locale, ltik);
  const role = launch.role;
  const deepLinking = launch.messageType === 'LtiDeepLinkingRequest';
  renderPage(req, res, deps.render, { locale, ltik, launch }, 'landing', {
    title: t(locale, 'landing.title'),
    person: { name: launch.name },
    roleLabel: t(locale, `role.${role}`),
    canAuthor: role !== 'learner',
    isAdmin: role === 'admin',
    course: launch.context?.title ?? launch.context?.label,
    link: launch.resourceLink?.title,
    platform: launch.platformName,
    today: new Date(),
    intro: deepLinking ? t(locale, 'landing.deeplinking') : t(locale, `landing.${role}.intro`),
    next: deepLinking ? '' : t(locale, `landing.${role}.next`),
  });
}
