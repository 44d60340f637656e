import crypto, { type KeyObject } from 'node:crypto';

/**
 * The keys the tool derives from LTI_ENCRYPTION_KEY, one per use (HKDF, RFC 5869), so that a value made for one
 * use (a cookie) can never pass for another (an ltik). Changing the encryption key invalidates all of them, as it
 * always did.
 */
export interface ToolSecrets {
  /** HS256 key of the ltik. */
  ltik: KeyObject;
  /** HMAC key of the state and session cookies. */
  cookies: KeyObject;
}

export function toolSecrets(encryptionKey: string): ToolSecrets {
  const derive = (use: string) =>
    crypto.createSecretKey(
      Buffer.from(crypto.hkdfSync('sha256', Buffer.from(encryptionKey), Buffer.alloc(0), use, 32)),
    );
  return { ltik: derive('digiskill ltik v1'), cookies: derive('digiskill cookies v1') };
}

/** `value.mac`: the value and its HMAC (base64url), for a cookie the browser keeps and sends back unchanged. */
export function signValue(value: string, key: KeyObject): string {
  return `${value}.${crypto.createHmac('sha256', key).update(value).digest('base64url')}`;
}

/** The value of a signValue() text whose HMAC matches (compared in constant time), else undefined. */
export function unsignValue(signed: string, key: KeyObject): string | undefined {
  const dot = signed.lastIndexOf('.');
  if (dot < 0) return undefined;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(value).digest('base64url'));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? value : undefined;
}
