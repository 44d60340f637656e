import express, { type Request, type Response, type Router } from 'express';
import { exportJWK } from 'jose';
import type { ServiceCredentials } from './ags-client';
import type { JwksCache } from './jwks-cache';
import type { LaunchContext } from './launch-context';
import { startLogin, type LoginParams, type LoginStarted } from './login';
import type { PlatformHosts } from './platform-hosts';
import type { LaunchPlatforms, LaunchRecorder, LoginStateStore, SessionStore, ToolKeys } from './ports';
import { recordLaunch, type Recorded } from './record';
import { createSessions, sessionOf, type SessionRefusal } from './session';
import { deepLinkingResponse } from './tool-messages';
import { signValue, toolSecrets, unsignValue } from './tool-secrets';
import { registrationHosts, validateIdToken, type Validated } from './validate';

/** The routes we give Moodle: "Initiate login URL", "Redirection URI(s)" / "Tool URL", "Public keyset URL". */
export const LTI_ROUTES = {
  login: '/lti/login',
  launch: '/lti/launch',
  keys: '/lti/keys',
  register: '/lti/register',
} as const;

export interface LtiSetup {
  encryptionKey: string;
  cookies: { secure: boolean; sameSite: 'None' | 'Lax' };
  platforms: LaunchPlatforms;
  toolKeys: ToolKeys;
  loginStates: LoginStateStore;
  recorder: LaunchRecorder;
  sessions: SessionStore;
  jwks: JwksCache;
  clockSkewSeconds: number;
  /** Service URLs and deep-linking return addresses must be https (production), not only http(s). */
  requireHttps: boolean;
  /** A request of a session refused (no ltik, a forged one, no session cookie, a platform removed, ...). */
  onSessionRefused(req: Request, res: Response, reason: SessionRefusal, locale?: string): void;
  now?: () => number;
}

/**
 * The tool's LTI side, each step a function with a typed result (src/lti/login.ts, validate.ts, record.ts,
 * session.ts); src/http/routes/launch.routes.ts runs them for the login and launch requests.
 */
export interface Lti {
  /**
   * Routes of a session (/app/*, the launch page) go on this router: it parses form and JSON bodies (100 kB) and
   * passes only requests that carry a valid session (sessionOf / session() then give it).
   */
  app: Router;
  /** The session of a request that passed `app`'s check, or undefined. */
  session(res: Response): { launch: LaunchContext; ltik: string } | undefined;
  /** Step 1: the login initiation's answer. A registry or database failure rejects. */
  login(params: LoginParams): Promise<LoginStarted>;
  /** Step 2: the posted id_token, held to the login whose state cookie the browser brought (see stateCookie). */
  validate(idToken: string, loginIssuer: string | undefined): Promise<Validated>;
  /** Step 3: the verified launch written with its login consumed and its session stored. */
  record(launch: LaunchContext, login: { state: string; nonce: string }): Promise<Recorded>;
  /** Step 4: the session's cookie set on the response; returns its ltik. */
  startSession(
    res: Response,
    recorded: { tenantId: number; sessionId: string },
    launch: LaunchContext,
  ): string;
  /** The state cookie of a login: set when it starts, read and cleared when its launch comes back. */
  stateCookie: {
    set(res: Response, state: string, issuer: string): void;
    /** The issuer the login was started for, if the browser brought its cookie. */
    issuer(req: Request, state: string): string | undefined;
    clear(res: Response, state: string): void;
  };
  /** The tool's public keys as a JWK set (RFC 7517 §5), for `/lti/keys`. */
  keyset(): Promise<{ keys: object[] }>;
  /** The signed LtiDeepLinkingResponse JWT for this session's deep-linking request (RS256, the tool's key). */
  deepLinkingResponse(res: Response, items: object[], message?: string): Promise<string>;
  /** The tool's key and the platform's token endpoint, to call its services (AGS, NRPS); undefined if unknown. */
  serviceCredentials(issuer: string, clientId: string): Promise<ServiceCredentials | undefined>;
  /** The hosts of a registered platform (see platform-hosts.ts); undefined if it is not registered. */
  platformHosts(issuer: string, clientId: string): Promise<PlatformHosts | undefined>;
  close(): Promise<void>;
}

/** The login's state cookie lives a minute, as Moodle's id_token does (and as ltijs' did). */
const STATE_COOKIE_MS = 60_000;

export function createLti(setup: LtiSetup): Lti {
  const secrets = toolSecrets(setup.encryptionKey);
  const sessions = createSessions({
    store: setup.sessions,
    platforms: setup.platforms,
    secrets,
    cookies: setup.cookies,
    now: setup.now,
  });
  const cookieOptions = {
    secure: setup.cookies.secure,
    httpOnly: true,
    sameSite: setup.cookies.sameSite.toLowerCase() as 'none' | 'lax',
    path: '/',
  };
  const stateCookieName = (state: string) => `state${state}`;

  const app = express.Router();
  // Forms and JSON up to 100 kB (body-parser's default); a route that takes more holds its body (held-body.ts).
  app.use(express.urlencoded({ extended: false }), express.json());
  app.use(sessions.gate(setup.onSessionRefused));

  return {
    app,
    session: sessionOf,
    login: (params) => startLogin(setup, params),
    validate: (idToken, loginIssuer) =>
      validateIdToken(
        {
          platforms: setup.platforms,
          jwks: setup.jwks,
          clockSkewSeconds: setup.clockSkewSeconds,
          requireHttps: setup.requireHttps,
          now: setup.now,
        },
        idToken,
        loginIssuer,
      ),
    record: (launch, login) => recordLaunch(setup.recorder, launch, login),
    startSession: (res, recorded, launch) => sessions.start(res, recorded, launch),
    stateCookie: {
      set(res, state, issuer) {
        res.cookie(stateCookieName(state), signValue(issuer, secrets.cookies), {
          ...cookieOptions,
          maxAge: STATE_COOKIE_MS,
        });
      },
      issuer(req, state) {
        const name = stateCookieName(state);
        for (const part of (req.headers.cookie ?? '').split(';')) {
          const eq = part.indexOf('=');
          if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
          try {
            return unsignValue(decodeURIComponent(part.slice(eq + 1).trim()), secrets.cookies);
          } catch {
            return undefined;
          }
        }
        return undefined;
      },
      clear(res, state) {
        res.clearCookie(stateCookieName(state), cookieOptions);
      },
    },
    async keyset() {
      const keys = await setup.toolKeys.publicKeys();
      return {
        keys: await Promise.all(
          keys.map(async ({ kid, key }) => ({ ...(await exportJWK(key)), kid, alg: 'RS256', use: 'sig' })),
        ),
      };
    },
    async deepLinkingResponse(res, items, message) {
      const session = sessionOf(res);
      if (!session) throw new Error('no session');
      const { launch } = session;
      const signing = await setup.toolKeys.signingKey(launch.issuer, launch.clientId);
      if (!signing) throw new Error('the platform is not registered');
      return deepLinkingResponse(launch, signing, items, message);
    },
    async serviceCredentials(issuer, clientId) {
      const [platform, signing] = await Promise.all([
        setup.platforms.find(issuer, clientId),
        setup.toolKeys.signingKey(issuer, clientId),
      ]);
      if (!platform || !signing) return undefined;
      return {
        kid: signing.kid,
        privateKey: signing.key,
        tokenEndpoint: platform.tokenEndpoint,
        audience: platform.authorizationServer || platform.tokenEndpoint,
        hosts: registrationHosts(platform, setup.requireHttps),
      };
    },
    async platformHosts(issuer, clientId) {
      const platform = await setup.platforms.find(issuer, clientId);
      return platform ? registrationHosts(platform, setup.requireHttps) : undefined;
    },
    async close() {
      // Nothing of its own to close: the database and the outbound client belong to the app.
    },
  };
}
