import type { Logger } from '../shared/logger';

/** A store of the launch's short-lived rows (login states, sessions) that can drop the expired ones. */
export interface Expiring {
  /** What the store holds, for the log line of a failed purge. */
  name: string;
  purgeExpired(): Promise<unknown>;
}

/**
 * Drops expired login states and sessions every hour. The launch and the session check already ignore expired
 * rows (their queries compare the row's age): the purge only keeps the tables small. A failed round is logged and
 * the next one tries again. Returns the stop function.
 */
export function startExpiryPurge(
  stores: readonly Expiring[],
  logger: Pick<Logger, 'warn'>,
  intervalMs = 3_600_000,
): () => void {
  const timer = setInterval(() => {
    for (const store of stores)
      store.purgeExpired().catch((err: unknown) => logger.warn({ err }, `${store.name} purge failed`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
