import http from 'node:http';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { freePort, ROOT, startTool, waitForHealth } from '../support/tool-process';

// The real entry point in a child process: start-up validation, listening, and draining on SIGTERM.
const start = startTool;

describe('starting the tool', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a number'],
    [{ BASE_URL: 'not a url' }, 'BASE_URL: must be an absolute http(s) URL'],
    [{ NODE_ENV: 'production' }, 'LTI_ENCRYPTION_KEY: required in production'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ HOST: 'http://127.0.0.1' }, 'HOST: must be an IP address'],
    [
      {
        NODE_ENV: 'production',
        BASE_URL: 'http://digiskill.example.go.th',
        DATABASE_URL: 'postgres://127.0.0.1:1/never',
        LTI_ENCRYPTION_KEY: 'process-test-key-0123456789abcdef0123',
      },
      'BASE_URL: must be https:// in production',
    ],
  ])('when the environment has %j, then it refuses to start and names the variable', async (env, message) => {
    const p = start({ DATA_DIR: path.join(ROOT, 'data', 'test-never-created'), ...env });
    expect(await p.exit).toBe(78);
    expect(p.output()).toContain('DigiSkill cannot start.');
    expect(p.output()).toContain(message);
  });
});

describe('stopping the tool', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('when it receives SIGTERM during a request, then it finishes that request, closes the pool and exits 0', async () => {
    if (!database.url) return; // PGlite fallback: the child would need a data folder of its own; covered elsewhere.
    const port = await freePort();
    const p = start({
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      LTI_ENCRYPTION_KEY: 'process-test-key-0123456789abcdef0123',
      DEMO_PLATFORM: 'false',
      LOG_LEVEL: 'info',
    });
    await waitForHealth(port);

    // A request whose body is still arriving when the signal comes.
    const body = 'iss=https%3A%2F%2Flms.example&login_hint=1';
    const response = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/lti/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        p.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });

    expect(await response).toBe(400); // the login request is answered (missing target_link_uri), not cut off
    expect(await p.exit).toBe(0);
    expect(p.output()).toContain('"event":"server.stopping"');
  });
});

describe('the address the tool listens on', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('when HOST names a loopback address, then the tool answers there and nowhere else', async () => {
    if (!database.url) return; // PGlite fallback: see above.
    const port = await freePort();
    // 127.0.0.2 is loopback too on Linux: a connection to 127.0.0.1 proves the bind is to the named address only.
    const p = start({
      PORT: String(port),
      HOST: '127.0.0.2',
      BASE_URL: `http://127.0.0.2:${port}`,
      DATABASE_URL: database.url,
      LTI_ENCRYPTION_KEY: 'process-test-key-0123456789abcdef0123',
      DEMO_PLATFORM: 'false',
      LOG_LEVEL: 'info',
    });
    try {
      await p.waitForOutput('"event":"server.started"');
      expect(p.output()).toContain('"host":"127.0.0.2"');
      expect((await fetch(`http://127.0.0.2:${port}/healthz`)).status).toBe(200);
      const elsewhere = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => 'answered',
        (err: Error & { cause?: { code?: string } }) => err.cause?.code,
      );
      expect(elsewhere).toBe('ECONNREFUSED');
    } finally {
      p.child.kill('SIGTERM');
      await p.exit;
    }
  });
});

const METRICS_TOKEN = 'process-test-metrics-token-0123456789';

/** GET /metrics as Prometheus sends it (a bearer token); the text, or an error on any other status. */
async function scrapeMetrics(port: number, token = METRICS_TOKEN): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`metrics answered ${res.status}`);
  return res.text();
}

describe('the metrics listener (METRICS_PORT)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it("when one process runs, then it serves its own numbers on the metrics port, behind the token, and not on the app's port", async () => {
    if (!database.url) return; // PGlite fallback: see above.
    const port = await freePort();
    const metricsPort = await freePort();
    const p = start({
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      LTI_ENCRYPTION_KEY: 'process-test-key-0123456789abcdef0123',
      DEMO_PLATFORM: 'false',
      LOG_LEVEL: 'info',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN,
    });
    try {
      await waitForHealth(port);
      const text = await scrapeMetrics(metricsPort);
      expect(text).toMatch(
        /^digiskill_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+$/m,
      );
      expect(text).toMatch(/^digiskill_db_pool_connections\{state="total"\} \d+$/m);
      expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
      await expect(scrapeMetrics(metricsPort, 'wrong-token-0123456789abcdef')).rejects.toThrow('401');
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      // The token is a secret: the logger takes it out of any line that would carry it.
      expect(p.output()).not.toContain(METRICS_TOKEN);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exit).toBe(0);
  });
});

describe('one worker per core (WEB_CONCURRENCY)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  const startedPids = (output: string) =>
    output
      .split('\n')
      .filter((line) => line.includes('"event":"server.started"'))
      .map((line) => (JSON.parse(line) as { pid: number }).pid);

  it('serves from two workers, sums their metrics, replaces one that dies, restarts them one by one on SIGHUP and drains on SIGTERM', async () => {
    if (!database.url) return; // PGlite fallback: several workers need a PostgreSQL server (the config says so).
    const port = await freePort();
    const metricsPort = await freePort();
    const p = start({
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      LTI_ENCRYPTION_KEY: 'process-test-key-0123456789abcdef0123',
      DEMO_PLATFORM: 'false',
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: '2',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: METRICS_TOKEN,
    });
    // A new connection per request: a kept-alive one may be closed by a draining worker just as a request is sent
    // on it, which any client of any server can meet (proxies retry it); new connections go to a listening worker.
    const health = () =>
      new Promise<number>((resolve, reject) =>
        http
          .get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject),
      );
    try {
      await p.waitForOutput('"event":"server.started"', 2);
      expect(p.output()).toContain('"event":"cluster.started"');
      const [first, second] = startedPids(p.output());
      expect(new Set([first, second, p.child.pid]).size).toBe(3);
      expect(await Promise.all(Array.from({ length: 10 }, health))).toEqual(Array(10).fill(200));
      // The primary answers on the metrics port with the workers' registries summed (the cluster hands
      // connections out in turn, so each worker answered some of the ten).
      const summed = await scrapeMetrics(metricsPort);
      expect(summed).toMatch(
        /^digiskill_http_requests_total\{route="\/healthz",method="GET",status="200"\} 10$/m,
      );
      expect(summed).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(summed).toMatch(/^digiskill_grades_undelivered\{state="waiting"\} 0$/m);

      process.kill(first!, 'SIGKILL');
      await p.waitForOutput('"event":"server.started"', 3);
      expect(p.output()).toContain('"event":"worker.exited"');
      expect(await health()).toBe(200);

      // Requests keep being answered while the workers are replaced one at a time.
      const statuses: number[] = [];
      let restarted = false;
      const load = (async () => {
        while (!restarted) statuses.push(await health());
      })();
      p.child.kill('SIGHUP');
      await p.waitForOutput('"event":"cluster.restarted"');
      restarted = true;
      await load;
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const pids = startedPids(p.output());
      expect(pids).toHaveLength(5);
      expect(pids.slice(3)).not.toContain(second);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exit).toBe(0);
    expect(p.output()).toContain('"event":"cluster.stopped"');
    // Five workers start in turn; on a host busy with the rest of the suite each start can take half a minute.
  }, 300_000);
});
