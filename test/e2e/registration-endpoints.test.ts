import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { startTestApp, type TestApp } from '../support/test-app';

// Dynamic Registration, the threat side: whoever holds the registration secret (or tricks an admin into opening a
// registration URL) chooses the configuration URL, and the configuration names the endpoints the tool calls. Every
// endpoint must be on the issuer's origin, as Moodle serves them all from its wwwroot, and a failed request looks
// the same whatever the address behind it did.
const SECRET = 'reg-secret-endpoints-0123456789ab';
const SHARED_FAILURE = 'DigiSkill could not complete the registration with the learning platform';
const SHARED_FAILURE_TH = 'DigiSkill ลงทะเบียนกับระบบการเรียนรู้ไม่สำเร็จ';

let log = '';
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    log += chunk.toString();
    done();
  },
});

let t: TestApp;
const servers: http.Server[] = [];
const listen = async (handler: http.RequestListener) => {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};
/** What an internal service (another host in real life, another port here) was asked. */
const internalHits: string[] = [];
let internalPort = 0;
let closedPort = 0;
let platformPort = 0;
/** The configuration the "platform" serves: its endpoints, overridable per test through the query string. */
const platformConfiguration = (query: URLSearchParams) => {
  const issuer = `http://127.0.0.1:${platformPort}`;
  return {
    issuer,
    authorization_endpoint: query.get('auth') ?? `${issuer}/mod/lti/auth.php`,
    token_endpoint: query.get('token') ?? `${issuer}/mod/lti/token.php`,
    jwks_uri: query.get('jwks') ?? `${issuer}/mod/lti/certs.php`,
    registration_endpoint: query.get('reg') ?? `${issuer}/mod/lti/openid-registration.php`,
  };
};
/** How the platform's registration endpoint answers, per test. */
let registrationAnswer: (res: http.ServerResponse) => void = (res) => res.end();

beforeAll(async () => {
  t = await startTestApp({ LTI_REGISTRATION_SECRET: SECRET, LOG_LEVEL: 'warn' }, { logDestination: sink });
  internalPort = await listen((req, res) => {
    internalHits.push(`${req.method} ${req.url}`);
    res.end('internal admin console');
  });
  closedPort = await listen((_q, r) => r.end());
  await new Promise((r) => servers.pop()!.close(r)); // nothing listens there any more
  platformPort = await listen((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/mod/lti/openid-registration.php') {
      registrationAnswer(res);
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(platformConfiguration(url.searchParams)));
  });
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await t.close();
});
beforeEach(() => {
  internalHits.length = 0;
  log = '';
});

const configurationUrl = (endpoints: Record<string, string> = {}) =>
  `http://127.0.0.1:${platformPort}/mod/lti/openid-configuration.php?${new URLSearchParams(endpoints).toString()}`;
const register = (openidConfiguration: string, locale = 'en') =>
  t
    .agent()
    .post(`/lti/register/${SECRET}`)
    .type('form')
    .set('accept-language', locale)
    .send({ openid_configuration: openidConfiguration, registration_token: 'one-time' });
const registrationPage = (openidConfiguration: string, locale = 'en') =>
  t
    .agent()
    .get(
      `/lti/register/${SECRET}?${new URLSearchParams({ openid_configuration: openidConfiguration }).toString()}`,
    )
    .set('accept-language', locale);
const platformIssuers = async () => (await t.app.platforms.list()).map((p) => p.issuer);
const failures = () =>
  log
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event?: string; code?: string; detail?: string })
    .filter((l) => l.event === 'lti.registration_failed');

describe("Dynamic Registration calls only the issuer's own origin", () => {
  const elsewhere = () => `http://127.0.0.1:${internalPort}/admin/do-something`;

  it("when the registration endpoint is on another port of the issuer's host, then nothing is posted there, the registration is refused in English and Thai, and nothing is stored", async () => {
    const en = await register(configurationUrl({ reg: elsewhere() }));
    const th = await register(configurationUrl({ reg: elsewhere() }), 'th');
    expect(internalHits).toEqual([]);
    expect(en.status).toBe(400);
    expect(en.text).toContain('names addresses that are not on the platform itself');
    expect(th.status).toBe(400);
    expect(th.text).toContain('ข้อมูลการตั้งค่าของระบบการเรียนรู้ระบุที่อยู่ที่ไม่ได้อยู่บนระบบการเรียนรู้นั้นเอง');
    expect(await platformIssuers()).not.toContain(`http://127.0.0.1:${platformPort}`);
    expect(failures()).toMatchObject([{ code: 'ENDPOINT_ELSEWHERE' }, { code: 'ENDPOINT_ELSEWHERE' }]);
  });

  it.each([
    ['authorization endpoint', 'auth'],
    ['token endpoint', 'token'],
    ['key set', 'jwks'],
    ['registration endpoint', 'reg'],
  ])(
    'when the %s is on another host, then the confirmation page is refused too and nothing is stored',
    async (_name, field) => {
      const url = configurationUrl({ [field]: `http://localhost:${platformPort}/elsewhere` });
      const page = await registrationPage(url);
      expect(page.status).toBe(400);
      expect(page.text).toContain('names addresses that are not on the platform itself');
      expect(page.text).not.toContain('data-testid="issuer"');
      const post = await register(url);
      expect(post.status).toBe(400);
      expect(await platformIssuers()).not.toContain(`http://127.0.0.1:${platformPort}`);
    },
  );
});

describe('a failed registration says the same whatever answered (no port mapping)', () => {
  it('when the configuration URL names an open internal port, a closed one, or a page that is not a configuration, then the status and the message are the same, and only the log says which', async () => {
    const answers = await Promise.all([
      register(`http://127.0.0.1:${internalPort}/`),
      register(`http://127.0.0.1:${closedPort}/`),
      register(`http://127.0.0.1:${platformPort}/mod/lti/openid-registration.php`), // 200, empty
    ]);
    expect(answers.map((a) => a.status)).toEqual([502, 502, 502]);
    for (const a of answers) {
      expect(a.text).toContain(SHARED_FAILURE);
      expect(a.text).not.toContain('internal admin console');
    }
    expect(
      failures()
        .map((f) => f.code)
        .sort(),
    ).toEqual(['CONFIGURATION_INVALID', 'CONFIGURATION_INVALID', 'CONFIGURATION_UNREACHABLE']);
    const th = await registrationPage(`http://127.0.0.1:${closedPort}/`, 'th');
    expect(th.status).toBe(502);
    expect(th.text).toContain(SHARED_FAILURE_TH);
  });

  it.each<[string, (res: http.ServerResponse) => void]>([
    [
      'refuses it (401)',
      (res) => {
        res.statusCode = 401;
        res.end('{"error":"token_already_used"}');
      },
    ],
    ['answers with something that is not JSON', (res) => res.end('<html>login</html>')],
    ['answers without a client id', (res) => res.end('{"client_name":"DigiSkill"}')],
    [
      'drops the connection',
      (res) => {
        res.socket?.destroy();
      },
    ],
  ])(
    'when the platform %s, then the page gives the one status and message and nothing is stored',
    async (_name, answer) => {
      registrationAnswer = answer;
      const res = await register(configurationUrl());
      expect(res.status).toBe(502);
      expect(res.text).toContain(SHARED_FAILURE);
      expect(await platformIssuers()).not.toContain(`http://127.0.0.1:${platformPort}`);
      expect(failures()).toHaveLength(1);
    },
  );
});
