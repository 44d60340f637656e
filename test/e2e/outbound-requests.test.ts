import { platformHosts } from '../../src/lti/platform-hosts';
import crypto from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createAgsClient, ScoreDeliveryError } from '../../src/lti/ags-client';
import { createLogger } from '../../src/shared/logger';
import { createOutboundClient, type ResolveHost } from '../../src/shared/outbound-http';
import { createOutboundPolicy } from '../../src/shared/outbound-policy';
import { user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

// Server-side request forgery: the URLs a platform hands over (its configuration, key set, token and service
// endpoints) must not make the tool reach inside. Every server here is on loopback; "public" and "intranet"
// names are answered by an injected resolver, and nothing is sent to any other address.
const SECRET = 'reg-secret-0123456789abcdef';
const UNREACHABLE_EN = 'DigiSkill could not complete the registration with the learning platform';
const UNREACHABLE_TH = 'DigiSkill ลงทะเบียนกับระบบการเรียนรู้ไม่สำเร็จ';

function logSink() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const reasons = () => lines.filter((l) => l.event === 'outbound.failed').map((l) => String(l.reason));
  return { logger: createLogger('warn', sink), lines, reasons };
}

const answers: Record<string, string[]> = {
  'lms.loopback.test': ['127.0.0.1'],
  'moodle.intranet.test': ['127.0.0.1'],
};
const resolveHost: ResolveHost = async (host) => {
  const found = answers[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: 4 }));
};

describe('outbound requests in production', () => {
  let t: TestApp;
  const log = logSink();
  // A bare TCP listener on loopback: counts every connection that reaches it, then hangs up.
  let connections = 0;
  let listener: net.Server;
  let port: number;
  beforeAll(async () => {
    listener = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    port = (listener.address() as AddressInfo).port;
    t = await startTestApp(
      {
        NODE_ENV: 'production',
        // The test agent speaks plain http to the tool: a closed lab, as far as the tool knows.
        ALLOW_HTTP_BASE_URL: 'true',
        LTI_REGISTRATION_SECRET: SECRET,
        OUTBOUND_ALLOW_HOSTS: 'moodle.intranet.test',
      },
      { logger: log.logger, resolveHost },
    );
  });
  afterAll(async () => {
    await t.close();
    await new Promise((done) => listener.close(done));
  });
  beforeEach(() => {
    connections = 0;
    log.lines.length = 0;
  });

  const register = (openidConfiguration: string, locale = 'en') =>
    t
      .agent()
      .post(`/lti/register/${SECRET}`)
      .type('form')
      .set('accept-language', locale)
      .send({ openid_configuration: openidConfiguration, registration_token: 'one-time' });

  it.each([
    [
      'loopback',
      () => `https://127.0.0.1:${port}/mod/lti/openid-configuration.php`,
      /loopback address 127\.0\.0\.1/,
    ],
    ['loopback, decimal', () => `https://2130706433:${port}/openid`, /loopback address 127\.0\.0\.1/],
    [
      'loopback, IPv4-mapped',
      () => `https://[::ffff:127.0.0.1]:${port}/openid`,
      /loopback address ::ffff:7f00:1/,
    ],
    [
      'a private address',
      () => 'https://10.0.0.1/mod/lti/openid-configuration.php',
      /private address 10\.0\.0\.1/,
    ],
    [
      'cloud metadata',
      () => 'https://169.254.169.254/latest/meta-data/',
      /linkLocal address 169\.254\.169\.254/,
    ],
    [
      'a name resolving to loopback',
      () => `https://lms.loopback.test:${port}/openid`,
      /loopback address 127\.0\.0\.1 for lms\.loopback\.test/,
    ],
  ])(
    'when openid_configuration points at %s, then registration is refused with the one generic message, before any connection, and nothing is stored',
    async (_name, url, reason) => {
      const before = await t.app.platforms.list();
      const en = await register(url());
      expect(en.status).toBe(502);
      expect(en.text).toContain(UNREACHABLE_EN);
      expect(en.text).not.toMatch(/loopback|private|linkLocal|ECONNREFUSED|10\.0\.0\.1|127\.0\.0\.1/);
      const th = await register(url(), 'th');
      expect(th.status).toBe(502);
      expect(th.text).toContain(UNREACHABLE_TH);
      expect(connections).toBe(0);
      expect(log.reasons()[0]).toMatch(reason);
      expect(await t.app.platforms.list()).toEqual(before);
    },
  );

  it('when openid_configuration is plain http, even on loopback, then registration is refused as insecure', async () => {
    const res = await register(`http://127.0.0.1:${port}/mod/lti/openid-configuration.php`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('The learning platform must use https addresses');
    expect(connections).toBe(0);
  });

  it('when the intranet Moodle is listed in OUTBOUND_ALLOW_HOSTS, then the tool connects to it; an unlisted name on the same address is refused', async () => {
    // The listener speaks no TLS, so this registration fails after connecting: the connection is the point.
    const listed = await register(`https://moodle.intranet.test:${port}/mod/lti/openid-configuration.php`);
    expect(listed.text).toContain(UNREACHABLE_EN);
    expect(connections).toBe(1);
    expect(log.reasons()[0]).not.toMatch(/loopback address/);

    const unlisted = await register(`https://lms.loopback.test:${port}/mod/lti/openid-configuration.php`);
    expect(unlisted.text).toContain(UNREACHABLE_EN);
    expect(connections).toBe(1);
  });

  it('when a registered platform publishes its key set on plain http on loopback, then its launches are refused', async () => {
    const r = await launch(t, t.agent(), user({ locale: 'en' }));
    expect(r.launch?.status).toBe(401);
    expect(r.launch?.text).toContain('The launch from your learning platform could not be verified');
    expect(log.reasons()).toContain('http: is not allowed');
  });
});

describe('grade and roster services through the outbound client', () => {
  it('when the token endpoint is on a refused address, then the grade fails with the one generic reason', async () => {
    const outbound = createOutboundClient({ policy: createOutboundPolicy({ production: true }) });
    const ags = createAgsClient({
      fetch: outbound.fetch,
      credentials: async () => ({
        kid: 'k',
        privateKey: crypto
          .generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        tokenEndpoint: 'https://127.0.0.1:1/mod/lti/token.php',
        audience: 'https://127.0.0.1:1/mod/lti/token.php',
        hosts: platformHosts(['https://127.0.0.1:1/mod/lti/token.php', 'https://10.0.0.1/'], true),
      }),
    });
    const sent = ags.sendScore({
      issuer: 'https://moodle.example',
      clientId: 'c',
      lineitemUrl: 'https://10.0.0.1/mod/lti/services.php/2/lineitems/5/lineitem',
      platformUserId: 'u',
      scoreGiven: 1,
      scoreMaximum: 1,
      timestamp: new Date(0),
    });
    await expect(sent).rejects.toBeInstanceOf(ScoreDeliveryError);
    await expect(sent).rejects.toThrow('token request: the address could not be reached');
    outbound.close();
  });
});
