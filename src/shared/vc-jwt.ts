import { gunzipSync, gzipSync } from 'node:zlib';
import { compactVerify, CompactSign, decodeProtectedHeader } from 'jose';
import type { KeyObject } from 'node:crypto';

/**
 * The VC-JWT proof of Open Badges 3.0 (its JSON Web Token proof format): a compact JWS, RS256, whose payload is the
 * credential itself with the registered claims iss (the issuer's id), jti (the credential's id) and nbf (validFrom)
 * beside it, and whose header names the key by a URL that returns it as a JWK (`kid`). Why this format and not a
 * Data Integrity proof: JOSE is already the tool's (jose signs its LTI messages), and eddsa-rdfc-2022 would need
 * JSON-LD canonicalisation with every context bundled, for no verifier the tool's users have.
 */
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

export async function signVcJwt(
  credential: Record<string, unknown>,
  key: KeyObject,
  kidUrl: string,
): Promise<string> {
  const validFrom = typeof credential.validFrom === 'string' ? Date.parse(credential.validFrom) : NaN;
  const issuer = credential.issuer as { id?: unknown } | string | undefined;
  const payload = {
    ...credential,
    iss: typeof issuer === 'string' ? issuer : issuer?.id,
    jti: credential.id,
    ...(Number.isFinite(validFrom) ? { nbf: Math.floor(validFrom / 1000) } : {}),
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: kidUrl })
    .sign(key);
}

/** The protected header of a compact JWS, or undefined when the text is not one. */
export function jwtHeader(jwt: string): { alg?: string; kid?: string } | undefined {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jwt)) return undefined;
  try {
    const h = decodeProtectedHeader(jwt);
    return { alg: h.alg, kid: h.kid };
  } catch {
    return undefined;
  }
}

/** The payload of a compact JWS signed RS256 by `key`, or undefined when the signature does not hold. */
export async function verifiedPayload(
  jwt: string,
  key: KeyObject,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await compactVerify(jwt, key, { algorithms: ['RS256'] });
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a compact JWS, unverified: what the credential says, for reading only. */
export function unverifiedPayload(jwt: string): Record<string, unknown> | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A Bitstring Status List's encodedList: the bitstring gzip-compressed, base64url, with multibase's 'u' prefix. */
export function encodeStatusList(bitstring: Uint8Array): string {
  return `u${gzipSync(bitstring).toString('base64url')}`;
}

/** The bitstring of an encodedList (tests and verifiers); at most 16 MiB once expanded. */
export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('not multibase base64url');
  return new Uint8Array(
    gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: 16 * 1024 * 1024 }),
  );
}
