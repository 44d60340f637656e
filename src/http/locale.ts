import crypto from 'node:crypto';
import type { Request } from 'express';
import { normaliseLocale, pickLocale, type Locale } from '../i18n/i18n';

/**
 * The language a person picked with the switch in the top bar: `<locale>.<session tag>`. It decides the pages of
 * that session (that ltik) only; a later launch follows the LMS's locale claim again, and the cookie then only
 * stands in where the LMS sends no locale (a stored preference).
 */
export const LANG_COOKIE = 'digiskill_lang';

/** A session's tag in the language cookie: not the ltik itself, which is a credential. */
export function sessionTag(ltik: string): string {
  return crypto.createHash('sha256').update(ltik).digest('base64url').slice(0, 16);
}

export function languageCookieValue(locale: Locale, ltik: string | undefined): string {
  return ltik ? `${locale}.${sessionTag(ltik)}` : locale;
}

/** Reads one cookie without a parser (the tool has none: each of its few cookies is read where it is used). */
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

/**
 * The request's language. First match wins: `?lang=` (the switch, on the page it leads to); the language picked
 * earlier in this session (`ltik`); the LMS's locale claim of the session or launch; the language last picked in
 * any session; Accept-Language; DEFAULT_LOCALE.
 */
export function requestLocale(req: Request, fallback: Locale, launchLocale?: string, ltik?: string): Locale {
  const query = typeof req.query?.lang === 'string' ? req.query.lang : undefined;
  const cookie = readCookie(req, LANG_COOKIE);
  const dot = cookie?.indexOf('.') ?? -1;
  const picked = cookie && dot >= 0 ? cookie.slice(0, dot) : cookie;
  const inSession = ltik && dot >= 0 && cookie!.slice(dot + 1) === sessionTag(ltik) ? picked : undefined;
  return pickLocale({
    chosen: query ?? inSession,
    launch: launchLocale,
    stored: normaliseLocale(picked),
    acceptLanguage: req.headers['accept-language'],
    fallback,
  });
}
