import crypto, { type KeyObject } from 'node:crypto';
import Auth from 'ltijs/dist/Utils/Auth';
import type { GetPlatform, ValidationParameters } from 'ltijs/dist/Utils/Auth';
import type { LtijsPlatform } from 'ltijs';
import type { JwksCache } from './jwks-cache';
import { CLAIM, MESSAGE_TYPE } from './claims';
import { decodeCompactJws, type CompactJws } from './jws';
import { isPlatformUrl, platformHosts, type PlatformHosts } from './platform-hosts';
import { containsControlCharacters } from '../shared/control-characters';

/** Thrown with an ltijs-style code as message: ltijs hands err.message to our invalid-token handler. */
export class LaunchRejected extends Error {
  constructor(code: string) {
    super(code);
    this.name = 'LaunchRejected';
  }
}

export interface LaunchValidationDeps {
  jwks: JwksCache;
  clockSkewSeconds: number;
  /** Our deployment registry: ltijs accepts any deployment_id. */
  isDeploymentRegistered(issuer: string, clientId: string, deploymentId: string): Promise<boolean>;
  /** Service URLs and deep-linking return addresses must be https (production), not only http(s). */
  requireHttps: boolean;
  /** Service URLs off the platform's hosts were dropped from the launch (named by claim) before anything was stored. */
  onServiceUrlsIgnored(ignored: string[]): void;
  /**
   * Takes the fully verified token to consume its login (state and nonce, OIDC Core §3.1.3.7) and record who and
   * where, at once or in one statement with ltijs' session rows; a LaunchRejected it throws keeps its code.
   */
  onVerified(token: Record<string, unknown>): Promise<void>;
}

export type VerifiedIdToken = Record<string, unknown> & { clientId: string; platformId: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Replaces ltijs' Auth.validateToken (5.9.9, pinned) with the same contract and these differences:
 * alg must be RS256 before any key is looked up; a kid is required; the platform JWKS comes from a cache;
 * exp/nbf/iat allow a small clock skew; the deployment id must be registered; everything is checked before
 * anything is written, and the login (state and nonce) is consumed by the launch's own statement, so a rejected
 * launch writes nothing. ltijs' claim and max-age checks still run. Error messages keep ltijs' codes so that logs
 * and our error pages have one vocabulary.
 */
export function createValidateToken(deps: LaunchValidationDeps) {
  const validate = async function validateToken(
    token: string,
    devMode: boolean,
    params: ValidationParameters,
    getPlatform: GetPlatform,
    encryptionKey: string,
    database: unknown,
  ): Promise<VerifiedIdToken> {
    const decoded = decodeCompactJws(token);
    if (!decoded) throw new LaunchRejected('INVALID_JWT_RECEIVED');
    const { header, payload } = decoded;
    if (header.alg !== 'RS256') throw new LaunchRejected('ALG_NOT_RS256');
    if (typeof header.kid !== 'string' || !header.kid) throw new LaunchRejected('KID_NOT_FOUND');

    const iss = str(payload.iss);
    if (!iss) throw new LaunchRejected('NO_ISS_CLAIM');
    if (!params.iss) {
      if (!devMode) throw new LaunchRejected('MISSING_VALIDATION_COOKIE');
    } else if (params.iss !== iss) {
      throw new LaunchRejected('ISS_CLAIM_DOES_NOT_MATCH');
    }

    const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
      (a): a is string => typeof a === 'string',
    );
    let platform: LtijsPlatform | false = false;
    for (const aud of audiences) {
      platform = await getPlatform(iss, aud, encryptionKey, database);
      if (platform) break;
    }
    if (!platform) throw new LaunchRejected('UNREGISTERED_PLATFORM');
    const clientId = await platform.platformClientId();
    // OIDC Core §3.1.3.7: an audience list needs an azp (authorised party), and an azp must name us.
    if (Array.isArray(payload.aud) && payload.azp === undefined) throw new LaunchRejected('NO_AZP_CLAIM');
    if (payload.azp !== undefined && payload.azp !== clientId) {
      throw new LaunchRejected('AZP_DOES_NOT_MATCH_CLIENTID');
    }
    if (!(await platform.platformActive())) throw new LaunchRejected('PLATFORM_NOT_ACTIVATED');

    const deploymentId = str(payload[CLAIM.deploymentId]);
    if (!deploymentId) throw new LaunchRejected('NO_DEPLOYMENT_ID_CLAIM');
    if (!(await deps.isDeploymentRegistered(iss, clientId, deploymentId))) {
      throw new LaunchRejected('UNKNOWN_DEPLOYMENT');
    }

    const key = await verificationKey(platform, header.kid, deps.jwks);
    if (!verifySignature(decoded, key)) throw new LaunchRejected('INVALID_SIGNATURE');
    const verified = payload;
    if (!audiences.includes(clientId)) throw new LaunchRejected('AUD_DOES_NOT_MATCH_CLIENTID');
    const now = Date.now() / 1000;
    const skew = deps.clockSkewSeconds;
    if (typeof verified.exp !== 'number') throw new LaunchRejected('NO_EXP_CLAIM');
    if (Math.floor(now) >= verified.exp + skew) throw new LaunchRejected('TOKEN_EXPIRED');
    if (
      verified.nbf !== undefined &&
      !(typeof verified.nbf === 'number' && Math.floor(now) + skew >= verified.nbf)
    )
      throw new LaunchRejected('TOKEN_NOT_YET_VALID');
    if (typeof verified.iat !== 'number') throw new LaunchRejected('NO_IAT_CLAIM');
    if (verified.iat > now + skew) throw new LaunchRejected('TOKEN_ISSUED_IN_THE_FUTURE');
    if (!str(verified.nonce)) throw new LaunchRejected('NO_NONCE_CLAIM');

    await Auth.claimValidation(verified);
    // A platform clock that runs ahead makes iat look young; one that runs behind is forgiven by the skew.
    await Auth.validateMaxAge(
      { ...verified, iat: Math.min(Number(verified.iat) + skew, now) },
      params.maxAge,
    );
    // PostgreSQL refuses NUL in text and jsonb, and no claim needs a control character: the LMS's fault, not ours.
    if (containsControlCharacters(verified)) throw new LaunchRejected('INVALID_LAUNCH_CLAIMS');
    const ignored = screenPlatformUrls(verified, await hostsOf(platform, deps.requireHttps));
    if (ignored.length > 0) deps.onServiceUrlsIgnored(ignored);
    verified.clientId = clientId;
    verified.platformId = await platform.platformKid();
    try {
      await deps.onVerified(verified);
    } catch (err) {
      throw err instanceof LaunchRejected ? err : new LaunchRejected('TEMPORARILY_UNAVAILABLE');
    }
    return verified as VerifiedIdToken;
  };
  // Codes for everything: a database failure is not the user's fault (503), a losing concurrent nonce
  // insert is a replay.
  return async (...args: Parameters<typeof validate>): Promise<VerifiedIdToken> => {
    try {
      return await validate(...args);
    } catch (err) {
      if (err instanceof LaunchRejected) throw err;
      if ((err as { code?: string }).code === '23505') throw new LaunchRejected('NONCE_ALREADY_RECEIVED');
      // ltijs' own checks (nonce, claims, max age) throw plain Errors carrying codes.
      if (err instanceof Error && /^[A-Z_]+$/.test(err.message)) throw new LaunchRejected(err.message);
      throw new LaunchRejected('TEMPORARILY_UNAVAILABLE');
    }
  };
}

/** The hosts of a platform's registration: issuer, authentication endpoint, token endpoint and key set URL. */
export async function hostsOf(platform: LtijsPlatform, requireHttps: boolean): Promise<PlatformHosts> {
  const [issuer, authEndpoint, tokenEndpoint, authConfig] = await Promise.all([
    platform.platformUrl(),
    platform.platformAuthenticationEndpoint(),
    platform.platformAccessTokenEndpoint(),
    platform.platformAuthConfig(),
  ]);
  const keysetUrl = authConfig.method === 'JWK_SET' ? String(authConfig.key) : undefined;
  return platformHosts([issuer, authEndpoint, tokenEndpoint, keysetUrl], requireHttps);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The addresses a launch names for the tool to use, held to the platform's own hosts (before anything is stored):
 * - Deep Linking 2.0 §4.4.1: the deep-linking return URL becomes a form the tool posts with script, so a request
 *   whose return URL is not the platform's is refused; a resource-link launch has no use for deep-linking
 *   settings, and they are dropped.
 * - AGS 2.0 §3.1 and NRPS 2.0 §3.6.1: line item(s) and memberships URLs receive the platform's access token, so
 *   one off the platform's hosts is dropped (the service counts as not offered). Returns the dropped claims.
 */
function screenPlatformUrls(token: Record<string, unknown>, hosts: PlatformHosts): string[] {
  const dl = token[CLAIM.deepLinkingSettings];
  if (token[CLAIM.messageType] === MESSAGE_TYPE.deepLinking) {
    if (!isPlatformUrl(isObject(dl) ? dl.deep_link_return_url : undefined, hosts))
      throw new LaunchRejected('DEEP_LINK_RETURN_URL_REFUSED');
  } else delete token[CLAIM.deepLinkingSettings];

  const ignored: string[] = [];
  const ags = token[CLAIM.agsEndpoint];
  if (isObject(ags)) {
    const kept = { ...ags };
    for (const key of ['lineitems', 'lineitem'] as const) {
      if (kept[key] == null || isPlatformUrl(kept[key], hosts)) continue;
      delete kept[key];
      ignored.push(`${CLAIM.agsEndpoint}#${key}`);
    }
    token[CLAIM.agsEndpoint] = kept;
  }
  const nrps = token[CLAIM.nrpsService];
  if (
    isObject(nrps) &&
    nrps.context_memberships_url != null &&
    !isPlatformUrl(nrps.context_memberships_url, hosts)
  ) {
    delete token[CLAIM.nrpsService];
    ignored.push(`${CLAIM.nrpsService}#context_memberships_url`);
  }
  return ignored;
}

async function verificationKey(
  platform: LtijsPlatform,
  kid: string,
  jwks: JwksCache,
): Promise<KeyObject | string> {
  const authConfig = await platform.platformAuthConfig();
  switch (authConfig.method) {
    case 'JWK_SET': {
      let key: KeyObject | undefined;
      try {
        key = await jwks.getKey(String(authConfig.key), kid);
      } catch {
        throw new LaunchRejected('KEYSET_UNREACHABLE');
      }
      if (!key) throw new LaunchRejected('KEY_NOT_FOUND');
      return key;
    }
    case 'JWK_KEY': {
      const jwk =
        typeof authConfig.key === 'string'
          ? (JSON.parse(authConfig.key) as crypto.JsonWebKey)
          : (authConfig.key as crypto.JsonWebKey);
      return crypto.createPublicKey({ key: jwk, format: 'jwk' });
    }
    case 'RSA_KEY':
      return String(authConfig.key);
    default:
      throw new LaunchRejected('AUTHCONFIG_NOT_FOUND');
  }
}

/**
 * RS256 (RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256) over the token's first two parts, with an RSA public key
 * of at least 2048 bits (the size §3.3 requires) and nothing else. One call into OpenSSL: jsonwebtoken's verify
 * decoded the token a second time and streamed the check, 5 % of a launch's CPU.
 */
function verifySignature(token: CompactJws, key: KeyObject | string): boolean {
  try {
    const publicKey = typeof key === 'string' ? crypto.createPublicKey(key) : key;
    if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'rsa') return false;
    if ((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return false;
    return crypto.verify(
      'sha256',
      Buffer.from(token.signingInput),
      publicKey,
      Buffer.from(token.signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

/** Installs the replacement into ltijs (a static method of a CommonJS class shared by every require). */
export function installLaunchValidation(deps: LaunchValidationDeps): void {
  (Auth as { validateToken: unknown }).validateToken = createValidateToken(deps);
}
