import type { RequestHandler, Response } from 'express';

/**
 * The Content-Security-Policy of every response, Referrer-Policy and nosniff, and HSTS in production.
 *
 * Pages run no inline script and no inline event handler (scripts are files under /static), load styles and
 * scripts from the tool only, and post forms to the tool only; a Deep Linking return page may also post to its
 * platform's return URL (allowFormAction). Only the registered platforms may frame the tool (frame-ancestors):
 * Moodle shows it in an iframe ("Embed"). Author content needs the rest: pictures in Markdown pages (https),
 * YouTube (no-cookie) and Vimeo players, MP4 videos from an https address.
 */
export const HSTS = 'max-age=31536000; includeSubDomains';

const CSP = 'Content-Security-Policy';

/** Everything but frame-ancestors, which depends on the registered platforms. */
const FIXED_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "media-src 'self' https:",
  "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** The policy with these frame ancestors ('none' when no platform is registered). */
export function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  const ancestors = frameAncestors.length ? frameAncestors.join(' ') : "'none'";
  return [...FIXED_DIRECTIVES, `frame-ancestors ${ancestors}`].join('; ');
}

/**
 * An http(s) origin as a CSP source ('self' for the tool's own), or undefined for anything else. The URL parser
 * lets ';' and ',' through in a host name, and either would end the directive: only plain host names pass.
 */
export function originSource(url: string, toolOrigin: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (!/^\[?[a-z0-9.:-]+\]?$/i.test(u.host)) return undefined;
  return u.origin === toolOrigin ? "'self'" : u.origin;
}

/** An http(s) URL without its query as a CSP source (CSP matches paths exactly, and ignores queries). */
function urlSource(url: string, toolOrigin: string): string | undefined {
  const origin = originSource(url, toolOrigin);
  if (!origin) return undefined;
  const { pathname } = new URL(url);
  // A path source is matched after percent-decoding, so escaping ';' and ',' keeps its meaning.
  return origin === "'self'" ? origin : `${origin}${pathname.replace(/;/g, '%3B').replace(/,/g, '%2C')}`;
}

export interface SecurityHeadersOptions {
  /** Production: every response also carries HSTS (nothing else in the tool sets it). */
  hsts: boolean;
  /** The CSP sources of the origins that may frame the tool; read on every response, so it must be cheap. */
  frameAncestors(): readonly string[];
}

/**
 * Sets the headers. Mounted first on the tool's app, so that every response has them (static files, health
 * checks, 404s, error and "busy" pages); the policy string is rebuilt only when the list of frame ancestors changes.
 */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  let ancestors: readonly string[] | undefined;
  let policy = '';
  return (_req, res, next) => {
    const current = options.frameAncestors();
    if (current !== ancestors) {
      ancestors = current;
      policy = contentSecurityPolicy(current);
    }
    res.setHeader(CSP, policy);
    // The ltik travels in URLs: never leak it through Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (options.hsts) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}

/** Adds a source to one directive of the policy already set on this response ('none' gives way to it). */
function widen(res: Response, directive: string, source: string): void {
  const policy = res.getHeader(CSP);
  if (typeof policy !== 'string') return;
  const widened = (d: string) => {
    const sources = d.split(' ').slice(1);
    if (sources.includes(source)) return d;
    return sources.join(' ') === "'none'" ? `${directive} ${source}` : `${d} ${source}`;
  };
  res.setHeader(
    CSP,
    policy
      .split('; ')
      .map((d) => (d.startsWith(`${directive} `) ? widened(d) : d))
      .join('; '),
  );
}

/** This page may post a form to url (a Deep Linking return URL); a URL that is not plain http(s) is not added. */
export function allowFormAction(res: Response, url: string, toolOrigin: string): void {
  const source = urlSource(url, toolOrigin);
  if (source) widen(res, 'form-action', source);
}

/** This page may be framed by url's origin (a platform registering itself, before it is registered). */
export function allowFrameAncestor(res: Response, url: string, toolOrigin: string): void {
  const source = originSource(url, toolOrigin);
  if (source) widen(res, 'frame-ancestors', source);
}
