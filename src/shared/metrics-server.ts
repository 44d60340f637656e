import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** When set, a scrape must carry `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** The metrics text now (one app's registry, or the primary's sum over its workers). */
  metrics(): Promise<string>;
  contentType: string;
}

const sameToken = (given: string, expected: string) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
};

/**
 * `GET /metrics` on a port of its own (METRICS_PORT, on 127.0.0.1 unless METRICS_HOST says otherwise): off the
 * public path that the LMS and learners reach, and behind a bearer token when METRICS_TOKEN is set.
 */
export async function startMetricsServer(
  options: MetricsServerOptions,
): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (options.token !== undefined && !sameToken(auth, `Bearer ${options.token}`)) {
      res
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' })
        .end('A bearer token is required (METRICS_TOKEN)\n');
      return;
    }
    options.metrics().then(
      (text) => res.writeHead(200, { 'content-type': options.contentType }).end(text),
      (err: unknown) =>
        res
          .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`Metrics unavailable: ${err instanceof Error ? err.message : 'unknown error'}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
