import crypto, { type JsonWebKey, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';

/*
 * The platform's half of LTI 1.3, once: what the demo LMS (src/demo/demo-platform.ts) and the simulated Moodle of
 * the tests and benchmarks (test/support/simulated-lms.ts) both do with real crypto. Signing keys and their JWKS, the
 * RS256 id_token, the checks of the tool's authentication request (OIDC Core §3.1.2.1, LTI Security Framework §5.1.1),
 * the OAuth2 token endpoint's check of the tool's signed client assertion (LTI Security Framework §4.1, RFC 7523),
 * the access tokens it hands out, and the gradebook's rules for AGS scores (as Moodle's ltiservice_gradebookservices
 * applies them). Each side wraps these in its own routes and defaults (the demo's course, Moodle's URLs and quirks).
 */

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh RSA key pair; its kid is derived from the public key (a thumbprint), so a new key has a new kid. */
export async function generateSigningKey(modulusLength = 2048): Promise<SigningKey> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
    (resolve, reject) =>
      crypto.generateKeyPair('rsa', { modulusLength }, (err, pub, priv) =>
        err ? reject(err) : resolve({ publicKey: pub, privateKey: priv }),
      ),
  );
  const kid = crypto
    .createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  return { kid, privateKey, publicKey };
}

/** A key as the platform's JWKS endpoint publishes it. */
export function publishedJwk(key: SigningKey): JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' } {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
}

/** A JWS part: the JSON of an object, base64url-encoded. */
export const base64urlJson = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Header and claims of a JWT signed with key (RS256): what the signature covers. */
function signingInput(claims: object, key: SigningKey): string {
  return `${base64urlJson({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${base64urlJson(claims)}`;
}

/** A compact RS256 JWT of exactly these claims (iat, exp, iss and aud included by the caller). */
export function signRs256(claims: object, key: SigningKey): string {
  const input = signingInput(claims, key);
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/**
 * signRs256 on libuv's thread pool, so that the RSA signature (the most expensive step of a launch on either side)
 * does not hold up the event loop of a process that also plays every browser (the benchmark's load generator).
 */
export async function signRs256InBackground(claims: object, key: SigningKey): Promise<string> {
  const input = signingInput(claims, key);
  const signature = await new Promise<Buffer>((resolve, reject) =>
    crypto.sign('sha256', Buffer.from(input), key.privateKey, (err, sig) =>
      err ? reject(err) : resolve(sig),
    ),
  );
  return `${input}.${signature.toString('base64url')}`;
}

/** The tool's authentication request (the OIDC login's redirect to the platform), as received. */
export interface AuthorizationRequest {
  scope?: string;
  response_type?: string;
  response_mode?: string;
  client_id?: string;
  redirect_uri?: string;
  login_hint?: string;
  state?: string;
  nonce?: string;
  prompt?: string;
  lti_message_hint?: string;
}

export type CheckedAuthorizationRequest = Required<
  Pick<AuthorizationRequest, 'redirect_uri' | 'login_hint' | 'state' | 'nonce' | 'lti_message_hint'>
>;

/**
 * Checks an authentication request as a platform's auth endpoint does (Moodle's mod/lti/auth.php): an OIDC implicit
 * request with a form post, for this client, with every parameter the platform needs. Returns the OAuth2 error code
 * (and the detail) of the first problem, or the parameters.
 */
export function checkAuthorizationRequest(
  req: AuthorizationRequest,
  clientId: string,
): { ok: true; request: CheckedAuthorizationRequest } | { ok: false; error: string } {
  if (req.scope !== 'openid' || req.response_type !== 'id_token' || req.response_mode !== 'form_post')
    return { ok: false, error: 'invalid_request: scope/response_type/response_mode' };
  if (req.client_id !== clientId) return { ok: false, error: 'unauthorized_client' };
  if (req.prompt !== undefined && req.prompt !== 'none' && req.prompt !== '')
    return { ok: false, error: 'invalid_request: prompt' };
  const { redirect_uri, login_hint, state, nonce, lti_message_hint } = req;
  if (!redirect_uri || !login_hint || !nonce || !state || !lti_message_hint)
    return { ok: false, error: 'invalid_request: missing parameters' };
  return { ok: true, request: { redirect_uri, login_hint, state, nonce, lti_message_hint } };
}

/**
 * The token endpoint's check of a client-credentials grant with a signed client assertion (RFC 7523 §3): the
 * grant type, an RS256 JWT signed by one of the tool's published keys, addressed to this endpoint, issued by and
 * about the client. Returns the OAuth2 error and a description, or undefined when the grant is good.
 */
export async function checkClientAssertion(
  body: Record<string, unknown>,
  o: { clientId: string; tokenUrl: string; toolKeys: () => Promise<JsonWebKey[]> },
): Promise<{ error: 'unsupported_grant_type' | 'invalid_client'; description: string } | undefined> {
  if (
    body.grant_type !== 'client_credentials' ||
    body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
    typeof body.client_assertion !== 'string'
  )
    return {
      error: 'unsupported_grant_type',
      description: 'a client_credentials grant with a JWT assertion',
    };
  try {
    const header = decodeProtectedHeader(body.client_assertion);
    const jwk = (await o.toolKeys()).find((k) => (k as { kid?: string }).kid === header.kid);
    if (!jwk) throw new Error('unknown tool key');
    const { payload: claims } = await jwtVerify(
      body.client_assertion,
      crypto.createPublicKey({ key: jwk, format: 'jwk' }),
      { algorithms: ['RS256'], audience: o.tokenUrl },
    );
    if (claims.sub !== o.clientId || claims.iss !== o.clientId)
      throw new Error('sub/iss must be the client id');
    return undefined;
  } catch (err) {
    return { error: 'invalid_client', description: (err as Error).message };
  }
}

/** Bearer tokens the token endpoint handed out, and the check of a service request's Authorization header. */
export class AccessTokens {
  private readonly issued = new Set<string>();

  issue(): string {
    const token = crypto.randomBytes(16).toString('hex');
    this.issued.add(token);
    return token;
  }

  accepts(authorization: string | undefined): boolean {
    const auth = authorization ?? '';
    return auth.startsWith('Bearer ') && this.issued.has(auth.slice(7));
  }
}

/** A score as the gradebook holds it: its value and time in whole seconds (Moodle's grade_grades.timemodified). */
export interface HeldGrade {
  scoreGiven: unknown;
  timemodified: number;
  /** The score as received. */
  score?: Record<string, unknown>;
}

/**
 * A gradebook with Moodle's rules for AGS score publish (ltiservice_gradebookservices, the scores resource): per line
 * item and user one grade; a deleted line item is 404; a score without a user or a readable timestamp is 400; a score
 * whose timestamp is not newer, in whole seconds, than the grade held is refused with 409.
 */
export class Gradebook {
  /** Per line item path and user (key()), the grade held. */
  readonly grades = new Map<string, HeldGrade>();
  /** Line item paths deleted in the course (Moodle answers 404 "Grade item … doesn't exist"). */
  readonly deletedLineItems = new Set<string>();

  /** The key of a user's grade in a line item (its URL or path; the query string is ignored). */
  key(lineitem: string, userId: string): string {
    return `${new URL(lineitem, 'http://lms').pathname}\u0000${userId}`;
  }

  /** Takes a score for the line item at path, or says why not (the status and text Moodle answers with). */
  receive(path: string, body: unknown): { status: 200 } | { status: 400 | 404 | 409; message: string } {
    if (this.deletedLineItems.has(path))
      return { status: 404, message: `Not Found: Grade item ${path.split('/').at(-2) ?? ''} doesn't exist.` };
    const score = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const seconds = Math.floor(Date.parse(String(score.timestamp)) / 1000);
    if (typeof score.userId !== 'string' || !Number.isFinite(seconds))
      return { status: 400, message: 'Incorrect score received' };
    const key = this.key(path, score.userId);
    const held = this.grades.get(key);
    if (held && held.timemodified >= seconds)
      return {
        status: 409,
        message: `Refusing score with an earlier timestamp for item ${path} and user ${score.userId}`,
      };
    this.grades.set(key, { scoreGiven: score.scoreGiven, timemodified: seconds, score });
    return { status: 200 };
  }
}
