import type { KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import { CLAIM, MESSAGE_TYPE } from './claims';
import type { JwksCache } from './jwks-cache';
import { decodeCompactJws } from './jws';
import { InvalidLaunchContext, launchFromIdToken, type LaunchContext } from './launch-context';
import { isPlatformUrl, platformHosts, type PlatformHosts } from './platform-hosts';
import type { LaunchPlatforms, RegisteredPlatform } from './ports';
import { containsControlCharacters } from '../shared/control-characters';

/**
 * Step 2 of the launch: the id_token the platform posted, checked as LTI Core 1.3 §5.1.3 and OIDC Core §3.1.3.7
 * ask, before anything is written. The codes are the ones ltijs used, so logs and error pages keep one vocabulary
 * (src/http/routes/launch-errors.ts gives each its sentence).
 */
export type LaunchRefusal =
  // The token as a JWS
  | 'INVALID_JWT_RECEIVED'
  | 'ALG_NOT_RS256'
  | 'KID_NOT_FOUND'
  // Issuer, the login's state cookie, the registration
  | 'NO_ISS_CLAIM'
  | 'MISSING_VALIDATION_COOKIE'
  | 'ISS_CLAIM_DOES_NOT_MATCH'
  | 'UNREGISTERED_PLATFORM'
  | 'NO_AZP_CLAIM'
  | 'AZP_DOES_NOT_MATCH_CLIENTID'
  | 'PLATFORM_NOT_ACTIVATED'
  | 'NO_DEPLOYMENT_ID_CLAIM'
  | 'UNKNOWN_DEPLOYMENT'
  // The signature
  | 'KEYSET_UNREACHABLE'
  | 'KEY_NOT_FOUND'
  | 'INVALID_SIGNATURE'
  | 'AUD_DOES_NOT_MATCH_CLIENTID'
  // Time and nonce
  | 'NO_EXP_CLAIM'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'NO_IAT_CLAIM'
  | 'TOKEN_ISSUED_IN_THE_FUTURE'
  | 'TOKEN_TOO_OLD'
  | 'NO_NONCE_CLAIM'
  // LTI claims
  | 'NO_MESSAGE_TYPE_CLAIM'
  | 'NO_TARGET_LINK_URI_CLAIM'
  | 'NO_RESOURCE_LINK_ID_CLAIM'
  | 'NO_LTI_VERSION_CLAIM'
  | 'WRONG_LTI_VERSION_CLAIM'
  | 'NO_SUB_CLAIM'
  | 'NO_ROLES_CLAIM'
  | 'INVALID_LAUNCH_CLAIMS'
  | 'DEEP_LINK_RETURN_URL_REFUSED'
  // Ours, not the platform's: a registry read failed.
  | 'TEMPORARILY_UNAVAILABLE';

export type Validated =
  | {
      ok: true;
      launch: LaunchContext;
      /** The nonce the token carries, to be matched with the login's. */
      nonce: string;
      /** Service URLs dropped from the launch because they are not on the platform's hosts (named by claim). */
      ignoredServiceUrls: string[];
    }
  | { ok: false; reason: LaunchRefusal; cause?: unknown };

export interface ValidateDeps {
  platforms: LaunchPlatforms;
  jwks: JwksCache;
  clockSkewSeconds: number;
  /** Service URLs and deep-linking return addresses must be https (production), not only http(s). */
  requireHttps: boolean;
  now?: () => number;
}

/** Moodle's id_tokens live 60 s; older ones are refused whatever their exp says (measured from iat). */
export const TOKEN_MAX_AGE_SECONDS = 60;

class Refused extends Error {
  constructor(readonly reason: LaunchRefusal) {
    super(reason);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks, in this order (the first that fails is the refusal): a compact JWS with alg RS256 and a kid; an issuer,
 * the one the login was started for (the state cookie); a registration for the issuer and one of the audiences;
 * azp (an audience list needs one, and it must be us); the platform active; a registered deployment id; the
 * signature, with the platform's key of that kid (RSA, 2048 bits or more); the audience; exp, nbf and iat within
 * the clock skew, and iat no older than 60 s; a nonce; the LTI claims (message type, target link, resource link,
 * version 1.3.0, sub, roles); no control characters; the platform's hosts for the addresses the tool will use.
 * `loginIssuer` is the state cookie's issuer, undefined when the browser brought none.
 */
export async function validateIdToken(
  deps: ValidateDeps,
  idToken: string,
  loginIssuer: string | undefined,
): Promise<Validated> {
  try {
    return await validate(deps, idToken, loginIssuer);
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.reason };
    // A database failure reading the registry is not the user's fault (503).
    return { ok: false, reason: 'TEMPORARILY_UNAVAILABLE', cause: err };
  }
}

async function validate(
  deps: ValidateDeps,
  idToken: string,
  loginIssuer: string | undefined,
): Promise<Validated> {
  const decoded = decodeCompactJws(idToken);
  if (!decoded) throw new Refused('INVALID_JWT_RECEIVED');
  const { header, payload } = decoded;
  if (header.alg !== 'RS256') throw new Refused('ALG_NOT_RS256');
  if (typeof header.kid !== 'string' || !header.kid) throw new Refused('KID_NOT_FOUND');

  const iss = str(payload.iss);
  if (!iss) throw new Refused('NO_ISS_CLAIM');
  if (!loginIssuer) throw new Refused('MISSING_VALIDATION_COOKIE');
  if (loginIssuer !== iss) throw new Refused('ISS_CLAIM_DOES_NOT_MATCH');

  const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
    (a): a is string => typeof a === 'string' && a.length > 0,
  );
  let platform: RegisteredPlatform | undefined;
  for (const aud of audiences) {
    platform = await deps.platforms.find(iss, aud);
    if (platform) break;
  }
  if (!platform) throw new Refused('UNREGISTERED_PLATFORM');
  const { clientId } = platform;
  // OIDC Core §3.1.3.7: an audience list needs an azp (authorised party), and an azp must name us.
  if (Array.isArray(payload.aud) && payload.azp === undefined) throw new Refused('NO_AZP_CLAIM');
  if (payload.azp !== undefined && payload.azp !== clientId) throw new Refused('AZP_DOES_NOT_MATCH_CLIENTID');
  if (!platform.active) throw new Refused('PLATFORM_NOT_ACTIVATED');

  const deploymentId = str(payload[CLAIM.deploymentId]);
  if (!deploymentId) throw new Refused('NO_DEPLOYMENT_ID_CLAIM');
  if (!(await deps.platforms.isDeploymentRegistered(iss, clientId, deploymentId)))
    throw new Refused('UNKNOWN_DEPLOYMENT');

  const key = await verificationKey(platform, header.kid, deps.jwks);
  if (!(await verifyRs256(idToken, key))) throw new Refused('INVALID_SIGNATURE');
  if (!audiences.includes(clientId)) throw new Refused('AUD_DOES_NOT_MATCH_CLIENTID');

  const now = (deps.now ?? Date.now)() / 1000;
  checkTimes(payload, deps.clockSkewSeconds, now);
  const nonce = str(payload.nonce);
  if (!nonce) throw new Refused('NO_NONCE_CLAIM');
  checkLtiClaims(payload);
  // A platform clock that runs ahead makes iat look young; one that runs behind is forgiven by the skew.
  if (now - Math.min(Number(payload.iat) + deps.clockSkewSeconds, now) > TOKEN_MAX_AGE_SECONDS)
    throw new Refused('TOKEN_TOO_OLD');
  // PostgreSQL refuses NUL in text and jsonb, and no claim needs a control character: the LMS's fault, not ours.
  if (containsControlCharacters(payload)) throw new Refused('INVALID_LAUNCH_CLAIMS');

  const claims = { ...payload };
  const ignoredServiceUrls = screenPlatformUrls(claims, registrationHosts(platform, deps.requireHttps));
  let launch: LaunchContext;
  try {
    launch = launchFromIdToken(claims, clientId);
  } catch (err) {
    // A claim of the wrong type is the LMS's error (4xx), not an outage of ours (503).
    if (err instanceof InvalidLaunchContext) throw new Refused('INVALID_LAUNCH_CLAIMS');
    throw err;
  }
  return { ok: true, launch, nonce, ignoredServiceUrls };
}

/** exp, nbf and iat with the configured clock skew either way (ltijs allowed none). */
function checkTimes(payload: Record<string, unknown>, skew: number, now: number): void {
  const { exp, nbf, iat } = payload;
  if (typeof exp !== 'number') throw new Refused('NO_EXP_CLAIM');
  if (Math.floor(now) >= exp + skew) throw new Refused('TOKEN_EXPIRED');
  if (nbf !== undefined && !(typeof nbf === 'number' && Math.floor(now) + skew >= nbf))
    throw new Refused('TOKEN_NOT_YET_VALID');
  if (typeof iat !== 'number') throw new Refused('NO_IAT_CLAIM');
  if (iat > now + skew) throw new Refused('TOKEN_ISSUED_IN_THE_FUTURE');
}

/** LTI Core 1.3 §5.3–5.4 and Deep Linking 2.0 §4.4: the claims every launch of ours needs. */
function checkLtiClaims(payload: Record<string, unknown>): void {
  const messageType = payload[CLAIM.messageType];
  if (messageType !== MESSAGE_TYPE.resourceLink && messageType !== MESSAGE_TYPE.deepLinking)
    throw new Refused('NO_MESSAGE_TYPE_CLAIM');
  if (messageType === MESSAGE_TYPE.resourceLink) {
    if (!payload[CLAIM.targetLinkUri]) throw new Refused('NO_TARGET_LINK_URI_CLAIM');
    const link = payload[CLAIM.resourceLink];
    if (!isObject(link) || !link.id) throw new Refused('NO_RESOURCE_LINK_ID_CLAIM');
  }
  if (!payload[CLAIM.version]) throw new Refused('NO_LTI_VERSION_CLAIM');
  if (payload[CLAIM.version] !== '1.3.0') throw new Refused('WRONG_LTI_VERSION_CLAIM');
  if (!payload.sub) throw new Refused('NO_SUB_CLAIM');
  if (!payload[CLAIM.roles]) throw new Refused('NO_ROLES_CLAIM');
}

/** The hosts of a platform's registration: issuer, authentication endpoint, token endpoint and key set URL. */
export function registrationHosts(platform: RegisteredPlatform, requireHttps: boolean): PlatformHosts {
  const keysetUrl = platform.keys.method === 'JWK_SET' ? platform.keys.url : undefined;
  return platformHosts(
    [platform.issuer, platform.authEndpoint, platform.tokenEndpoint, keysetUrl],
    requireHttps,
  );
}

/**
 * The addresses a launch names for the tool to use, held to the platform's own hosts (before anything is stored):
 * - Deep Linking 2.0 §4.4.1: the deep-linking return URL becomes a form the tool posts with script, so a request
 *   whose return URL is not the platform's is refused; a resource-link launch has no use for deep-linking
 *   settings, and they are dropped.
 * - AGS 2.0 §3.1 and NRPS 2.0 §3.6.1: line item(s) and memberships URLs receive the platform's access token, so
 *   one off the platform's hosts is dropped (the service counts as not offered). Returns the dropped claims.
 */
function screenPlatformUrls(claims: Record<string, unknown>, hosts: PlatformHosts): string[] {
  const dl = claims[CLAIM.deepLinkingSettings];
  if (claims[CLAIM.messageType] === MESSAGE_TYPE.deepLinking) {
    if (!isPlatformUrl(isObject(dl) ? dl.deep_link_return_url : undefined, hosts))
      throw new Refused('DEEP_LINK_RETURN_URL_REFUSED');
  } else delete claims[CLAIM.deepLinkingSettings];

  const ignored: string[] = [];
  const ags = claims[CLAIM.agsEndpoint];
  if (isObject(ags)) {
    const kept = { ...ags };
    for (const key of ['lineitems', 'lineitem'] as const) {
      if (kept[key] == null || isPlatformUrl(kept[key], hosts)) continue;
      delete kept[key];
      ignored.push(`${CLAIM.agsEndpoint}#${key}`);
    }
    claims[CLAIM.agsEndpoint] = kept;
  }
  const nrps = claims[CLAIM.nrpsService];
  if (
    isObject(nrps) &&
    nrps.context_memberships_url != null &&
    !isPlatformUrl(nrps.context_memberships_url, hosts)
  ) {
    delete claims[CLAIM.nrpsService];
    ignored.push(`${CLAIM.nrpsService}#context_memberships_url`);
  }
  return ignored;
}

async function verificationKey(
  platform: RegisteredPlatform,
  kid: string,
  jwks: JwksCache,
): Promise<KeyObject> {
  if (platform.keys.method !== 'JWK_SET') return platform.keys.key;
  let key: KeyObject | undefined;
  try {
    key = await jwks.getKey(platform.keys.url, kid);
  } catch {
    throw new Refused('KEYSET_UNREACHABLE');
  }
  if (!key) throw new Refused('KEY_NOT_FOUND');
  return key;
}

/**
 * RS256 (RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256) with an RSA public key of at least 2048 bits (the size
 * §3.3 requires; jose refuses smaller keys too), through jose: it takes the token apart again and checks the
 * header's alg against the one allowed before it verifies.
 */
async function verifyRs256(token: string, key: KeyObject): Promise<boolean> {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'rsa') return false;
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return false;
  try {
    await compactVerify(token, key, { algorithms: ['RS256'] });
    return true;
  } catch {
    return false;
  }
}
