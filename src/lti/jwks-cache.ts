import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { OutboundFetch } from '../shared/outbound-http';
import { TtlCache } from '../shared/ttl-cache';

const jwksSchema = z.object({
  keys: z.array(z.object({ kty: z.string(), kid: z.string().optional() }).passthrough()),
});

interface Entry {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
  inflight?: Promise<void>;
}

export interface JwksCacheOptions {
  /** The outbound client: key set URLs come from platform registrations (addresses checked, no redirects). */
  fetch: OutboundFetch;
  /** Keys are trusted this long before a routine refetch. */
  maxAgeMs?: number;
  /** An unknown kid triggers at most one refetch per URL in this window, so junk kids cannot flood the LMS. */
  minRefetchIntervalMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Platform public keys by keyset URL and kid. ltijs (the benchmark's reference) fetches the whole JWKS on every
 * launch, with no timeout; this fetches once, refetches when a token names a kid it has not seen (key rotation), and
 * gives up after a timeout.
 */
export class JwksCache {
  /** Per keyset URL; bounded (a removed platform's set is pushed out), freshness kept by fetchedAt. */
  private readonly entries = new TtlCache<Entry>(Infinity, 1000);
  private readonly maxAgeMs: number;
  private readonly minRefetchIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly fetchOutbound: OutboundFetch;
  fetchCount = 0;

  constructor(options: JwksCacheOptions) {
    this.fetchOutbound = options.fetch;
    this.maxAgeMs = options.maxAgeMs ?? 3_600_000;
    this.minRefetchIntervalMs = options.minRefetchIntervalMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  async getKey(url: string, kid: string): Promise<KeyObject | undefined> {
    const entry = this.entries.get(url);
    const fresh = entry && this.now() - entry.fetchedAt < this.maxAgeMs;
    const known = entry?.keys.get(kid);
    if (known && fresh) return known;
    if (entry && fresh && this.now() - entry.fetchedAt < this.minRefetchIntervalMs) return undefined;
    await this.refresh(url);
    return this.entries.get(url)?.keys.get(kid);
  }

  /** One fetch per URL at a time: concurrent launches wait for the same response. */
  private refresh(url: string): Promise<void> {
    const current = this.entries.get(url);
    if (current?.inflight) return current.inflight;
    const inflight = this.fetchKeys(url)
      .then((keys) => {
        this.entries.set(url, { keys, fetchedAt: this.now() });
      })
      .finally(() => {
        const e = this.entries.get(url);
        if (e?.inflight === inflight) delete e.inflight;
      });
    this.entries.set(url, { keys: current?.keys ?? new Map(), fetchedAt: current?.fetchedAt ?? 0, inflight });
    return inflight;
  }

  private async fetchKeys(url: string): Promise<Map<string, KeyObject>> {
    this.fetchCount += 1;
    const res = await this.fetchOutbound(url, {
      timeoutMs: this.timeoutMs,
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`KEYSET_FETCH_FAILED: HTTP ${res.status}`);
    const body = jwksSchema.parse(await res.json());
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys) {
      if (jwk.kty !== 'RSA' || !jwk.kid) continue;
      try {
        keys.set(jwk.kid, crypto.createPublicKey({ key: jwk as crypto.JsonWebKey, format: 'jwk' }));
      } catch {
        // A malformed key in the set must not hide the good ones.
      }
    }
    return keys;
  }
}
