import type { Database } from './database';
import { int, object, oneRow } from './decode';

/** A login's state lives 10 minutes, as ltijs' state row did; Moodle's id_token itself lives 60 s. */
export const LOGIN_STATE_TTL_SECONDS = 600;

/** The login a launch brings back: consumed by the launch's own statement (launch.repository.ts). */
export interface LoginToConsume {
  state: string;
  nonce: string;
}

/** Implements the launch's LoginStateStore (src/lti/ports.ts; app.ts wires it: db/ does not import lti/). */
export function createLoginStateRepository(db: Database) {
  return {
    /** Remembers the nonce sent with a login (and the target link's query parameters), by state. */
    async remember(
      state: string,
      nonce: string,
      issuer: string,
      targetQuery?: Record<string, string>,
    ): Promise<void> {
      await db.query(
        'INSERT INTO lti_login_states (state, nonce, issuer, target_query) VALUES ($1, $2, $3, $4::jsonb)',
        [state, nonce, issuer, targetQuery ? JSON.stringify(targetQuery) : null],
      );
    },

    async purgeExpired(): Promise<number> {
      const { n } = await oneRow(
        db,
        object({ n: int }),
        `WITH d AS (DELETE FROM lti_login_states WHERE created_at <= now() - interval '${LOGIN_STATE_TTL_SECONDS} seconds' RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
      );
      return n;
    },
  };
}
