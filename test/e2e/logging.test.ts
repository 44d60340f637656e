import { Writable } from 'node:stream';
import { createLogger } from '../../src/shared/logger';
import { user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

// Observability: what a launch writes to the log, read back line by line.
const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { logger: createLogger('info', sink) });
});
afterAll(async () => {
  await t.close();
});

describe('structured logs', () => {
  it('when a learner launches, then every line carries the request id and none carries a credential or personal data', async () => {
    lines.length = 0;
    const learner = user({ email: 'private.person@example.go.th', name: 'ลับ เฉพาะ' });
    const r = await launch(t, t.agent(), learner);
    expect(r.page?.status).toBe(200);
    const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines)
      expect(line.reqId ?? (line.req as { id?: unknown } | undefined)?.id).toEqual(expect.any(String));
    const text = JSON.stringify(lines);
    for (const secret of [r.idToken!, ltik, learner.email!, learner.name!, 'state']) {
      if (secret === 'state') expect(text).not.toMatch(/state[0-9a-f]{20,}=/);
      else expect(text).not.toContain(secret);
    }
  });

  it("each request gets an id, the caller's X-Request-Id when it is a plain token, and one line when it ends", async () => {
    lines.length = 0;
    const given = await t.agent().get('/healthz').set('X-Request-Id', 'lb-1234_abc');
    expect(given.headers['x-request-id']).toBe('lb-1234_abc');
    const replaced = await t.agent().get('/lti/launch?ltik=secret-value').set('X-Request-Id', 'bad id; drop');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ended = lines.filter((l) => l.msg === 'request completed');
    expect(ended).toEqual([
      expect.objectContaining({
        level: 30,
        reqId: 'lb-1234_abc',
        req: { id: 'lb-1234_abc', method: 'GET', url: '/healthz' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
      expect.objectContaining({
        level: 40,
        req: { id: replaced.headers['x-request-id'], method: 'GET', url: '/lti/launch?ltik=[redacted]' },
        res: { statusCode: 401 },
      }),
    ]);
  });

  it("a browser's favicon request is answered with nothing, and is not a warning", async () => {
    lines.length = 0;
    const res = await t.agent().get('/favicon.ico');
    expect(res.status).toBe(204);
    expect(lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });

  it('when a launch is rejected, then one warning names the reason code and the request', async () => {
    lines.length = 0;
    await launch(t, t.agent(), user(), { signing: { kind: 'foreign-key' } });
    const rejected = lines.filter((l) => l.event === 'lti.launch_rejected');
    expect(rejected).toEqual([
      expect.objectContaining({ level: 40, code: 'INVALID_SIGNATURE', reqId: expect.any(String) }),
    ]);
  });
});
