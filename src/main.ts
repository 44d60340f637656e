import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config/env';
import { devEncryptionKey } from './config/dev-key';
import { createLogger } from './shared/logger';
import { startMetricsServer } from './shared/metrics-server';
import { answerPrimaryMetrics, serveClusterMetrics, superviseWorkers } from './supervisor';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, () => devEncryptionKey(process.env.DATA_DIR ?? 'data'));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`DigiSkill cannot start.\n${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  if (config.webConcurrency > 1 && cluster.isPrimary) {
    const logger = createLogger(config.logLevel, undefined, {
      secrets: [config.encryptionKey, config.registrationSecret, config.metrics?.token],
    });
    // The workers' numbers summed, on the metrics port (a port the primary holds, before any worker starts).
    if (config.metrics) await serveClusterMetrics(config.metrics);
    superviseWorkers({ workers: config.webConcurrency, logger });
    return;
  }
  const primaryMetrics = cluster.isWorker ? answerPrimaryMetrics() : undefined;
  // The app is loaded only where it serves: the primary of several workers stays a small process.
  const { createApp, listen } = await import('./app.js');
  const app = await createApp(config);
  // A worker answers the primary's scrapes with its registry; a single process serves its own.
  primaryMetrics?.ready(app.metrics.registry);
  const metricsServer =
    config.metrics && !cluster.isWorker
      ? await startMetricsServer({
          ...config.metrics,
          metrics: () => app.metrics.registry.metrics(),
          contentType: app.metrics.registry.contentType,
        })
      : undefined;
  const { stop } = await listen(app, config.port, config.host);
  app.logger.info(
    {
      event: 'server.started',
      port: config.port,
      host: config.host ?? 'all interfaces',
      baseUrl: config.baseUrl,
      database: app.db.kind,
      demo: Boolean(app.demo),
      pid: process.pid,
      ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}),
      ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
    },
    `DigiSkill listening on ${config.baseUrl}${app.demo ? ` (demo LMS: ${config.baseUrl}/demo)` : ''}`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ event: 'server.stopping', signal }, 'draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    Promise.all([stop(), metricsServer?.close()])
      .then(() => app.logger.flush(() => process.exit(0)))
      .catch((err: unknown) => {
        app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`DigiSkill failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
