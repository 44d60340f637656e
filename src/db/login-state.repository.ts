import type { Database } from './database';

/** A login's state lives 10 minutes, as ltijs' state row does; Moodle's id_token itself lives 60 s. */
const TTL_SECONDS = 600;

export interface LoginStateStore {
  remember(state: string, nonce: string, issuer: string): Promise<void>;
  /** Returns and deletes the login's nonce: a state is good for one launch. */
  consume(state: string): Promise<{ nonce: string; issuer: string } | undefined>;
  purgeExpired(): Promise<number>;
}

export function createLoginStateRepository(db: Database): LoginStateStore {
  return {
    async remember(state, nonce, issuer) {
      await db.query('INSERT INTO lti_login_states (state, nonce, issuer) VALUES ($1, $2, $3)', [
        state,
        nonce,
        issuer,
      ]);
    },
    async consume(state) {
      const rows = await db.query<{ nonce: string; issuer: string }>(
        `DELETE FROM lti_login_states WHERE state = $1 AND created_at > now() - interval '${TTL_SECONDS} seconds'
         RETURNING nonce, issuer`,
        [state],
      );
      return rows[0];
    },
    async purgeExpired() {
      const rows = await db.query<{ n: number }>(
        `WITH d AS (DELETE FROM lti_login_states WHERE created_at <= now() - interval '${TTL_SECONDS} seconds' RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
      );
      return rows[0]?.n ?? 0;
    },
  };
}
