/** A compact JWS taken apart; nothing in it is trusted yet. */
export interface CompactJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The first two parts as sent: what the signature covers. */
  signingInput: string;
  /** The third part as sent (base64url text; empty for alg none). */
  signature: string;
}

/** Three base64url parts, the third possibly empty. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** The parts of a compact JWS whose header and payload are JSON objects, else undefined. */
export function decodeCompactJws(token: string): CompactJws | undefined {
  if (!COMPACT_JWS.test(token)) return undefined;
  const [h, p, signature] = token.split('.') as [string, string, string];
  const header = jsonObject(h);
  const payload = jsonObject(p);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature };
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
