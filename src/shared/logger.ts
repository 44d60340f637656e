import pino, { type Logger } from 'pino';
import { requestContext } from './request-context';

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
      // Every line written while a request is served names it (the request context holds its id).
      mixin: () => {
        const ctx = requestContext.getStore();
        return ctx ? { reqId: ctx.reqId } : {};
      },
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
    // Asynchronous by default: under load, lines written while a write is in flight go out together instead of
    // one system call each. main.ts flushes before exiting.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
