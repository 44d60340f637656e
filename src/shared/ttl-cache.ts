/**
 * A small time-bounded cache for facts that change rarely and are read on every launch (a platform's
 * registration, a session just written). Entries expire after ttlMs so that a change made by another process
 * shows within that time. At most maxEntries are kept: past that the oldest go first, one by one, so that a
 * busy process keeps a steady window of recent entries instead of emptying the cache (and its memory) in bursts.
 */
export class TtlCache<V> {
  /** In insertion order, which with one ttl for all is also expiry order (a key set again moves to the end). */
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expires > now) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
