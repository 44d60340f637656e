import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Logger } from './shared/logger';
import { startMetricsServer } from './shared/metrics-server';

/**
 * The primary process of `WEB_CONCURRENCY` > 1: it serves nothing itself. It starts one worker per slot (each
 * runs the whole tool, src/main.ts, and listens on the shared port: node's cluster module hands connections out in
 * turn), starts another when one dies, restarts them one at a time on SIGHUP (a new worker listens before the old
 * one drains, so no request is refused), and on SIGTERM or SIGINT lets every worker drain and exits when they have.
 * Every worker also runs a grade worker: the outbox claims with FOR UPDATE SKIP LOCKED and a lease, so several
 * claim safely; migrations run once under an advisory lock whichever worker starts first.
 */
export interface SupervisorOptions {
  workers: number;
  logger: Logger;
  /** A worker that has not drained by then is killed, and the primary exits 1. */
  stopTimeoutMs?: number;
  /** More exits than this within `crashWindowMs` (workers that die at start) stop the primary with exit 1. */
  maxCrashes?: number;
  crashWindowMs?: number;
}

export function superviseWorkers(options: SupervisorOptions): void {
  const { workers, logger, stopTimeoutMs = 20_000, maxCrashes = 5, crashWindowMs = 60_000 } = options;
  const live = new Set<Worker>();
  const retiring = new Set<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let stoppedWith = 0;
  let restarting = false;

  const fork = (): Worker => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once('exit', (code, signal) => onExit(worker, code, signal));
    return worker;
  };

  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    for (const worker of live) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      logger.error(
        { event: 'cluster.stop_timeout', workers: live.size },
        'workers did not drain; killing them',
      );
      for (const worker of live) worker.process.kill('SIGKILL');
      process.exit(1);
    }, stopTimeoutMs);
    force.unref();
    stoppedWith = exitCode;
    if (live.size === 0) logger.flush(() => process.exit(exitCode));
  };

  function onExit(worker: Worker, code: number | null, signal: string | null): void {
    live.delete(worker);
    const pid = worker.process.pid;
    if (stopping) {
      if (live.size === 0) {
        logger.info({ event: 'cluster.stopped' }, 'every worker has stopped');
        logger.flush(() => process.exit(stoppedWith));
      }
      return;
    }
    if (retiring.delete(worker)) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - crashWindowMs) crashes.shift();
    if (crashes.length > maxCrashes) {
      logger.fatal(
        { event: 'cluster.crash_loop', pid, code, signal, exits: crashes.length },
        `workers keep exiting (${crashes.length} in ${crashWindowMs / 1000} s); stopping`,
      );
      stop(1);
      return;
    }
    logger.error({ event: 'worker.exited', pid, code, signal }, 'worker exited; starting another');
    fork();
  }

  /** One worker at a time: the new one listens before the old one is asked to drain. */
  const restart = async () => {
    if (restarting || stopping) return;
    restarting = true;
    logger.info({ event: 'cluster.restarting', workers: live.size }, 'restarting workers one at a time');
    try {
      for (const old of [...live]) {
        if (stopping) break;
        const fresh = fork();
        await once(fresh, 'listening');
        retiring.add(old);
        old.process.kill('SIGTERM');
        await once(old, 'exit');
      }
      logger.info({ event: 'cluster.restarted', workers: live.size }, 'workers restarted');
    } finally {
      restarting = false;
    }
  };

  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.on('SIGHUP', () => {
    restart().catch((err: unknown) =>
      logger.error({ err, event: 'cluster.restart_failed' }, 'restart failed'),
    );
  });

  logger.info({ event: 'cluster.started', workers }, `starting ${workers} workers`);
  for (let i = 0; i < workers; i += 1) fork();
}

/**
 * The primary's `/metrics` on METRICS_PORT: at each scrape it asks every worker for its registry (over the cluster's
 * IPC channel) and sums them (prom-client's AggregatorRegistry): requests, launches, grades and shedding add up,
 * process figures such as RSS are the sum over the workers, and the outbox gauges, which every worker reads from
 * the same table, keep the largest value (`aggregator: 'max'`).
 */
export function serveClusterMetrics(options: { port: number; host: string; token: string | undefined }) {
  const aggregator = new AggregatorRegistry();
  return startMetricsServer({
    ...options,
    metrics: () => aggregator.clusterMetrics(),
    contentType: aggregator.contentType,
  });
}

/**
 * In a worker, at its start: answers the primary's requests for metrics, with nothing until `ready` hands it the
 * app's registry. A worker still starting (after a crash, or during a restart on SIGHUP) answers at once, so a
 * scrape meanwhile gets the other workers' numbers instead of waiting for prom-client's 5 s timeout and failing.
 */
export function answerPrimaryMetrics(): { ready(registry: Registry): void } {
  AggregatorRegistry.setRegistries([]);
  // Its constructor adds the listener for the primary's requests (once per process).
  new AggregatorRegistry();
  return { ready: (registry) => AggregatorRegistry.setRegistries(registry) };
}
