import type { RequestHandler, Response } from 'express';
import { rememberLanguage, type LandingDeps } from '../routes/landing';

/**
 * The language switch on any page of a session holds for that session's later pages (see LANG_COOKIE). A
 * download's ?lang= (the framework's CSV in Thai or English) is the file's language, not the page's.
 */
export function rememberLanguageSwitch(
  deps: Pick<LandingDeps, 'cookies'>,
  ltikOf: (res: Response) => string | undefined,
): RequestHandler {
  return (req, res, next) => {
    if (typeof req.query.lang === 'string' && !/\.\w+$/.test(req.path)) {
      rememberLanguage(req, res, deps, ltikOf(res));
    }
    next();
  };
}
