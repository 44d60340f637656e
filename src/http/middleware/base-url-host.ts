import type { Request, RequestHandler } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import { requestLocale } from '../locale';
import { sendErrorPage, sendRedirect } from '../pages';
import type { RenderPage } from '../views';

/**
 * The host a request was sent to, as the browser named it (the proxy's X-Forwarded-Host first: the app trusts
 * its proxy), lower-case and without the scheme's default port, so that it compares with `new URL(BASE_URL).host`.
 */
export function requestedHost(req: Request, protocol: string): string {
  const forwarded = req.get('x-forwarded-host')?.split(',')[0]?.trim();
  const raw = (forwarded || req.get('host') || '').toLowerCase();
  try {
    return new URL(`${protocol}//${raw}`).host;
  } catch {
    return raw;
  }
}

/**
 * A launch keeps its state in a cookie set on the host where it starts and read back at BASE_URL's launch URL, so
 * a demo opened at 127.0.0.1 while BASE_URL says localhost (or the reverse) fails every launch with a cookie
 * error. On such a request this sends the browser to the same path at BASE_URL (302) where it can, and otherwise
 * (a form post) answers with a page that names both addresses.
 */
export function requireBaseUrlHost(deps: {
  baseUrl: string;
  render: RenderPage;
  defaultLocale: Locale;
}): RequestHandler {
  const base = new URL(deps.baseUrl);
  return (req, res, next) => {
    const host = requestedHost(req, base.protocol);
    if (host === base.host) {
      next();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      sendRedirect(res, `${base.origin}${req.originalUrl}`);
      return;
    }
    const locale = requestLocale(req, deps.defaultLocale);
    req.log.warn(
      { event: 'http.wrong_host', host, expected: base.host },
      'request on a host other than BASE_URL',
    );
    sendErrorPage(req, res, deps.render, locale, {
      status: 400,
      heading: t(locale, 'error.wrongHost.title'),
      message: t(locale, 'error.wrongHost.body', { baseUrl: deps.baseUrl, host: host || '?' }),
      hint: t(locale, 'error.wrongHost.hint'),
    });
  };
}
