import type { RequestHandler } from 'express';
import type { Locale } from '../../i18n/i18n';
import { requestLocale } from '../locale';
import { sendStandardError } from '../pages';
import type { RenderPage } from '../views';

/** A path that does not decode is refused here, with our page (express would answer with its own). */
export function refuseUndecodablePath(deps: { render: RenderPage; defaultLocale: Locale }): RequestHandler {
  return (req, res, next) => {
    try {
      decodeURIComponent(req.path);
      next();
    } catch {
      sendStandardError(req, res, deps.render, requestLocale(req, deps.defaultLocale), 'badRequest');
    }
  };
}
