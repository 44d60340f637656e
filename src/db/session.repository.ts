import type { Database } from './database';
import { firstRow, int, object, oneRow, type Decoder } from './decode';

/** A session lives 24 hours from its launch's latest recording (as ltijs' session rows did). */
export const SESSION_TTL_SECONDS = 86_400;

/** The stored launch is JSON the caller checks in full (src/lti/session.ts); here only that the column is there. */
const anyJson: Decoder<unknown> = (v) => v;
const sessionRow = object({ launch: anyJson });
const countRow = object({ n: int });

/**
 * Sessions (migration 0021). The launch's statement writes them (launch.repository.ts); this reads and purges.
 * Implements the launch's SessionStore (src/lti/ports.ts; app.ts wires it: db/ does not import lti/).
 */
export function createSessionRepository(db: Database) {
  return {
    /** The launch stored with a session (JSON, checked by the caller); undefined if gone or expired. */
    async find(tenantId: number, sessionId: string): Promise<unknown> {
      const row = await firstRow(
        db,
        sessionRow,
        `SELECT launch FROM lti_sessions WHERE tenant_id = $1 AND id = $2
            AND created_at > now() - interval '${SESSION_TTL_SECONDS} seconds'`,
        [tenantId, sessionId],
      );
      return row?.launch;
    },

    async purgeExpired(): Promise<number> {
      const { n } = await oneRow(
        db,
        countRow,
        `WITH d AS (DELETE FROM lti_sessions WHERE created_at <= now() - interval '${SESSION_TTL_SECONDS} seconds' RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
      );
      return n;
    },
  };
}
