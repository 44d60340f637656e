import type { Request, RequestHandler, Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import type { Logger } from '../../shared/logger';
import { requestLocale } from '../locale';
import { sendErrorPage } from '../pages';
import type { RenderPage } from '../views';

export interface LoadShedding {
  handler: RequestHandler;
  /** Requests being served now. */
  inFlight(): number;
  /** Requests turned away since start. */
  shed(): number;
}

/**
 * Caps the requests served at once. Past the cap a request is answered at once with a 503 page and Retry-After,
 * instead of waiting behind a backlog that only grows (and takes memory) while the host cannot keep up. The turned
 * away requests are counted and logged at most every 10 s, not one line each: under overload logging is work too.
 * Health checks are never turned away, so a load balancer sees a busy instance as alive.
 */
export function loadShedding(opts: {
  maxInFlight: number;
  logger: Logger;
  /** Writes the 503 answer (a localised page). */
  refuse(req: Request, res: Response): void;
  exempt?: (path: string) => boolean;
}): LoadShedding {
  let inFlight = 0;
  let shedTotal = 0;
  let shedSinceLog = 0;
  let lastLog = 0;
  const handler: RequestHandler = (req, res, next) => {
    if (opts.exempt?.(req.path)) {
      next();
      return;
    }
    if (inFlight >= opts.maxInFlight) {
      shedTotal += 1;
      shedSinceLog += 1;
      const now = Date.now();
      if (now - lastLog >= 10_000) {
        opts.logger.warn(
          { shed: shedSinceLog, inFlight, maxInFlight: opts.maxInFlight },
          'overloaded: answering 503 to requests over the in-flight cap',
        );
        shedSinceLog = 0;
        lastLog = now;
      }
      res.setHeader('Retry-After', '5');
      opts.refuse(req, res);
      return;
    }
    inFlight += 1;
    let done = false;
    // 'close' comes after the response is sent or when the client goes away, whichever is first; count it once.
    res.once('close', () => {
      if (done) return;
      done = true;
      inFlight -= 1;
    });
    next();
  };
  return { handler, inFlight: () => inFlight, shed: () => shedTotal };
}

/** The answer to a request turned away: "busy, try again in a few seconds", in the request's language. */
export function busyPage(deps: { render: RenderPage; defaultLocale: Locale }) {
  return (req: Request, res: Response): void => {
    const l = requestLocale(req, deps.defaultLocale);
    sendErrorPage(req, res, deps.render, l, {
      status: 503,
      heading: t(l, 'error.busy.title'),
      message: t(l, 'error.busy.body'),
    });
  };
}
