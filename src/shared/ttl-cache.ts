import { LRUCache } from 'lru-cache';

/**
 * The one in-process cache of the tool: bounded (least recently used entries go first past maxEntries) and, for
 * facts another process may change, time-bounded (an entry expires ttlMs after it was set, so that a change made
 * elsewhere shows within that time). Built on lru-cache, so that every cache has the same eviction and no Map of
 * ours grows without bound. Used for a platform's registration and the tool's keys (the launch's registry), sessions,
 * platform key sets, service access tokens, tenant ids per deployment (launches), known deployments (the registry),
 * rule overrides, stored framework versions, prepared statements' names and the sample catalogue per framework.
 *
 * Not for the domain: src/domain is pure and keeps nothing between calls.
 */
export class TtlCache<V extends NonNullable<unknown>> {
  private readonly lru: LRUCache<string, V> | undefined;

  /**
   * @param ttlMs how long an entry answers (it expires once more than ttlMs have passed); Infinity for facts that never change (a stored framework version);
   *   0 or less keeps nothing (a cache switched off)
   * @param maxEntries the most entries kept
   * @param now the clock, in ms (tests)
   */
  constructor(ttlMs: number, maxEntries = 10_000, now: () => number = Date.now) {
    if (ttlMs <= 0) return;
    this.lru = new LRUCache<string, V>({
      max: maxEntries,
      ...(Number.isFinite(ttlMs) ? { ttl: ttlMs } : {}),
      // Each read asks the clock itself: lru-cache's default reuses one reading for up to 1 ms through a timer,
      // which an injected test clock would not see move, and which costs a timer per read on the launch path.
      ttlResolution: 0,
      // lru-cache takes a start time of 0 for "no ttl": a test clock that starts at 0 must not switch expiry off.
      perf: { now: () => now() + 1 },
    });
  }

  get(key: string): V | undefined {
    return this.lru?.get(key);
  }

  /** Sets key; ttlMs, when given, replaces the cache's ttl for this entry (an access token's own lifetime). */
  set(key: string, value: V, ttlMs?: number): void {
    this.lru?.set(key, value, ttlMs === undefined ? undefined : { ttl: Math.max(1, ttlMs) });
  }

  /**
   * The cached promise of key, or load()'s, kept while it is pending or resolved: concurrent readers share one load.
   * A rejected load is dropped, so that the next reader tries again (the caller of this one sees the error).
   */
  getOrLoad<T>(this: TtlCache<Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.get(key);
    if (cached) return cached;
    const loaded = load();
    this.set(key, loaded);
    loaded.catch(() => {
      if (this.get(key) === loaded) this.delete(key);
    });
    return loaded;
  }

  delete(key: string): void {
    this.lru?.delete(key);
  }

  /** Entries held, expired ones not yet dropped included (they are dropped when read or pushed out). */
  get size(): number {
    return this.lru?.size ?? 0;
  }

  clear(): void {
    this.lru?.clear();
  }
}
