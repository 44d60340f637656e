import pino, { type Logger } from 'pino';
import { requestContext } from './request-context';

export type { Logger };
export type LogDestination = pino.DestinationStream;

const REDACTED = '[redacted]';

/** Names under which a credential travels: as a query parameter, a form field or a JSON key. */
const SECRET_NAMES =
  'ltik|id_?token|state|nonce|token|access_?token|refresh_?token|registration_?token|client_?assertion|' +
  'jwt|authorization|cookie|set-cookie|password|secret|encryption_?key|registration_?secret';
/** As a query parameter also OAuth's authorization `code` (a log field named code is our reason code). */
const SECRET_PARAMS = `${SECRET_NAMES}|code`;

/**
 * What every log line is scrubbed of, in the order applied. Each pattern finds a credential by its shape or by
 * the name it travels under, wherever it sits: a request URL, an error message or stack, a platform's answer
 * quoted in a reason, a field of a logged object.
 */
const SCRUBBERS: Array<[RegExp, string]> = [
  // A JWT anywhere: id_tokens, ltiks (compact JWS, src/lti/ltik.ts), client assertions, Moodle's registration tokens.
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, `[jwt ${REDACTED}]`],
  // The registration secret is a path segment: /lti/register/<secret>.
  [/(\/lti\/register\/)[^/?#\s"'<>\\]+/g, `$1${REDACTED}`],
  // Query parameters and form fields, also percent-encoded inside another URL (…%3Fltik%3D…).
  [
    new RegExp(`((?:[?&;]|%3F|%26)(?:${SECRET_PARAMS})(?:=|%3D))(?:(?!%26)[^&#\\s"'<>\\\\])*`, 'gi'),
    `$1${REDACTED}`,
  ],
  // Authorization header values quoted in a message.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // The password in a URL's user info (postgres://user:pass@host/db).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]*:)[^@/\s"]+@/gi, `$1${REDACTED}@`],
  // A string field of a logged object at any depth ({"idToken":"…"}, {"headers":{"cookie":"…"}}).
  [new RegExp(`("(?:${SECRET_NAMES})":)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
];

/**
 * The one scrubber of credentials in text: every log line passes through it (the logger's last step before
 * writing), so a URL, an error message or a quoted answer never carries an ltik, a token or a secret.
 */
export function scrubSecrets(text: string, literals: readonly string[] = []): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  for (const literal of literals) if (out.includes(literal)) out = out.split(literal).join(REDACTED);
  return out;
}

export interface LoggerOptions {
  /**
   * Secret values known at start (the encryption key, the registration secret): removed from every line
   * wherever they appear, whatever shape they take.
   */
  secrets?: ReadonlyArray<string | undefined>;
}

export function createLogger(
  level: string,
  destination?: LogDestination,
  options: LoggerOptions = {},
): Logger {
  // Short values would redact innocent text; the secrets passed here are at least 24 characters (config/env.ts).
  const literals = (options.secrets ?? []).filter(
    (s): s is string => typeof s === 'string' && s.length >= 16,
  );
  const jsonLiterals = literals.flatMap((s) => {
    const escaped = JSON.stringify(s).slice(1, -1);
    return escaped === s ? [s] : [s, escaped];
  });
  return pino(
    {
      level,
      base: { service: 'digiskill-lti' },
      // Every line written while a request is served names it (the request context holds its id).
      mixin: () => {
        const ctx = requestContext.getStore();
        return ctx ? { reqId: ctx.reqId } : {};
      },
      // Values that are not strings (a cookie object, a parsed body) at the places they are known to be logged;
      // string values anywhere are the scrubber's.
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers.referer',
          'req.cookies',
          'req.signedCookies',
          'req.body',
          'res.headers["set-cookie"]',
          'headers.cookie',
          'headers.authorization',
          'cookies',
          'idToken',
          'ltik',
          'token',
          'accessToken',
          'clientAssertion',
          'encryptionKey',
          'registrationSecret',
          'config.encryptionKey',
          'config.registrationSecret',
        ],
        censor: REDACTED,
      },
      hooks: { streamWrite: (line) => scrubSecrets(line, jsonLiterals) },
    },
    // Asynchronous by default: under load, lines written while a write is in flight go out together instead of
    // one system call each. main.ts flushes before exiting.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
