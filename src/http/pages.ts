import type { Request, Response } from 'express';
import { t, type Locale, type TranslationKey } from '../i18n/i18n';
import type { PageModel, RenderPage } from './views';

export type ErrorKind = 'badRequest' | 'forbidden' | 'notFound' | 'unavailable' | 'internal';

const ERROR_STATUS: Record<ErrorKind, number> = {
  badRequest: 400,
  forbidden: 403,
  notFound: 404,
  unavailable: 503,
  internal: 500,
};

const ERROR_TEXT: Record<ErrorKind, [TranslationKey, TranslationKey]> = {
  badRequest: ['error.badRequest.title', 'error.badRequest.body'],
  forbidden: ['error.forbidden.title', 'error.forbidden.body'],
  notFound: ['error.notFound.title', 'error.notFound.body'],
  unavailable: ['error.unavailable.title', 'error.unavailable.body'],
  internal: ['error.title', 'error.internal.body'],
};

export function requestId(req: Request): string | undefined {
  const id = (req as Request & { id?: unknown }).id;
  return id === undefined ? undefined : String(id);
}

export function sendPage(
  res: Response,
  render: RenderPage,
  status: number,
  page: string,
  model: PageModel,
): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(render(page, model));
}

/**
 * A 302 with its Location and no body: what a browser follows. express's res.redirect also negotiates a text or
 * HTML body for clients that do not follow redirects; the launch steps never need one.
 */
export function sendRedirect(res: Response, url: string): void {
  res.location(url).status(302).set('Content-Length', '0').end();
}

/** A localised error page; no stack, no echo of what was posted. */
export function sendErrorPage(
  req: Request,
  res: Response,
  render: RenderPage,
  locale: Locale,
  error: { status: number; heading: string; message: string; hint?: string },
): void {
  if (res.headersSent) return;
  sendPage(res, render, error.status, 'error', {
    locale,
    title: error.heading,
    heading: error.heading,
    message: error.message,
    hint: error.hint,
    requestId: requestId(req),
  });
}

export function sendStandardError(
  req: Request,
  res: Response,
  render: RenderPage,
  locale: Locale,
  kind: ErrorKind,
  status = ERROR_STATUS[kind],
): void {
  const [title, body] = ERROR_TEXT[kind];
  sendErrorPage(req, res, render, locale, { status, heading: t(locale, title), message: t(locale, body) });
}
