import type { Request } from 'express';
import { pickLocale, type Locale } from '../i18n/i18n';

export const LANG_COOKIE = 'digiskill_lang';

/** Reads one cookie without a parser: host-level routes run before ltijs' cookie-parser. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function requestLocale(req: Request, fallback: Locale, launchLocale?: string): Locale {
  const query = typeof req.query?.lang === 'string' ? req.query.lang : undefined;
  return pickLocale({
    chosen: query ?? readCookie(req, LANG_COOKIE),
    launch: launchLocale,
    acceptLanguage: req.headers['accept-language'],
    fallback,
  });
}
