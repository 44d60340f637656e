import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The numbers operators scrape (Prometheus text format, prom-client). One registry per app, so that tests can
 * build several apps in one process; a cluster worker hands its registry to the primary, which sums them
 * (src/shared/metrics-server.ts). Labels stay bounded: routes are express' route patterns, never raw paths.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One answered request: its route pattern (or "unmatched"), method and status. */
  request(route: string, method: string, status: number, seconds: number): void;
  /** A launch (login and id_token) accepted, or refused with its code (the codes of launch-errors.ts). */
  launch(outcome: 'accepted' | 'refused', reason?: string): void;
  gradeDelivered(): void;
  /** A delivery attempt that failed, by kind (temporary, rejected by the LMS, refused by the tool's own checks). */
  gradeFailed(kind: string): void;
  /** A request turned away with the quick 503 "busy" page (MAX_IN_FLIGHT). */
  shed(): void;
}

export interface GradeOutboxFigures {
  /** Grades not delivered yet, by state: waiting for a first attempt, or failed at least once. */
  waiting: number;
  failing: number;
  /** Age in seconds of the oldest grade of each state (0 when there is none). */
  oldestWaitingSeconds: number;
  oldestFailingSeconds: number;
}

export interface MetricsSources {
  /** The database pool now (PostgreSQL); undefined for the embedded database. */
  pool?: () => { total: number; idle: number; waiting: number } | undefined;
  /** Read at each scrape (one small query). */
  gradeOutbox?: () => Promise<GradeOutboxFigures>;
}

/** Seconds: launches are milliseconds, reports and imports up to seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  // Event-loop delay (nodejs_eventloop_lag_*), heap, RSS (process_resident_memory_bytes), GC, handles.
  collectDefaultMetrics({ register: registry });

  const labels = ['route', 'method', 'status'] as const;
  const requests = new Counter({
    name: 'digiskill_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: labels,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'digiskill_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status',
    labelNames: labels,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const launches = new Counter({
    name: 'digiskill_lti_launches_total',
    help: 'LTI launches, accepted or refused by reason',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'digiskill_grades_delivered_total',
    help: 'Grades delivered to an LMS gradebook',
    registers: [registry],
  });
  const failed = new Counter({
    name: 'digiskill_grade_attempts_failed_total',
    help: 'Grade delivery attempts that failed, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const shed = new Counter({
    name: 'digiskill_requests_shed_total',
    help: 'Requests turned away with the busy page (503) past MAX_IN_FLIGHT',
    registers: [registry],
  });

  if (sources.pool) {
    const pool = sources.pool;
    new Gauge({
      name: 'digiskill_db_pool_connections',
      help: 'Database pool connections, by state (total, idle, waiting clients)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const now = pool();
        if (!now) return;
        this.set({ state: 'total' }, now.total);
        this.set({ state: 'idle' }, now.idle);
        this.set({ state: 'waiting' }, now.waiting);
      },
    });
  }
  if (sources.gradeOutbox) {
    const read = sources.gradeOutbox;
    let pending: Promise<GradeOutboxFigures> | undefined;
    // Both gauges read the outbox once per scrape; every worker reads the same table, so the primary keeps the
    // largest value instead of adding them up.
    const figures = () => (pending ??= read().finally(() => setImmediate(() => (pending = undefined))));
    new Gauge({
      name: 'digiskill_grades_undelivered',
      help: 'Grades not yet delivered, by state (waiting: no attempt yet; failing: failed at least once)',
      labelNames: ['state'] as const,
      aggregator: 'max',
      registers: [registry],
      async collect() {
        const f = await figures();
        this.set({ state: 'waiting' }, f.waiting);
        this.set({ state: 'failing' }, f.failing);
      },
    });
    new Gauge({
      name: 'digiskill_grades_oldest_undelivered_seconds',
      help: 'Age of the oldest grade not yet delivered, by state',
      labelNames: ['state'] as const,
      aggregator: 'max',
      registers: [registry],
      async collect() {
        const f = await figures();
        this.set({ state: 'waiting' }, f.oldestWaitingSeconds);
        this.set({ state: 'failing' }, f.oldestFailingSeconds);
      },
    });
  }

  return {
    registry,
    request(route, method, status, seconds) {
      const l = { route, method, status: String(status) };
      requests.inc(l);
      latency.observe(l, seconds);
    },
    launch(outcome, reason = '') {
      launches.inc({ outcome, reason });
    },
    gradeDelivered: () => delivered.inc(),
    gradeFailed: (kind) => failed.inc({ kind }),
    shed: () => shed.inc(),
  };
}
