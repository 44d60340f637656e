/**
 * Which URLs belong to a platform. A platform that signs valid tokens may still name any address in them (a
 * deep-linking return address, its service endpoints): the tool posts forms, and sends the platform's access
 * token, only to the hosts of the platform's own registration (its issuer, authentication endpoint, token
 * endpoint and key set URL), over http(s), https only when required (production).
 */
export interface PlatformHosts {
  /** `host` of each registration URL (host name, plus the port when not the scheme's default). */
  readonly hosts: ReadonlySet<string>;
  readonly requireHttps: boolean;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const isHttp = (u: URL) => u.protocol === 'https:' || u.protocol === 'http:';

/** The hosts of a platform's registration URLs; a URL that is missing, not a URL or not http(s) adds none. */
export function platformHosts(
  registrationUrls: ReadonlyArray<string | undefined>,
  requireHttps: boolean,
): PlatformHosts {
  const hosts = new Set<string>();
  for (const url of registrationUrls) {
    const u = url ? parse(url) : undefined;
    if (u && isHttp(u) && u.hostname) hosts.add(u.host);
  }
  return { hosts, requireHttps };
}

/**
 * True when `url` is an absolute http(s) URL (https when required) without user info, on one of the platform's
 * hosts. Host names are compared as the URL parser normalises them (lower case, IDNA, default port dropped).
 */
export function isPlatformUrl(url: unknown, platform: PlatformHosts): url is string {
  if (typeof url !== 'string') return false;
  const u = parse(url);
  if (!u) return false;
  if (platform.requireHttps ? u.protocol !== 'https:' : !isHttp(u)) return false;
  if (u.username || u.password) return false;
  return platform.hosts.has(u.host);
}
