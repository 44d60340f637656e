import type { NextFunction, Request, Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import { containsControlCharacters } from '../../shared/control-characters';
import { requestLocale } from '../locale';
import { sendErrorPage } from '../pages';
import type { RenderPage } from '../views';

/**
 * Refuses a request whose query or parsed form holds a control character other than tab, CR or LF (a NUL would
 * otherwise reach PostgreSQL and fail there as a 5xx), with a 400 page in the user's language. Runs after the
 * body parser; where no body was parsed yet it checks the query only, so it can stand at several points.
 */
export function refuseControlCharacters(deps: {
  render: RenderPage;
  defaultLocale: Locale;
  /** The LTI session's locale, where there is one. */
  sessionLocale?: (res: Response) => string | undefined;
}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!containsControlCharacters(req.query) && !containsControlCharacters(req.body)) {
      next();
      return;
    }
    sendControlCharactersRefused(
      req,
      res,
      deps.render,
      requestLocale(req, deps.defaultLocale, deps.sessionLocale?.(res)),
    );
  };
}

/**
 * The 400 page for text with control characters, for a route that reads its body or file itself (after the
 * middleware has run) or finds them only once the text is parsed (a JSON escape such as `\u0000`).
 */
export function sendControlCharactersRefused(
  req: Request,
  res: Response,
  render: RenderPage,
  l: Locale,
): void {
  req.log.warn({ event: 'http.control_characters_refused' }, 'request refused: control characters');
  sendErrorPage(req, res, render, l, {
    status: 400,
    heading: t(l, 'error.badRequest.title'),
    message: t(l, 'error.controlCharacters'),
  });
}
