import type { Request, Response } from 'express';
import type { Locale } from '../i18n/i18n';
import type { Lti } from '../lti/lti-app';
import { requestLocale } from './locale';

export interface SessionLocales {
  /** The session's ltik, where the request passed the session check. */
  ltikOf(res: Response): string | undefined;
  /** The LMS's locale claim of the request's session, if it has one. */
  sessionLocale(res: Response): string | undefined;
  /** A page's language where the request may belong to a session: that session's, as its own pages have it. */
  pageLocale(req: Request, res: Response): Locale;
}

/** The language of pages that may or may not be inside a session (404s, errors, refused forms). */
export function sessionLocales(lti: Pick<Lti, 'session'>, defaultLocale: Locale): SessionLocales {
  const sessionOf = (res: Response) => {
    try {
      return lti.session(res);
    } catch {
      return undefined;
    }
  };
  return {
    ltikOf: (res) => sessionOf(res)?.ltik,
    sessionLocale: (res) => sessionOf(res)?.launch.locale,
    pageLocale(req, res) {
      const session = sessionOf(res);
      return requestLocale(req, defaultLocale, session?.launch.locale, session?.ltik);
    },
  };
}
