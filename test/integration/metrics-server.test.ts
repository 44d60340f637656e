import { createMetrics } from '../../src/shared/metrics';
import { startMetricsServer } from '../../src/shared/metrics-server';

// The metrics listener on a real port, scraped over HTTP as Prometheus does.
describe('the metrics listener', () => {
  const metrics = createMetrics({
    pool: () => ({ total: 4, idle: 3, waiting: 0 }),
    gradeOutbox: async () => ({
      waiting: 2,
      failing: 1,
      oldestWaitingSeconds: 12,
      oldestFailingSeconds: 3_700,
    }),
  });
  const token = 'metrics-token-0123456789abcdef';
  let listener: Awaited<ReturnType<typeof startMetricsServer>>;
  beforeAll(async () => {
    listener = await startMetricsServer({
      port: 0,
      host: '127.0.0.1',
      token,
      metrics: () => metrics.registry.metrics(),
      contentType: metrics.registry.contentType,
    });
  });
  afterAll(() => listener.close());
  const scrape = (
    headers: Record<string, string> = { authorization: `Bearer ${token}` },
    path = '/metrics',
  ) => fetch(`http://127.0.0.1:${listener.port}${path}`, { headers });

  it('when the token is missing or wrong, then it answers 401 and shows nothing', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }];
    for (const headers of attempts) {
      const res = await scrape(headers);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('digiskill_');
    }
  });

  it('when another path is asked for, then it answers 404', async () => {
    expect((await scrape(undefined, '/healthz')).status).toBe(404);
  });

  it('when scraped, then it gives requests, launches, grades, shedding, the pool and the process in the text format', async () => {
    metrics.request('/app/progress', 'GET', 200, 0.012);
    metrics.request('/app/progress', 'GET', 200, 0.02);
    metrics.launch('accepted');
    metrics.launch('refused', 'TOKEN_EXPIRED');
    metrics.gradeDelivered();
    metrics.gradeFailed('temporary');
    metrics.shed();
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain(
      'digiskill_http_requests_total{route="/app/progress",method="GET",status="200"} 2',
    );
    expect(text).toContain(
      'digiskill_http_request_duration_seconds_bucket{le="0.025",route="/app/progress",method="GET",status="200"} 2',
    );
    expect(text).toContain('digiskill_lti_launches_total{outcome="accepted",reason=""} 1');
    expect(text).toContain('digiskill_lti_launches_total{outcome="refused",reason="TOKEN_EXPIRED"} 1');
    expect(text).toContain('digiskill_grades_delivered_total 1');
    expect(text).toContain('digiskill_grade_attempts_failed_total{kind="temporary"} 1');
    expect(text).toContain('digiskill_requests_shed_total 1');
    expect(text).toContain('digiskill_db_pool_connections{state="idle"} 3');
    expect(text).toContain('digiskill_grades_undelivered{state="failing"} 1');
    expect(text).toContain('digiskill_grades_oldest_undelivered_seconds{state="failing"} 3700');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });
});
