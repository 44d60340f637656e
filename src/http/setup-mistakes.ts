import { isIP } from 'node:net';

/**
 * The two set-up mistakes agencies make when they connect the tool to their LMS, recognised from the request so
 * that the refusal page can say what to change.
 */

/**
 * The login's target_link_uri is not the tool's launch URL: the LMS's Tool URL (which it also sends as the
 * target link) names another host, or another path on ours. Undefined when it is the launch URL, or not a URL.
 */
export function foreignTargetLink(
  targetLinkUri: string,
  launchUrl: string,
): { kind: 'host'; configured: string } | { kind: 'path'; configured: string } | undefined {
  if (!URL.canParse(targetLinkUri)) return undefined;
  const target = new URL(targetLinkUri);
  const ours = new URL(launchUrl);
  if (target.origin !== ours.origin) return { kind: 'host', configured: target.origin };
  if (target.pathname !== ours.pathname)
    return { kind: 'path', configured: `${target.origin}${target.pathname}` };
  return undefined;
}

/** Second-level labels under which a country's names are registered (go.th, ac.th, co.uk, …). */
const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'go', 'gov', 'in', 'mi', 'net', 'or', 'org']);

/**
 * The registrable domain of a host (example.go.th for moodle.example.go.th), near enough without the Public Suffix
 * List: the last two labels, three under a country's second-level label. An IP address or a single label is its own.
 */
export function siteOf(host: string): string {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(h) !== 0) return h;
  const labels = h.split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const tld = labels.at(-1)!;
  const second = labels.at(-2)!;
  return labels.slice(tld.length === 2 && SECOND_LEVEL.has(second) ? -3 : -2).join('.');
}

/**
 * Whether the browser dropped the tool's login (state) cookie because the tool is served over plain http and the
 * launch came from an LMS on another site. Over http the tool's cookies cannot be `SameSite=None` (that needs
 * `Secure`, hence https), and a `Lax` cookie is neither kept inside a cross-site iframe nor sent with the LMS's
 * cross-site form post, in an iframe or a new window alike. `origin` is the Origin header of the launch post,
 * which browsers send with every cross-origin POST: the LMS's address. Returns that origin, or undefined.
 */
export function cookieDroppedOverHttp(baseUrl: string, origin: string | undefined): string | undefined {
  if (!baseUrl.startsWith('http://') || !origin || origin === 'null' || !URL.canParse(origin))
    return undefined;
  const lms = new URL(origin);
  const tool = new URL(baseUrl);
  const crossSite = lms.protocol !== tool.protocol || siteOf(lms.hostname) !== siteOf(tool.hostname);
  return crossSite ? lms.origin : undefined;
}
