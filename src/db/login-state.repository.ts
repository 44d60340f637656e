import type { Database } from './database';

/** A login's state lives 10 minutes, as ltijs' state row does; Moodle's id_token itself lives 60 s. */
const TTL_SECONDS = 600;

export interface LoginStateStore {
  remember(state: string, nonce: string, issuer: string): Promise<void>;
  /**
   * One round trip for the launch: consumes the login's state, checks the token's nonce against the one sent
   * with it, and records the nonce as used (in ltijs' nonce table, whose primary key stops replays).
   */
  consumeForLaunch(
    state: string,
    nonce: string,
  ): Promise<'ok' | 'unknown-state' | 'nonce-mismatch' | 'nonce-used'>;
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
    async consumeForLaunch(state, nonce) {
      const rows = await db.query<{ expected: string | null; recorded: string | null }>(
        `WITH s AS (
           DELETE FROM lti_login_states WHERE state = $1 AND created_at > now() - interval '${TTL_SECONDS} seconds'
           RETURNING nonce),
         n AS (
           INSERT INTO ltijs.nonce (nonce) SELECT nonce FROM s WHERE nonce = $2
           ON CONFLICT (nonce) DO NOTHING RETURNING nonce)
         SELECT (SELECT nonce FROM s) AS expected, (SELECT nonce FROM n) AS recorded`,
        [state, nonce],
      );
      const row = rows[0];
      if (!row?.expected) return 'unknown-state';
      if (row.expected !== nonce) return 'nonce-mismatch';
      return row.recorded ? 'ok' : 'nonce-used';
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
