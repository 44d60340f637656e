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

  it('when a launch is rejected, then one warning names the reason code and the request', async () => {
    lines.length = 0;
    await launch(t, t.agent(), user(), { signing: { kind: 'foreign-key' } });
    const rejected = lines.filter((l) => l.event === 'lti.launch_rejected');
    expect(rejected).toEqual([
      expect.objectContaining({ level: 40, code: 'INVALID_SIGNATURE', reqId: expect.any(String) }),
    ]);
  });
});
