import { Writable } from 'node:stream';
import type supertest from 'supertest';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { LTI, ROLE, SimulatedLms, user, type LmsUser } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

// Observability, the threat side: a whole working day of the tool at the most verbose log level, then the log is
// searched for every credential that passed through it.
const SECRET = 'reg-secret-log-0123456789abcdef';
const ENCRYPTION_KEY = 'log-test-encryption-key-0123456789abcdef';
const METRICS_TOKEN = 'metrics-token-log-0123456789abcdef';
const SLUG = 'dg-digital-government-laws';
const mod = sampleModule(SLUG);

let log = '';
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    log += chunk.toString();
    done();
  },
});

let t: TestApp;
let moodle: SimulatedLms;
beforeAll(async () => {
  t = await startTestApp(
    {
      LTI_REGISTRATION_SECRET: SECRET,
      LTI_ENCRYPTION_KEY: ENCRYPTION_KEY,
      LOG_LEVEL: 'trace',
      GRADE_POLL_MS: '3600000',
      METRICS_PORT: '9464',
      METRICS_TOKEN,
    },
    { logDestination: sink },
  );
  moodle = await SimulatedLms.start({ deploymentId: '7' });
  moodle.toolKeyset = t.lms.toolKeyset;
});
afterAll(async () => {
  await moodle.stop();
  await t.close();
});

/** Every credential seen during the flow, by what it is (for a readable failure). */
const secrets = new Map<string, string>();
const remember = (what: string, value: string | undefined | null) => {
  if (value && value.length >= 8) secrets.set(value, what);
};

function rememberCookies(what: string, res: supertest.Response | undefined) {
  const header = res?.headers['set-cookie'] as string[] | string | undefined;
  for (const c of ([] as string[]).concat(header ?? [])) {
    const [name, ...rest] = c.split(';')[0]!.split('=');
    const value = rest.join('=');
    remember(`${what} cookie ${name}`, value);
    remember(`${what} cookie ${name} (decoded)`, decodeURIComponent(value));
    // ltijs names its state cookie after the state itself.
    if (name!.startsWith('state')) remember(`${what} state cookie name`, name!.slice('state'.length));
  }
}

async function launchAndRemember(what: string, u: LmsUser, claims: Record<string, unknown>, link?: string) {
  const agent = t.agent();
  const r = await launch({ ...t, lms: moodle }, agent, u, {
    claims,
    ...(link ? { resourceLink: { id: link, title: link } } : {}),
  });
  expect(r.page?.status).toBe(200);
  const login = new URL(r.login.headers.location as string);
  remember(`${what} state`, login.searchParams.get('state'));
  remember(`${what} nonce`, login.searchParams.get('nonce'));
  remember(`${what} id_token`, r.idToken);
  remember(`${what} id_token signature`, r.idToken!.split('.')[2]);
  rememberCookies(`${what} login`, r.login);
  rememberCookies(`${what} launch`, r.launch);
  rememberCookies(`${what} page`, r.page);
  const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
  remember(`${what} ltik`, ltik);
  remember(`${what} ltik signature`, ltik.split('.')[2]);
  return { agent, ltik, q: `ltik=${encodeURIComponent(ltik)}` };
}

describe('no credential reaches the log', () => {
  it('when a platform registers, people launch, place and complete modules and grades go back (one failing), then the trace log holds none of the credentials', async () => {
    remember('encryption key', ENCRYPTION_KEY);
    remember('registration secret', SECRET);
    remember('a guessed registration secret', SECRET.replace('0', '1'));

    // Dynamic Registration: a wrong secret, the real one, and a token used twice (the platform's refusal is logged).
    const start = moodle.startRegistration();
    remember('registration token', start.registration_token);
    const query = new URLSearchParams(start).toString();
    expect((await t.agent().get(`/lti/register/${SECRET.replace('0', '1')}?${query}`)).status).toBe(403);
    expect((await t.agent().get(`/lti/register/${SECRET}?${query}`)).status).toBe(200);
    expect((await t.agent().post(`/lti/register/${SECRET}`).type('form').send(start)).status).toBe(200);
    expect((await t.agent().post(`/lti/register/${SECRET}`).type('form').send(start)).status).toBe(502);

    // An instructor places a module through Deep Linking.
    const teacher = await launchAndRemember(
      'instructor',
      user({ roles: [ROLE.instructor] }),
      moodle.deepLinkingClaims(),
    );
    const picked = await teacher.agent
      .post(`/app/deep-link?${teacher.q}`)
      .type('form')
      .send({ module: SLUG });
    expect(picked.status).toBe(200);
    const response = /name="JWT" value="([^"]+)"/.exec(picked.text)![1]!;
    remember('deep linking response', response);
    remember('deep linking response signature', response.split('.')[2]);

    // Two learners complete it; the LMS takes the first grade and fails the second.
    const custom = { [`${LTI}custom`]: { module: SLUG } };
    for (const [i, failing] of [false, true].entries()) {
      const s = await launchAndRemember(`learner ${i}`, user(), custom, `link-${SLUG}`);
      // A page that names the previous page, ltik and all, as browsers do.
      for (let p = 1; p <= mod.pages.length; p += 1)
        expect(
          (
            await s.agent
              .get(`/app/modules/${SLUG}/pages/${p}?${s.q}`)
              .set('Referer', `${t.config.baseUrl}/app/modules/${SLUG}?${s.q}`)
          ).status,
        ).toBe(200);
      moodle.failServicesWith = failing ? 503 : undefined;
      try {
        expect(
          (await s.agent.post(`/app/modules/${SLUG}/quiz?${s.q}`).type('form').send(quizAnswers(mod))).status,
        ).toBe(200);
        await t.app.grades.drain();
      } finally {
        moodle.failServicesWith = undefined;
      }
      // Refusals that carry the ltik: a page that does not exist, and a forged ltik.
      expect((await s.agent.get(`/app/no-such-page?${s.q}`)).status).toBe(404);
      // The metrics token sent to the app's port (a scraper pointed at the wrong port): a 404 whose URL is logged.
      remember('metrics token', METRICS_TOKEN);
      expect((await t.agent().get(`/metrics/${METRICS_TOKEN}`)).status).toBe(404);
      expect((await s.agent.get(`/app/progress?${s.q.slice(0, -4)}AAAA`)).status).toBe(401);
    }
    await t.app.grades.drain();

    for (const call of moodle.calls.token) {
      const assertion = (call.body as { client_assertion?: string }).client_assertion;
      remember('client assertion', assertion);
      remember('client assertion signature', assertion?.split('.')[2]);
    }
    for (const call of moodle.calls.scores)
      remember('access token', (call.headers.authorization ?? '').replace(/^Bearer /, ''));
    expect(moodle.calls.scores.length).toBeGreaterThanOrEqual(1);
    expect([...secrets.values()].filter((w) => w === 'access token')).toHaveLength(1);
    expect([...secrets.values()].filter((w) => w === 'client assertion')).toHaveLength(1);

    // The log saw all of it: registration, launches, the grade delivered and the one that failed.
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const events = new Set(lines.map((l) => l.event));
    for (const e of [
      'lti.platform_registered',
      'lti.registration_failed',
      'grade.delivered',
      'grade.delivery_failed',
    ])
      expect(events).toContain(e);
    expect(log).toContain('/lti/register/[redacted]?openid_configuration=');
    expect(log).toContain(`/app/no-such-page?ltik=[redacted]`);

    const leaked = [...secrets].filter(([value]) => log.includes(value)).map(([, what]) => what);
    expect(leaked).toEqual([]);
    expect(secrets.size).toBeGreaterThan(20);
  });
});
