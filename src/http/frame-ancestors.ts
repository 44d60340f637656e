import { originSource } from './security-headers';

export interface FrameAncestorsOptions {
  /** The registered platforms (active or not: a suspended one must still show its "not activated" page). */
  platforms(): Promise<ReadonlyArray<{ issuer: string; authEndpoint: string }>>;
  /** The tool's own origin, written 'self'. */
  toolOrigin: string;
  /** How long a read list is used before the next request starts reading it again (default 5 s). */
  maxAgeMs?: number;
  now?: () => number;
  onError?(err: unknown): void;
}

export interface FrameAncestors {
  /** The CSP sources of the registered platforms' origins; never waits, never queries on the caller's behalf. */
  current(): readonly string[];
  /** Reads the registry again (at start, and after a change made through this instance); resolves when done. */
  refresh(): Promise<void>;
}

/**
 * Which origins may frame the tool: the origins of every registered platform's issuer and authentication
 * endpoint (Moodle's wwwroot). A request is never held up for it: it gets the list read last, and when that is
 * older than maxAgeMs one read starts in the background, so a change made through another instance (or the
 * platform CLI) shows within a few seconds and a busy instance reads the registry at most once per maxAgeMs.
 * The same array is returned until the list changes, so that callers can cache what they build from it.
 */
export function createFrameAncestors(options: FrameAncestorsOptions): FrameAncestors {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 5000;
  let sources: readonly string[] = [];
  let readAt = -Infinity;
  let reading: Promise<void> | undefined;

  const read = async () => {
    try {
      const next = [
        ...new Set(
          (await options.platforms()).flatMap((p) =>
            [p.issuer, p.authEndpoint].flatMap((url) => originSource(url, options.toolOrigin) ?? []),
          ),
        ),
      ].sort();
      if (next.join(' ') !== sources.join(' ')) sources = next;
    } catch (err) {
      // Keep the last list; try again after maxAgeMs, not on every request while the database is away.
      options.onError?.(err);
    } finally {
      readAt = now();
    }
  };
  const refresh = (): Promise<void> => {
    // After a read under way, which may have started before the change being announced.
    const next: Promise<void> = (reading ? reading.then(read) : read()).finally(() => {
      if (reading === next) reading = undefined;
    });
    reading = next;
    return next;
  };

  return {
    current() {
      if (!reading && now() - readAt >= maxAgeMs) void refresh();
      return sources;
    },
    refresh,
  };
}
