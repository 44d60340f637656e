import type { Request, RequestHandler, Response } from 'express';
import type { Locale } from '../../i18n/i18n';
import { sendStandardError } from '../pages';
import type { RenderPage } from '../views';

/** An address no route answers, inside a session (its ltik checked) or not: a 404 page in the page's language. */
export function notFound(deps: {
  render: RenderPage;
  pageLocale(req: Request, res: Response): Locale;
}): RequestHandler {
  return (req, res) => sendStandardError(req, res, deps.render, deps.pageLocale(req, res), 'notFound');
}
