import type { Request, Response } from 'express';
import type { Locale } from '../../i18n/i18n';
import { LANG_COOKIE, languageCookieValue } from '../locale';
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
