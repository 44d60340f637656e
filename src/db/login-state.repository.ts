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
  ): Promise<{
    outcome: 'ok' | 'unknown-state' | 'nonce-mismatch' | 'nonce-used';
    /** ltijs' own row for this state (target_link_uri query parameters), consumed by the same statement. */
    ltijsState: { doc: unknown; created_at: Date } | null;
  }>;
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
      const rows = await db.query<{
        expected: string | null;
        recorded: string | null;
        ltijs_state: { doc: unknown; created_at: Date } | null;
      }>(
        `WITH s AS (
           DELETE FROM lti_login_states WHERE state = $1 AND created_at > now() - interval '${TTL_SECONDS} seconds'
           RETURNING nonce),
         n AS (
           INSERT INTO ltijs.nonce (nonce) SELECT nonce FROM s WHERE nonce = $2
           ON CONFLICT (nonce) DO NOTHING RETURNING nonce),
         st AS (
           DELETE FROM ltijs.state WHERE state = $1 AND created_at > now() - interval '${TTL_SECONDS} seconds'
           RETURNING doc, created_at)
         SELECT (SELECT nonce FROM s) AS expected, (SELECT nonce FROM n) AS recorded,
                (SELECT json_build_object('doc', doc, 'created_at', created_at) FROM st) AS ltijs_state`,
        [state, nonce],
      );
      const row = rows[0];
      const ltijsState = row?.ltijs_state
        ? { doc: row.ltijs_state.doc, created_at: new Date(row.ltijs_state.created_at) }
        : null;
      if (!row?.expected) return { outcome: 'unknown-state', ltijsState };
      if (row.expected !== nonce) return { outcome: 'nonce-mismatch', ltijsState };
      return { outcome: row.recorded ? 'ok' : 'nonce-used', ltijsState };
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
