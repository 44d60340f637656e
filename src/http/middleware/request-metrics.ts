import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler } from 'express';
import type { Metrics } from '../../shared/metrics';

/**
 * The route a request is counted under: express' pattern of the route that answered it (`/app/modules/:slug`),
 * prefixed with the static mount of its router (`/demo`), or `unmatched` when no route answered (a 404, a refusal
 * before any route, the busy page). Never the path itself: ids, ltiks and the registration secret travel in paths
 * and queries, and a label per value would grow without bound. A router mounted under a pattern with parameters
 * has only its matched path in `req.baseUrl`, so a mount that is not one of `staticMounts` is counted as `:mount`.
 */
export function routeLabel(req: Request, staticMounts: ReadonlySet<string>): string {
  const base = req.baseUrl.toLowerCase();
  const mount = base === '' || staticMounts.has(base) ? base : ':mount';
  const route = req.route as { path?: unknown } | undefined;
  if (route?.path === undefined) return staticMounts.has(base) ? `${base}/*` : 'unmatched';
  const pattern = Array.isArray(route.path) ? route.path.map(String).join('|') : String(route.path);
  return `${mount}${pattern}`;
}

/** Observes every answered request: its route pattern, method, status and time, when the answer is sent. */
export function requestMetrics(
  metrics: Pick<Metrics, 'request'>,
  options: { staticMounts?: readonly string[] } = {},
): RequestHandler {
  const staticMounts = new Set(options.staticMounts ?? []);
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      metrics.request(
        routeLabel(req, staticMounts),
        req.method,
        res.statusCode,
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
