import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { InvalidLaunchContext, launchFromStored, storedLaunch, type LaunchContext } from './launch-context';
import { ltikCodec } from './ltik';
import type { LaunchPlatforms, SessionStore } from './ports';
import type { ToolSecrets } from './tool-secrets';
import { TtlCache } from '../shared/ttl-cache';

/**
 * Step 4 of the launch, and every request after it. A launch's session is a row (migration 0021) holding the
 * verified launch; the browser gets two things for it:
 * - the ltik, which every page carries in its links and forms (query `ltik`, a form field `ltik`, or
 *   `Authorization: Bearer`), naming the row (ltik.ts);
 * - a session cookie per platform and deployment whose value is an HMAC of the user's id there, so that an ltik
 *   copied into another browser (a shared link, a log) opens nothing. One user's launches of several links at once
 *   all set the same value, so none of them undoes another (as ltijs' cookie did).
 * A session lives as long as its row (24 h from its latest launch) and as long as its platform is registered and
 * active (checked on every request, cached 5 s).
 */
export interface Session {
  launch: LaunchContext;
  ltik: string;
}

export type SessionRefusal =
  | 'NO_LTIK_OR_IDTOKEN_FOUND'
  | 'INVALID_LTIK'
  | 'SESSION_NOT_FOUND'
  | 'PLATFORM_REMOVED'
  | 'PLATFORM_SUSPENDED'
  | 'TEMPORARILY_UNAVAILABLE';

export type Resumed =
  | { ok: true; session: Session }
  | {
      ok: false;
      reason: SessionRefusal;
      /** The session's language, when it was found. */ locale?: string;
      cause?: unknown;
    };

export interface SessionDeps {
  store: SessionStore;
  platforms: Pick<LaunchPlatforms, 'status'>;
  secrets: ToolSecrets;
  cookies: { secure: boolean; sameSite: 'None' | 'Lax' };
  /** How long a session read (or just written) is reused in this process; 0: never. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The launch just recorded is read back by the very next request (the redirect to the launch page), and a page's
 * session by every request after it: each process keeps the sessions it wrote or read for a minute. A session id
 * names its launch's content (see record.ts), so a cached entry can only be stale in that its row was deleted
 * since (a platform removed or a deployment split off): the platform check on every request refuses those with a
 * page that says why, here at once and in other instances within 5 s.
 */
const SESSION_CACHE_MS = 60_000;

/**
 * And at most this many of them. A cached launch holds 1.6–2 kB of heap (its strings and objects, measured on the
 * simulated Moodle's launches), so 2,000 hold 3–4 MB: at 1,000 launches a second, 2 s of launches, far more
 * than the time between a launch and its page (the read the launch path must not pay), and a minute of launches
 * at 30 a second. Past it a page reads its row once more. 10,000 held 16–20 MB of live heap at full speed, which the
 * old generation then carried with its headroom (#20: peak RSS under the launch benchmark).
 */
export const SESSION_CACHE_ENTRIES = 2_000;

const SESSION = Symbol('digiskill.session');
type Locals = Record<typeof SESSION, Session | undefined>;

/** The session of a request that passed the gate, else undefined. */
export function sessionOf(res: Response): Session | undefined {
  return (res.locals as Locals)[SESSION];
}

/** Where ltijs read the ltik, and so where pages put it: `LTIK-AUTH-V1 Token=`, the query, the body, Bearer. */
export function ltikOf(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  const ltikAuth = authorization?.split('LTIK-AUTH-V1 Token=')[1];
  if (ltikAuth) return ltikAuth.split(',')[0];
  const query = req.query.ltik;
  if (typeof query === 'string' && query) return query;
  const body = (req.body as { ltik?: unknown } | undefined)?.ltik;
  if (typeof body === 'string' && body) return body;
  const parts = authorization?.split(' ');
  return parts?.length === 2 && parts[0] === 'Bearer' && parts[1] ? parts[1] : undefined;
}

export function createSessions(deps: SessionDeps) {
  const ltiks = ltikCodec(deps.secrets.ltik, deps.now);
  const cache = new TtlCache<LaunchContext>(
    deps.cacheMs ?? SESSION_CACHE_MS,
    SESSION_CACHE_ENTRIES,
    deps.now,
  );
  const cookieKey = deps.secrets.cookies;
  const cookieOptions = {
    secure: deps.cookies.secure,
    httpOnly: true,
    sameSite: deps.cookies.sameSite.toLowerCase() as 'none' | 'lax',
    path: '/',
  };

  /** The session cookie of a platform's deployment: its name, and the value that binds a user's sessions there. */
  function sessionCookie(
    launch: Pick<LaunchContext, 'issuer' | 'clientId' | 'deploymentId' | 'platformUserId'>,
  ) {
    const where = [launch.issuer, launch.clientId, launch.deploymentId].join('\u0000');
    const code = crypto.createHash('sha256').update(where).digest('base64url').slice(0, 16);
    const value = crypto
      .createHmac('sha256', cookieKey)
      .update(`session\u0000${where}\u0000${launch.platformUserId}`)
      .digest('base64url');
    return { name: `lti${code}`, value };
  }

  function readCookie(req: Request, name: string): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
    return undefined;
  }

  const sameText = (a: string, b: string) =>
    a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

  async function launchOf(tenantId: number, sessionId: string): Promise<LaunchContext | undefined> {
    const key = `${tenantId}:${sessionId}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const stored = await deps.store.find(tenantId, sessionId);
    if (stored === undefined) return undefined;
    const launch = launchFromStored(stored);
    cache.set(key, launch);
    return launch;
  }

  /** The session a request carries, checked: the ltik's signature, the cookie, the row, the platform. */
  async function resume(req: Request): Promise<Resumed> {
    const ltik = ltikOf(req);
    if (!ltik) return { ok: false, reason: 'NO_LTIK_OR_IDTOKEN_FOUND' };
    const claims = ltiks.verify(ltik);
    if (!claims) return { ok: false, reason: 'INVALID_LTIK' };
    let launch: LaunchContext | undefined;
    try {
      launch = await launchOf(claims.tid, claims.sid);
    } catch (err) {
      // A row that does not read back as a launch is no session; a database failure is ours (503).
      if (err instanceof InvalidLaunchContext) return { ok: false, reason: 'SESSION_NOT_FOUND' };
      return { ok: false, reason: 'TEMPORARILY_UNAVAILABLE', cause: err };
    }
    if (!launch) return { ok: false, reason: 'SESSION_NOT_FOUND' };
    const expected = sessionCookie(launch);
    const given = readCookie(req, expected.name);
    if (!given || !sameText(given, expected.value)) return { ok: false, reason: 'SESSION_NOT_FOUND' };
    let status: 'unknown' | 'inactive' | 'active';
    try {
      status = await deps.platforms.status(launch.issuer, launch.clientId);
    } catch (err) {
      return { ok: false, reason: 'TEMPORARILY_UNAVAILABLE', cause: err };
    }
    // A session lives only as long as its platform's registration (an administrator removed or suspended it).
    if (status !== 'active')
      return {
        ok: false,
        reason: status === 'unknown' ? 'PLATFORM_REMOVED' : 'PLATFORM_SUSPENDED',
        locale: launch.locale,
      };
    return { ok: true, session: { launch, ltik } };
  }

  return {
    /** A recorded launch's session: sets its cookie and returns its ltik. */
    start(res: Response, recorded: { tenantId: number; sessionId: string }, launch: LaunchContext): string {
      cache.set(`${recorded.tenantId}:${recorded.sessionId}`, launch);
      const cookie = sessionCookie(launch);
      res.cookie(cookie.name, cookie.value, cookieOptions);
      return ltiks.issue({ tid: recorded.tenantId, sid: recorded.sessionId });
    },

    resume,

    /**
     * Middleware for every route of a session (/app/*, the launch page): the session goes on the response for
     * sessionOf(), or the request is refused through `refuse` (the launch error page).
     */
    gate(
      refuse: (req: Request, res: Response, reason: SessionRefusal, locale?: string) => void,
    ): RequestHandler {
      return (req, res, next) => {
        resume(req).then((resumed) => {
          if (resumed.ok) {
            (res.locals as Locals)[SESSION] = resumed.session;
            next();
          } else refuse(req, res, resumed.reason, resumed.locale);
        }, next);
      };
    },

    /** What a session keeps of a launch (the row's JSON). */
    stored: storedLaunch,
  };
}

export type Sessions = ReturnType<typeof createSessions>;
