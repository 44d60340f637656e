import crypto from 'node:crypto';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { LtijsProvider } from 'ltijs';
import type { LtijsDatabasePlugin } from '../db/ltijs-store';
import { decodeCompactJws } from './jws';
import {
  hostsOf,
  installLaunchValidation,
  LaunchRejected,
  type LaunchValidationDeps,
} from './launch-validation';
import type { ServiceCredentials } from './ags-client';
import {
  InvalidLaunchContext,
  launchFromIdToken,
  launchFromSession,
  type LaunchContext,
} from './launch-context';
import type { PlatformHosts } from './platform-hosts';

/** The routes we give Moodle: "Initiate login URL", "Redirection URI(s)" / "Tool URL", "Public keyset URL". */
export const LTI_ROUTES = {
  login: '/lti/login',
  launch: '/lti/launch',
  keys: '/lti/keys',
  register: '/lti/register',
} as const;

/** ltijs' id_token max age is measured from iat; Moodle's tokens live 60 s. */
const TOKEN_MAX_AGE_SECONDS = 60;

export interface LtiHandlers {
  /** A verified resource-link launch, or any later request to the launch route carrying the ltik. */
  onLaunch(req: Request, res: Response, launch: LaunchContext): unknown;
  /** An LtiDeepLinkingRequest (the platform's "Select content"); the session is in res.locals. */
  onDeepLinking(req: Request, res: Response, next: NextFunction): unknown;
  /**
   * Launch rejected; code is an ltijs-style code such as TOKEN_EXPIRED. Nothing was written. `locale` is the
   * verified session's, when a session is refused.
   */
  onLaunchError(req: Request, res: Response, code: string, locale?: string): unknown;
  /**
   * Consume the login this token's nonce was sent with, and record who and where (called with the verified
   * id_token before ltijs stores its session). It may hold the writes back to run them in one statement with
   * ltijs' session rows (the store's launchWrites); a refusal or a failure then fails the launch there.
   */
  recordLaunch(launch: LaunchContext, nonce: string): Promise<void>;
}

export interface LtiSetup {
  encryptionKey: string;
  cookies: { secure: boolean; sameSite: 'None' | 'Lax' };
  plugin: LtijsDatabasePlugin;
  validation: Omit<LaunchValidationDeps, 'onVerified'>;
  handlers: LtiHandlers;
  /** The platform's registration now (cached per platform): a session lives only while it is active. */
  platformStatus(issuer: string, clientId: string): Promise<'unknown' | 'inactive' | 'active'>;
  /** Response headers for everything ltijs' app answers, set after its own (helmet's). */
  headers?: RequestHandler;
}

export interface Lti {
  /** ltijs' express app: mount it for /lti/* and /app/*; routes that need the session go on it. */
  app: Express;
  /** The validated session of a request on lti.app, or undefined. */
  session(res: Response): { launch: LaunchContext; ltik: string } | undefined;
  /** The signed LtiDeepLinkingResponse JWT for this session's deep-linking request (RS256, the tool's key). */
  deepLinkingResponse(res: Response, items: object[], message?: string): Promise<string>;
  /** The tool's key and the platform's token endpoint, to call its services (AGS, NRPS); undefined if unknown. */
  serviceCredentials(issuer: string, clientId: string): Promise<ServiceCredentials | undefined>;
  /** The hosts of a registered platform (see platform-hosts.ts); undefined if it is not registered. */
  platformHosts(issuer: string, clientId: string): Promise<PlatformHosts | undefined>;
  close(): Promise<void>;
}

/**
 * ltijs signs and verifies every ltik (HS256) with the encryption key as a string, through jsonwebtoken, with no
 * options. For that key only:
 * - sign writes the same compact JWS itself (header {alg: HS256, typ: JWT}, the payload plus iat, an HMAC);
 * - verify accepts a token only when its header says HS256, its HMAC matches (constant-time) and its payload is
 *   an object without exp or nbf. Anything else goes to jsonwebtoken, which accepts or refuses it with its own
 *   error, so nothing is accepted here that jsonwebtoken would refuse.
 * jsonwebtoken tried to parse the string key as a PEM first (14 % of the tool's CPU under load), and its own
 * HS256 path (base64url streams, option checks) was another 2–3 % of a launch.
 */
export function fastLtikJwt(encryptionKey: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jwtModule = require('jsonwebtoken') as {
    sign: (...a: unknown[]) => unknown;
    verify: (...a: unknown[]) => unknown;
  };
  const secret = crypto.createSecretKey(Buffer.from(encryptionKey));
  const { sign, verify } = jwtModule;
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const mac = (input: string) => crypto.createHmac('sha256', secret).update(input).digest();

  jwtModule.sign = (payload: unknown, key: unknown, ...rest: unknown[]) => {
    if (key !== encryptionKey || rest.length > 0 || !isPlainObject(payload) || 'iat' in payload)
      return sign(payload, key === encryptionKey ? secret : key, ...rest);
    const body = { ...payload, iat: Math.floor(Date.now() / 1000) };
    const input = `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
    return `${input}.${mac(input).toString('base64url')}`;
  };
  jwtModule.verify = (token: unknown, key: unknown, ...rest: unknown[]) => {
    if (key === encryptionKey && rest.length === 0 && typeof token === 'string') {
      const accepted = plainHs256(token, mac);
      if (accepted) return accepted;
    }
    return verify(token, key === encryptionKey ? secret : key, ...rest);
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The payload of an HS256 token with a valid MAC and no time claims, else undefined (let jsonwebtoken judge). */
function plainHs256(token: string, mac: (input: string) => Buffer): Record<string, unknown> | undefined {
  const jws = decodeCompactJws(token);
  if (!jws || jws.header.alg !== 'HS256' || 'exp' in jws.payload || 'nbf' in jws.payload) return undefined;
  // The signature's text is compared, as jsonwebtoken does: a base64url string has other spellings of the same bytes.
  const given = Buffer.from(jws.signature);
  const expected = Buffer.from(mac(jws.signingInput).toString('base64url'));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
    ? jws.payload
    : undefined;
}

function errorCode(res: Response): string {
  const err = (res.locals as { err?: { details?: { message?: unknown } } }).err;
  const message = err?.details?.message;
  return typeof message === 'string' ? message : 'INVALID_LAUNCH';
}

/**
 * The only place that touches ltijs. ltijs is a process-wide singleton, so this runs once per process
 * (jest gives each test file its own module registry, hence its own ltijs).
 */
export async function createLti(setup: LtiSetup): Promise<Lti> {
  // Required here, not at the top: loading ltijs pulls in mongoose (no connection is opened with a plugin).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Provider: lti } = require('ltijs') as { Provider: LtijsProvider };
  const { handlers } = setup;
  fastLtikJwt(setup.encryptionKey);

  installLaunchValidation({
    ...setup.validation,
    onVerified: (token) => {
      let launch: LaunchContext;
      try {
        launch = launchFromIdToken(token);
      } catch (err) {
        // A claim of the wrong type is the LMS's error (4xx), not an outage of ours (503).
        throw err instanceof InvalidLaunchContext ? new LaunchRejected('INVALID_LAUNCH_CLAIMS') : err;
      }
      return handlers.recordLaunch(launch, String(token.nonce));
    },
  });

  lti.setup(
    setup.encryptionKey,
    { plugin: setup.plugin },
    {
      appRoute: LTI_ROUTES.launch,
      loginRoute: LTI_ROUTES.login,
      keysetRoute: LTI_ROUTES.keys,
      dynRegRoute: LTI_ROUTES.register,
      cookies: setup.cookies,
      // ltijs' default CORS reflects any Origin with credentials.
      cors: false,
      devMode: false,
      tokenMaxAge: TOKEN_MAX_AGE_SECONDS,
      // ltijs' documented hook runs after its helmet and before its routes.
      serverAddon: (app: Express) => {
        if (setup.headers) app.use(setup.headers);
      },
    },
  );

  const guard =
    (fn: (req: Request, res: Response) => unknown) =>
    (req: Request, res: Response, next: NextFunction): void => {
      Promise.resolve()
        .then(() => fn(req, res))
        .catch(next);
    };

  /**
   * A session lives only as long as its platform's registration: once an administrator removes or suspends the
   * platform, its ltiks and session cookies, still valid as such, are refused on every request (in other
   * instances once their registry cache expires, 5 s). One cached read per request; a launch has just filled it.
   * False when the request was answered.
   */
  async function platformStillActive(req: Request, res: Response): Promise<boolean> {
    const token = (res.locals as { token?: { iss?: unknown; clientId?: unknown } }).token;
    if (!token || typeof token.iss !== 'string' || typeof token.clientId !== 'string') return true;
    const status = await setup.platformStatus(token.iss, token.clientId);
    if (status === 'active') return true;
    let locale: string | undefined;
    try {
      locale = launchFromSession(token).locale;
    } catch {
      // The page is still refused, in the language the request asks for.
    }
    handlers.onLaunchError(
      req,
      res,
      status === 'unknown' ? 'PLATFORM_REMOVED' : 'PLATFORM_SUSPENDED',
      locale,
    );
    return false;
  }

  lti.onConnect((token: unknown, req: Request, res: Response, next: NextFunction) =>
    guard(async (rq, rs) => {
      if (await platformStillActive(rq, rs)) return handlers.onLaunch(rq, rs, launchFromSession(token));
    })(req, res, next),
  );
  lti.onDeepLinking((_token: unknown, req: Request, res: Response, next: NextFunction) =>
    guard(async (rq, rs) => {
      if (await platformStillActive(rq, rs)) return handlers.onDeepLinking(rq, rs, next);
    })(req, res, next),
  );
  lti.onInvalidToken((req, res) => handlers.onLaunchError(req, res, errorCode(res)));
  lti.onSessionTimeout((req, res) => handlers.onLaunchError(req, res, 'SESSION_NOT_FOUND'));
  lti.onUnregisteredPlatform((req, res) => handlers.onLaunchError(req, res, 'UNREGISTERED_PLATFORM'));
  lti.onInactivePlatform((req, res) => handlers.onLaunchError(req, res, 'PLATFORM_NOT_ACTIVATED'));

  // The plugin's setup cannot fail (our migrations made the schema), so ltijs never reaches its process.exit path.
  // deploy() also installs a SIGINT handler that exits at once; our own shutdown drains and closes the database.
  const sigintBefore = new Set(process.listeners('SIGINT'));
  await lti.deploy({ serverless: true, silent: true });
  for (const listener of process.listeners('SIGINT'))
    if (!sigintBefore.has(listener)) process.off('SIGINT', listener);
  // Before every route the app adds to lti.app (ltijs' own launch route is covered by onConnect above).
  lti.app.use((req: Request, res: Response, next: NextFunction) => {
    platformStillActive(req, res).then((go) => {
      if (go) next();
    }, next);
  });

  return {
    app: lti.app,
    session(res) {
      const locals = res.locals as { token?: unknown; ltik?: unknown };
      if (!locals.token || typeof locals.ltik !== 'string') return undefined;
      return { launch: launchFromSession(locals.token), ltik: locals.ltik };
    },
    deepLinkingResponse(res, items, message) {
      // ltijs' own createDeepLinkingForm fills an unescaped template; we render the form ourselves.
      return lti.DeepLinking.createDeepLinkingMessage((res.locals as { token?: unknown }).token, items, {
        message,
      });
    },
    async serviceCredentials(issuer, clientId) {
      const platform = await lti.getPlatform(issuer, clientId);
      if (!platform) return undefined;
      const [kid, privateKey, tokenEndpoint, authorizationServer] = await Promise.all([
        platform.platformKid(),
        platform.platformPrivateKey(),
        platform.platformAccessTokenEndpoint(),
        platform.platformAuthorizationServer(),
      ]);
      if (!privateKey) return undefined;
      return {
        kid,
        privateKey,
        tokenEndpoint,
        audience: authorizationServer || tokenEndpoint,
        hosts: await hostsOf(platform, setup.validation.requireHttps),
      };
    },
    async platformHosts(issuer, clientId) {
      const platform = await lti.getPlatform(issuer, clientId);
      return platform ? hostsOf(platform, setup.validation.requireHttps) : undefined;
    },
    async close() {
      await lti.close({ silent: true });
    },
  };
}
