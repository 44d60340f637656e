import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { decodeCompactJws } from './jws';

/**
 * The ltik: the session's credential that every page after the launch carries (in its links and forms, as ltijs'
 * ltik was). A compact JWS, HS256 with the tool's ltik key (tool-secrets.ts), naming the session row: its tenant
 * and id. It holds nothing secret and grants nothing alone: the browser must also hold the session cookie.
 *
 * Signed and checked with node:crypto's HMAC directly: one call each way, where a JOSE library's HS256 path
 * (option parsing, base64url streams, claim checks this token does not need) cost 2–3 % of a launch in ltijs'
 * jsonwebtoken. The format is the standard one, so any JOSE library can read it.
 */
export interface Ltik {
  /** The session row's tenant (part of its key). */
  tid: number;
  /** The session row's id. */
  sid: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const payloadSchema = z.object({
  tid: z.number().int().positive(),
  sid: z.string().min(16).max(64),
});

export interface LtikCodec {
  issue(ltik: Ltik): string;
  /** The ltik's contents when its signature is ours, else undefined. */
  verify(token: string): Ltik | undefined;
}

export function ltikCodec(key: KeyObject, now: () => number = Date.now): LtikCodec {
  const mac = (input: string) => crypto.createHmac('sha256', key).update(input).digest('base64url');
  return {
    issue({ tid, sid }) {
      // Each launch's ltik is its own, also for the same session again: what is tied to one ltik (the language
      // picked in it, LANG_COOKIE) stays with that launch, as ltijs' ltik carried its login's state.
      const payload = {
        tid,
        sid,
        iat: Math.floor(now() / 1000),
        jti: crypto.randomBytes(9).toString('base64url'),
      };
      const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
      return `${input}.${mac(input)}`;
    },
    verify(token) {
      if (token.length > 1024) return undefined;
      const jws = decodeCompactJws(token);
      if (!jws || jws.header.alg !== 'HS256') return undefined;
      // The signature's text is compared: a base64url string has other spellings of the same bytes.
      const given = Buffer.from(jws.signature);
      const expected = Buffer.from(mac(jws.signingInput));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
      const parsed = payloadSchema.safeParse(jws.payload);
      return parsed.success ? { tid: parsed.data.tid, sid: parsed.data.sid } : undefined;
    },
  };
}
