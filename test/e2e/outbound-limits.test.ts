import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/shared/logger';
import { SimulatedLms, user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

// The outbound client's limits as the tests and the demo run it (loopback and http allowed): redirects are not
// followed, large answers are refused. Production's address rules: test/e2e/outbound-requests.test.ts.
// (ltijs is a singleton: one app per test file.)
const SECRET = 'reg-secret-0123456789abcdef';
const UNREACHABLE_EN = 'DigiSkill could not complete the registration with the learning platform';

const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
const log = {
  logger: createLogger('warn', sink),
  reasons: () => lines.filter((l) => l.event === 'outbound.failed').map((l) => String(l.reason)),
};

describe('outbound requests outside production (the tests, the demo LMS)', () => {
  let t: TestApp;
  let moodle: SimulatedLms;
  let other: http.Server;
  let otherBase: string;
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => undefined;
  beforeAll(async () => {
    t = await startTestApp({ LTI_REGISTRATION_SECRET: SECRET }, { logger: log.logger });
    moodle = await SimulatedLms.start({ deploymentId: '9' });
    other = http.createServer((req, res) => handle(req, res));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    other.closeAllConnections();
    await new Promise((done) => other.close(done));
    await moodle.stop();
    await t.close();
  });

  it("when a platform's key set URL redirects, then the redirect is not followed and the launch is refused", async () => {
    let redirected = 0;
    handle = (_req, res) => {
      redirected += 1;
      res.writeHead(302, { location: moodle.jwksUrl });
      res.end();
    };
    await t.app.platforms.add({ ...moodle.registration(), keysetUrl: `${otherBase}/certs.php` });
    const r = await launch({ ...t, lms: moodle }, t.agent(), user());
    expect(r.launch?.status).toBe(401);
    expect(redirected).toBe(1);
    expect(log.reasons()).toContain(`redirect (302) to ${moodle.jwksUrl} not followed`);
  });

  it('when the configuration is larger than 1 MB, then registration is refused and nothing is stored', async () => {
    const config = (await (await fetch(moodle.openidConfigurationUrl)).json()) as Record<string, unknown>;
    // A configuration that would register (the issuer serves it) but for its size.
    handle = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ...config, issuer: otherBase, padding: 'x'.repeat(1024 * 1024) }));
    };
    const res = await t
      .agent()
      .post(`/lti/register/${SECRET}`)
      .type('form')
      .set('accept-language', 'en')
      .send({ openid_configuration: `${otherBase}/openid`, registration_token: 'one-time' });
    expect(res.status).toBe(502);
    expect(res.text).toContain(UNREACHABLE_EN);
    expect(log.reasons()).toContain('answer larger than 1048576 bytes');
    expect(moodle.registrations).toHaveLength(0);
    expect((await t.app.platforms.list()).map((p) => p.issuer)).not.toContain(otherBase);
  });
});
