import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import jwt from 'jsonwebtoken';
import { createExpressServer } from '../../src/http/express-server';
import {
  AccessTokens,
  base64urlJson,
  checkAuthorizationRequest,
  checkClientAssertion,
  generateSigningKey,
  Gradebook,
  publishedJwk,
  signRs256,
  signRs256InBackground,
  type AuthorizationRequest,
  type SigningKey,
} from '../../src/demo/platform-kit';

export { generateSigningKey, type AuthorizationRequest, type SigningKey };

/**
 * A simulated LMS for tests and the benchmark: real RSA keys, a real JWKS endpoint, the OIDC authorization
 * step, an OAuth2 token endpoint that verifies the tool's signed client assertion, and AGS/NRPS endpoints
 * that record what the tool sent. It plays Moodle's part (mod/lti) without Moodle, which cannot run here: Moodle's
 * URLs, roles and quirks are here; the platform's crypto, checks and gradebook rules are the demo LMS's too
 * (src/demo/platform-kit.ts).
 */

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  sysAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  instAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
} as const;

/**
 * The roles Moodle 4.5 sends per Moodle role (mod/lti/locallib.php: `lti_get_ims_role` gives `Instructor` to
 * whoever holds mod/lti:manage, which the teacher, editingteacher and manager archetypes all have, and `Learner`
 * to everyone else; a site admin loses Learner and gains the sysrole and instrole Administrator; `lti_sign_jwt`
 * turns them into these LIS v2 URIs). A non-editing teacher is indistinguishable from an editing one: no
 * `membership/Instructor#TeachingAssistant`, nothing else.
 */
export const MOODLE_ROLES = {
  student: () => [ROLE.learner],
  editingTeacher: () => [ROLE.instructor],
  nonEditingTeacher: () => [ROLE.instructor],
  siteAdmin: () => [ROLE.instructor, ROLE.sysAdmin, ROLE.instAdmin],
} satisfies Record<string, () => string[]>;

export interface LmsUser {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles: string[];
  locale?: string;
}

/** How to sign (or mis-sign) the next id_token, for the security cases. */
export type Signing =
  | { kind: 'lms' }
  | { kind: 'foreign-key' }
  | { kind: 'unknown-kid' }
  | { kind: 'no-kid' }
  | { kind: 'alg-none' }
  | { kind: 'hs256-with-public-key' }
  /** RS256 with a 1024-bit key that the LMS does publish: too short for RFC 7518 §3.3. */
  | { kind: 'weak-key' };

export interface LaunchOptions {
  user?: LmsUser;
  /** Claims merged over the defaults; a value of undefined removes the claim. */
  claims?: Record<string, unknown>;
  signing?: Signing;
  /** Shift iat/exp relative to now, in seconds. */
  iatOffset?: number;
  expOffset?: number;
  context?: { id: string; title?: string; label?: string };
  resourceLink?: { id: string; title?: string };
  deploymentId?: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export class SimulatedLms {
  readonly clientId: string;
  readonly deploymentId: string;
  readonly calls: {
    jwks: number;
    token: RecordedCall[];
    scores: RecordedCall[];
    lineItems: RecordedCall[];
    memberships: RecordedCall[];
  } = {
    jwks: 0,
    token: [],
    scores: [],
    lineItems: [],
    memberships: [],
  };
  /** Fail service calls (token, AGS, NRPS) with this status while set; undefined: answer normally. */
  failServicesWith: number | undefined;
  /** The gradebook, with Moodle's rules for scores (a stale timestamp 409, a deleted line item 404). */
  readonly gradebook = new Gradebook();
  /** Per line item path and user (gradeKey), the score held and its time in whole seconds. */
  readonly grades = this.gradebook.grades;
  /** Line item paths deleted in the course (Moodle answers 404 "Grade item … doesn't exist"). */
  readonly deletedLineItems = this.gradebook.deletedLineItems;
  /** Store this many scores but drop the connection instead of answering (the answer lost on the way back). */
  loseScoreAnswers = 0;
  /** Delay every service answer by this many ms (a slow LMS). */
  serviceDelayMs = 0;
  /**
   * The service scopes the tool type may use (Moodle: from its "IMS LTI Assignment and Grade Services" and other
   * service settings); undefined: any. A token request for none of them gets 400 invalid_scope, as token.php does.
   */
  permittedScopes: string[] | undefined;
  members: Array<{ user_id: string; name?: string; email?: string; roles: string[]; status?: string }> = [];
  /** While set, memberships answers carry `Link: <this>; rel="next"` (a platform that pages elsewhere). */
  membershipsNextLink: string | undefined;
  /**
   * While set, the roster is served in `count` pages instead of `members`: page n (`?page=n`, from 1) holds
   * `members(n)` and links the next one with `rel="next"`, as a platform that pages its roster does.
   */
  rosterPages: { count: number; members(page: number): SimulatedLms['members'] } | undefined;
  /** Where the tool publishes its keys, to verify client assertions at the token endpoint. */
  toolKeyset: (() => Promise<{ keys: crypto.JsonWebKey[] }>) | undefined;

  private key!: SigningKey;
  private foreignKey!: SigningKey;
  private weakKey!: SigningKey;
  /** Also publish a 1024-bit RSA key in the JWKS (for the 'weak-key' security case; off, as in Moodle). */
  publishWeakKey = false;
  private server!: http.Server;
  private base!: string;
  private pending = new Map<string, LaunchOptions>();

  private constructor(options: { clientId?: string; deploymentId?: string }) {
    this.clientId = options.clientId ?? `client-${crypto.randomBytes(4).toString('hex')}`;
    this.deploymentId = options.deploymentId ?? '1';
  }

  static async start(options: { clientId?: string; deploymentId?: string } = {}): Promise<SimulatedLms> {
    const lms = new SimulatedLms(options);
    [lms.key, lms.foreignKey, lms.weakKey] = await Promise.all([
      generateSigningKey(),
      generateSigningKey(),
      generateSigningKey(1024),
    ]);
    await lms.listen();
    return lms;
  }

  /** The issuer is the LMS's base URL, as Moodle's wwwroot is. */
  get issuer(): string {
    return this.base;
  }
  get jwksUrl(): string {
    return `${this.base}/mod/lti/certs.php`;
  }
  get authUrl(): string {
    return `${this.base}/mod/lti/auth.php`;
  }
  get tokenUrl(): string {
    return `${this.base}/mod/lti/token.php`;
  }
  get kid(): string {
    return this.key.kid;
  }

  /** The gradebook's key of a user's grade in a line item (its URL or path; the query string is ignored). */
  gradeKey(lineitem: string, userId: string): string {
    return this.gradebook.key(lineitem, userId);
  }

  /** Key rotation: a new signing key, published in the JWKS alongside nothing else. */
  async rotateKey(): Promise<void> {
    this.key = await generateSigningKey();
  }

  /** What the tool's platform registration needs (the values Moodle shows in "Tool configuration details"). */
  registration(toolName = 'Simulated Moodle') {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      name: toolName,
      authEndpoint: this.authUrl,
      tokenEndpoint: this.tokenUrl,
      keysetUrl: this.jwksUrl,
      deploymentIds: [this.deploymentId],
    };
  }

  /** The login initiation Moodle sends (lti_build_login_request). */
  loginParams(toolLaunchUrl: string, user: LmsUser, options: LaunchOptions = {}): Record<string, string> {
    const hint = crypto.randomBytes(8).toString('hex');
    this.pending.set(hint, { ...options, user });
    return {
      iss: this.issuer,
      login_hint: user.sub,
      target_link_uri: toolLaunchUrl,
      lti_message_hint: hint,
      client_id: this.clientId,
      lti_deployment_id: options.deploymentId ?? this.deploymentId,
    };
  }

  /**
   * The platform's answer to the tool's authentication request: checks it as Moodle's auth.php does and
   * returns the form fields it would auto-post to redirect_uri.
   */
  authorize(req: AuthorizationRequest): { id_token: string; state: string; redirect_uri: string } {
    const { claims, signing, state, redirect_uri } = this.checkAuthorization(req);
    return { id_token: this.signIdToken(claims, signing), state, redirect_uri };
  }

  /**
   * authorize() for the HTTP endpoint: a normally signed id_token is signed on libuv's thread pool, so that the
   * RSA signature (the most expensive step of a launch on either side) does not hold up this process's event loop,
   * which in the benchmark also plays every browser. The token is the same as authorize() would sign.
   */
  async authorizeInBackground(
    req: AuthorizationRequest,
  ): Promise<{ id_token: string; state: string; redirect_uri: string }> {
    const { claims, signing, state, redirect_uri } = this.checkAuthorization(req);
    if (signing.kind !== 'lms') return { id_token: this.signIdToken(claims, signing), state, redirect_uri };
    return { id_token: await signRs256InBackground(claims, this.key), state, redirect_uri };
  }

  private checkAuthorization(req: AuthorizationRequest): {
    claims: Record<string, unknown>;
    signing: Signing;
    state: string;
    redirect_uri: string;
  } {
    const checked = checkAuthorizationRequest(req, this.clientId);
    if (!checked.ok) throw new Error(checked.error);
    const { lti_message_hint, login_hint, nonce, redirect_uri, state } = checked.request;
    const options = this.pending.get(lti_message_hint);
    if (!options?.user) throw new Error('invalid_request: unknown lti_message_hint');
    this.pending.delete(lti_message_hint);
    if (login_hint !== options.user.sub) throw new Error('login_required');
    return {
      claims: this.idTokenClaims(options, nonce, redirect_uri),
      signing: options.signing ?? { kind: 'lms' },
      state,
      redirect_uri,
    };
  }

  /** Claims of Moodle's "Select content" request (mod/lti auth.php): accept_multiple arrives as a string. */
  deepLinkingClaims(
    acceptMultiple: string | boolean = 'true',
    acceptTypes = ['ltiResourceLink'],
  ): Record<string, unknown> {
    const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
    return {
      [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
      [`${LTI}resource_link`]: undefined,
      [`${DL}deep_linking_settings`]: {
        deep_link_return_url: `${this.base}/mod/lti/contentitem_return.php?course=2&id=1&sesskey=abc`,
        accept_types: acceptTypes,
        accept_presentation_document_targets: ['frame', 'iframe', 'window'],
        accept_multiple: acceptMultiple,
        auto_create: false,
        data: 'opaque-moodle-data',
      },
    };
  }

  idTokenClaims(options: LaunchOptions, nonce: string, targetLinkUri: string): Record<string, unknown> {
    const user = options.user!;
    const now = Math.floor(Date.now() / 1000);
    const iat = now + (options.iatOffset ?? 0);
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      sub: user.sub,
      iat,
      exp: now + 60 + (options.expOffset ?? 0),
      nonce,
      name: user.name,
      given_name: user.given_name,
      family_name: user.family_name,
      email: user.email,
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: options.deploymentId ?? this.deploymentId,
      [`${LTI}target_link_uri`]: targetLinkUri,
      [`${LTI}resource_link`]: options.resourceLink ?? { id: 'link-1', title: 'Digital literacy basics' },
      [`${LTI}roles`]: user.roles,
      [`${LTI}context`]: options.context ?? { id: 'course-1', label: 'DIGI101', title: 'Digital skills 101' },
      [`${LTI}tool_platform`]: {
        name: 'Simulated Moodle',
        product_family_code: 'moodle',
        version: '2024100700',
      },
      [`${LTI}launch_presentation`]: {
        locale: user.locale ?? 'th',
        document_target: 'iframe',
        return_url: `${this.base}/mod/lti/return.php`,
      },
      [`${LTI}custom`]: {},
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: [
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
        ],
        lineitems: `${this.base}/mod/lti/services.php/2/lineitems?type_id=1`,
        lineitem: `${this.base}/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1`,
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: `${this.base}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`,
        service_versions: ['1.0', '2.0'],
      },
    };
    for (const [k, v] of Object.entries(options.claims ?? {})) {
      if (v === undefined) delete claims[k];
      else claims[k] = v;
    }
    for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
    return claims;
  }

  signIdToken(claims: Record<string, unknown>, signing: Signing): string {
    switch (signing.kind) {
      case 'lms':
        return signRs256(claims, this.key);
      case 'foreign-key':
        // Signed by a key the LMS never published, but claiming the LMS's kid.
        return jwt.sign(claims, this.foreignKey.privateKey, { algorithm: 'RS256', keyid: this.key.kid });
      case 'unknown-kid':
        return jwt.sign(claims, this.foreignKey.privateKey, {
          algorithm: 'RS256',
          keyid: 'kid-nobody-published',
        });
      case 'no-kid':
        return jwt.sign(claims, this.key.privateKey, { algorithm: 'RS256' });
      case 'weak-key':
        return jwt.sign(claims, this.weakKey.privateKey, {
          algorithm: 'RS256',
          keyid: this.weakKey.kid,
          allowInsecureKeySizes: true,
        });
      case 'alg-none': {
        return `${base64urlJson({ alg: 'none', typ: 'JWT', kid: this.key.kid })}.${base64urlJson(claims)}.`;
      }
      case 'hs256-with-public-key': {
        // The classic key-confusion attack: HMAC keyed with the PEM of the public key the tool trusts.
        const pem = this.key.publicKey.export({ type: 'spki', format: 'pem' });
        const input = `${base64urlJson({ alg: 'HS256', typ: 'JWT', kid: this.key.kid })}.${base64urlJson(claims)}`;
        return `${input}.${crypto.createHmac('sha256', pem).update(input).digest('base64url')}`;
      }
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.delays) clearTimeout(timer);
    for (const release of this.held?.splice(0) ?? []) release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private record(list: RecordedCall[], req: express.Request): void {
    list.push({
      method: req.method,
      path: req.originalUrl,
      headers: req.headers,
      body: req.body as unknown,
      at: Date.now(),
    });
  }

  /** Service answers held until released (a stalled LMS, with no clock involved). */
  private held: Array<() => void> | undefined;

  /** Holds every service answer (token, AGS, NRPS) until the returned function is called. */
  holdServices(): () => void {
    const waiting: Array<() => void> = [];
    this.held = waiting;
    return () => {
      if (this.held === waiting) this.held = undefined;
      for (const release of waiting.splice(0)) release();
    };
  }

  private async serviceGate(res: express.Response): Promise<boolean> {
    const held = this.held;
    if (held) await new Promise<void>((r) => held.push(r));
    if (this.serviceDelayMs)
      await new Promise<void>((r) => {
        const timer = setTimeout(() => {
          this.delays.delete(timer);
          r();
        }, this.serviceDelayMs);
        this.delays.add(timer);
      });
    if (this.failServicesWith) {
      res.status(this.failServicesWith).json({ error: 'simulated failure' });
      return false;
    }
    return true;
  }

  private async verifyBearer(req: express.Request, res: express.Response): Promise<boolean> {
    if (!this.accessTokens.accepts(req.headers.authorization)) {
      res.status(401).json({ error: 'invalid_token' });
      return false;
    }
    return true;
  }

  private readonly accessTokens = new AccessTokens();
  /** Pending service delays, cleared on stop so that a stalled call does not keep the process alive. */
  private readonly delays = new Set<NodeJS.Timeout>();
  /** One-time tokens for Dynamic Registration, as Moodle hands one to the tool's registration URL. */
  private registrationTokens = new Set<string>();
  readonly registrations: RecordedCall[] = [];
  /** Make the OpenID configuration claim another issuer (an impostor platform). */
  configurationIssuer: string | undefined;

  get openidConfigurationUrl(): string {
    return `${this.base}/mod/lti/openid-configuration.php`;
  }

  /** What Moodle appends to the tool's registration URL when an admin registers by URL. */
  startRegistration(): { openid_configuration: string; registration_token: string } {
    const token = crypto.randomBytes(12).toString('hex');
    this.registrationTokens.add(token);
    return { openid_configuration: this.openidConfigurationUrl, registration_token: token };
  }

  private listen(): Promise<void> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(
      express.json({
        type: [
          'application/json',
          'application/vnd.ims.lis.v1.score+json',
          'application/vnd.ims.lis.v2.lineitem+json',
        ],
      }),
    );

    app.get('/mod/lti/certs.php', (_req, res) => {
      this.calls.jwks += 1;
      // The weak key, when published, leaves its size as the only thing the tool can refuse it for.
      res.json({
        keys: [publishedJwk(this.key), ...(this.publishWeakKey ? [publishedJwk(this.weakKey)] : [])],
      });
    });

    app.get('/mod/lti/openid-configuration.php', (_req, res) => {
      res.json({
        issuer: this.configurationIssuer ?? this.issuer,
        token_endpoint: this.tokenUrl,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256'],
        jwks_uri: this.jwksUrl,
        authorization_endpoint: this.authUrl,
        registration_endpoint: `${this.base}/mod/lti/openid-registration.php`,
        scopes_supported: [
          'openid',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        ],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public', 'pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': {
          product_family_code: 'moodle',
          version: '4.5',
          messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
        },
      });
    });

    // Moodle's openid-registration.php: Bearer registration token, single use; the tool starts as Pending there.
    app.post('/mod/lti/openid-registration.php', (req, res) => {
      this.registrations.push({
        method: req.method,
        path: req.originalUrl,
        headers: req.headers,
        body: req.body as unknown,
        at: Date.now(),
      });
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.registrationTokens.delete(token)) {
        res.status(401).json({ error: 'token_already_used' });
        return;
      }
      const body = req.body as Record<string, unknown>;
      if (!Array.isArray(body.redirect_uris) || body.token_endpoint_auth_method !== 'private_key_jwt') {
        res.status(400).json({ error: 'invalid_client_metadata' });
        return;
      }
      res.json({
        ...body,
        client_id: this.clientId,
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          ...(body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object),
          deployment_id: this.deploymentId,
        },
      });
    });

    app.all('/mod/lti/auth.php', async (req, res) => {
      try {
        const out = await this.authorizeInBackground({
          ...(req.query as AuthorizationRequest),
          ...(req.body as AuthorizationRequest),
        });
        res
          .type('html')
          .send(
            `<form method="post" action="${out.redirect_uri}"><input type="hidden" name="id_token" value="${out.id_token}"><input type="hidden" name="state" value="${out.state}"></form>`,
          );
      } catch (err) {
        res
          .status(400)
          .type('text')
          .send((err as Error).message);
      }
    });

    app.post('/mod/lti/token.php', async (req, res) => {
      this.record(this.calls.token, req);
      if (!(await this.serviceGate(res))) return;
      const body = req.body as Record<string, string>;
      const refused = await checkClientAssertion(body, {
        clientId: this.clientId,
        tokenUrl: this.tokenUrl,
        toolKeys: async () => (this.toolKeyset ? (await this.toolKeyset()).keys : []),
      });
      if (refused) {
        res
          .status(refused.error === 'invalid_client' ? 401 : 400)
          .json(
            refused.error === 'invalid_client'
              ? { error: refused.error, error_description: refused.description }
              : { error: refused.error },
          );
        return;
      }
      const permitted = this.permittedScopes;
      if (permitted && !(body.scope ?? '').split(' ').some((scope) => permitted.includes(scope))) {
        res.status(400).json({ error: 'invalid_scope' });
        return;
      }
      res.json({
        access_token: this.accessTokens.issue(),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: body.scope ?? '',
      });
    });

    app.post(/^\/mod\/lti\/services\.php\/\d+\/lineitems\/\d+\/lineitem\/scores$/, async (req, res) => {
      this.record(this.calls.scores, req);
      if (!(await this.serviceGate(res)) || !(await this.verifyBearer(req, res))) return;
      // As Moodle's ltiservice_gradebookservices scores resource: a deleted grade item is 404; a score whose
      // timestamp is not newer (in whole seconds) than the grade held is refused with 409.
      const taken = this.gradebook.receive(req.path.replace(/\/scores$/, ''), req.body);
      if (taken.status !== 200) {
        res.status(taken.status).send(taken.message);
        return;
      }
      if (this.loseScoreAnswers > 0) {
        this.loseScoreAnswers -= 1;
        req.socket.destroy();
        return;
      }
      res.status(200).json({});
    });

    app.all(/^\/mod\/lti\/services\.php\/\d+\/lineitems/, async (req, res) => {
      this.record(this.calls.lineItems, req);
      if (!(await this.serviceGate(res)) || !(await this.verifyBearer(req, res))) return;
      res
        .status(req.method === 'POST' ? 201 : 200)
        .json(
          req.method === 'POST'
            ? { id: `${this.base}/mod/lti/services.php/2/lineitems/8/lineitem`, ...(req.body as object) }
            : [],
        );
    });

    app.get(
      /^\/mod\/lti\/services\.php\/CourseSection\/\d+\/bindings\/\d+\/memberships$/,
      async (req, res) => {
        this.record(this.calls.memberships, req);
        if (!(await this.serviceGate(res)) || !(await this.verifyBearer(req, res))) return;
        if (this.membershipsNextLink) res.set('Link', `<${this.membershipsNextLink}>; rel="next"`);
        const pages = this.rosterPages;
        const page = Number(req.query.page ?? 1);
        if (pages && page < pages.count)
          res.set('Link', `<${this.base}${req.path}?page=${page + 1}>; rel="next"`);
        res.type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json').json({
          id: `${this.base}${req.path}`,
          context: { id: 'course-1', label: 'DIGI101', title: 'Digital skills 101' },
          members: pages ? pages.members(page) : this.members,
        });
      },
    );

    // As the tool's server does: requests born with express' prototypes, so that the LMS (in the benchmark, in the
    // load generator's process) does not pay a GC pause per prototype change.
    this.server = createExpressServer(app);
    // Idle keep-alive connections are closed by the client, as the tool's server arranges it: with Node's 5 s, a
    // load generator whose event loop lags behind (the soak's backlog) could send a request on a connection the
    // LMS had just closed, and get "socket hang up".
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }
}

export function user(overrides: Partial<LmsUser> = {}): LmsUser {
  const id = crypto.randomBytes(4).toString('hex');
  return {
    sub: `u-${id}`,
    name: 'สมหญิง รักเรียน',
    given_name: 'สมหญิง',
    family_name: 'รักเรียน',
    email: `somying.${id}@example.go.th`,
    roles: [ROLE.learner],
    locale: 'th',
    ...overrides,
  };
}
