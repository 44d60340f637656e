import pino, { type Logger } from 'pino';

export type { Logger };

/** Query parameters and fields that carry credentials; never written to a log. */
const SECRET_PARAMS = /([?&](?:ltik|id_token|state|token|registration_token|JWT)=)[^&#]*/gi;

export function scrubUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'digiskill-lti' },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          'idToken',
          'ltik',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
