/** SQLSTATEs and socket errors that mean "the database is not there right now", not "this request is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown: the server terminated our connection
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  '55000', // object_not_in_prerequisite_state: the database does not accept connections now
  '08000',
  '08001',
  '08003',
  '08006',
]);

const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|terminating connection|is not currently accepting connections|the database system is (starting up|shutting down)|Client has encountered a connection error/;

export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return UNAVAILABLE_MESSAGES.test(message);
}

/**
 * SQLSTATEs that mean "this text cannot be stored": NUL in text (22021 character_not_in_repertoire) or in jsonb
 * (22P05 untranslatable_character). The input's fault (4xx), never an outage; the boundaries refuse control
 * characters first, so this is the net behind them.
 */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}
