import http from 'node:http';

/**
 * The benchmark's browser: a keep-alive HTTP/1.1 client (node:http, no redirects followed) and a tiny cookie
 * jar. Everything runs on 127.0.0.1 over plain HTTP, so the jar ignores Domain and Secure and keys cookies
 * by name and path, as a browser would for one host.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** ms since the epoch; undefined: a session cookie. */
  expires: number | undefined;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  /** Applies the Set-Cookie headers of a response: adds, replaces, or (Max-Age<=0 / past Expires) removes. */
  store(setCookie: string[] | string | undefined, now = Date.now()): void {
    if (!setCookie) return;
    for (const header of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const cookie = parseSetCookie(header, now);
      if (!cookie) continue;
      const key = `${cookie.name}\u0000${cookie.path}`;
      if (cookie.expires !== undefined && cookie.expires <= now) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  /** The Cookie header for a request path, or undefined when no cookie applies. */
  header(path: string, now = Date.now()): string | undefined {
    const out: string[] = [];
    for (const [key, c] of this.cookies) {
      if (c.expires !== undefined && c.expires <= now) {
        this.cookies.delete(key);
        continue;
      }
      if (pathMatches(path, c.path)) out.push(`${c.name}=${c.value}`);
    }
    return out.length ? out.join('; ') : undefined;
  }

  names(): string[] {
    return [...this.cookies.values()].map((c) => c.name);
  }
}

function parseSetCookie(header: string, now: number): StoredCookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    path: '/',
    expires: undefined,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const name = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : attribute.slice(i + 1).trim();
    if (name === 'path' && value.startsWith('/')) cookie.path = value;
    else if (name === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (name === 'expires') {
      const at = Date.parse(value);
      if (!Number.isNaN(at)) cookie.expires = at;
    }
  }
  // Max-Age wins over Expires (RFC 6265 5.3 step 3).
  if (maxAge !== undefined) cookie.expires = maxAge <= 0 ? 0 : now + maxAge * 1000;
  return cookie;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The Location header resolved against the request URL, if any. */
  location: string | undefined;
}

export interface RequestOptions {
  jar?: CookieJar;
  /** Sent as application/x-www-form-urlencoded (an already encoded string keeps repeated names). */
  form?: Record<string, string> | string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One keep-alive agent for the whole run: connections are reused across launches, as a browser reuses them. */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });

export function destroyAgent(): void {
  agent.destroy();
}

export async function request(
  method: string,
  url: string,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  try {
    return await send(method, url, options);
  } catch (err) {
    // Node's keep-alive race: a server may close an idle socket just as a request goes out on it. The server
    // never read that request, so sending it again on a new socket is safe (the retry Node's docs recommend).
    if ((err as { reusedSocket?: boolean }).reusedSocket) return send(method, url, options);
    throw err;
  }
}

function send(method: string, url: string, options: RequestOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const body =
    typeof options.form === 'string'
      ? options.form
      : options.form
        ? new URLSearchParams(options.form).toString()
        : undefined;
  const headers: Record<string, string> = { accept: 'text/html,*/*', ...options.headers };
  const cookie = options.jar?.header(target.pathname);
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        method,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          options.jar?.store(res.headers['set-cookie']);
          const location = res.headers.location;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            location: location ? new URL(location, target).toString() : undefined,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', (err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (req.reusedSocket && (err.code === 'ECONNRESET' || err.message === 'socket hang up'))
        err.reusedSocket = true;
      reject(err);
    });
    req.end(body);
  });
}

/** The value of a hidden input in an HTML form (the auto-post form an LMS answers with). */
export function hiddenInput(html: string, name: string): string | undefined {
  const re = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`, 'i');
  return re.exec(html)?.[1];
}

export function formAction(html: string): string | undefined {
  return /<form[^>]*action="([^"]*)"/i.exec(html)?.[1]?.replace(/&amp;/g, '&');
}
