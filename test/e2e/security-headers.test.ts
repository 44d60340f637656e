import type supertest from 'supertest';
import { MOODLE_ROLES, ROLE, SimulatedLms, user } from '../support/simulated-lms';
import { launch, openSession, postForm, startTestApp, withLtik, type TestApp } from '../support/test-app';

// The Content-Security-Policy on every kind of response, and no HSTS outside production (its own file for
// production: test/e2e/security-headers-production.test.ts). The demo LMS is on to reach its pages too.
const SECRET = 'reg-secret-0123456789abcdef';
let t: TestApp;
let other: SimulatedLms;
beforeAll(async () => {
  t = await startTestApp({ DEMO_PLATFORM: 'true', LTI_REGISTRATION_SECRET: SECRET });
  other = await SimulatedLms.start({ deploymentId: '9' });
});
afterAll(async () => {
  await other.stop();
  await t.close();
});

const directives = (res: supertest.Response): Map<string, string[]> => {
  const header = res.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
};

/** The policy every page carries: no inline script, nothing but the tool's own forms, framed by platforms only. */
function expectPagePolicy(res: supertest.Response): Map<string, string[]> {
  const csp = directives(res);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
  // The demo LMS (same origin) and the simulated Moodle registered by the test app.
  expect(csp.get('frame-ancestors')).toEqual(
    expect.arrayContaining(["'self'", new URL(t.lms.issuer).origin]),
  );
  expect(csp.get('frame-ancestors')).not.toContain('*');
  expect(res.headers['x-frame-options']).toBeUndefined();
  expect(res.headers['strict-transport-security']).toBeUndefined();
  return csp;
}

/** No inline script and no inline event handler in the page (the policy would block them: they must not exist). */
function expectNoInlineScript(html: string): void {
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
  expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
}

describe('Content-Security-Policy', () => {
  it('when a launch runs (login redirect, form post, launch page, pages after it), then every response carries the policy', async () => {
    const agent = t.agent();
    // Moodle's site administrator: every page below is open to them, the authoring form included.
    const r = await launch(t, agent, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), {
      context: { id: 'csp-course', title: 'CSP course' },
    });
    for (const res of [r.login, r.launch!, r.page!]) expectPagePolicy(res);
    expect(r.login.status).toBe(302);
    expect(r.launch!.status).toBe(302);
    expect(r.page!.status).toBe(200);
    expectNoInlineScript(r.page!.text);

    const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
    for (const path of [
      '/app/progress',
      '/app/class',
      '/app/approvals',
      '/app/learners',
      '/app/grades',
      '/app/catalogue',
      '/app/catalogue/new',
      '/app/catalogue/matrix',
      '/app/framework',
      '/app/assessments',
      '/app/self-assessment',
    ]) {
      const page = await agent.get(withLtik({ ltik }, path));
      expect([path, page.status]).toEqual([path, 200]);
      expectPagePolicy(page);
      expectNoInlineScript(page.text);
    }
  });

  it('when a learner prints a self-assessment result, then the print button works through a script file, not onclick', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    const rated = await postForm(s, '/app/self-assessment', {
      group: 'SERV',
      stage: 'DEVELOPING',
      ...Object.fromEntries(
        ['DL', 'DG', 'DT', 'DPS', 'PSM', 'DLD', 'DTF'].map((code) => [`rating.${code}`, '1']),
      ),
    });
    expect(rated.status).toBe(303);
    const result = await s.agent.get(rated.headers.location as string);
    expect(result.status).toBe(200);
    expect(result.text).toContain('data-testid="self-assessment-result"');
    expect(result.text).toContain('data-print');
    expect(result.text).toContain('<script src="/static/print.js"></script>');
    expectPagePolicy(result);
    expectNoInlineScript(result.text);
  });

  it('when the module player, the demo LMS and its form post are served, then they carry the policy and no inline script', async () => {
    const s = await openSession(t, user({ locale: 'th' }), { module: 'dl-computer-basics' });
    expectPagePolicy(s.page);
    expectNoInlineScript(s.page.text);

    const demo = await t.agent().get('/demo?lang=en');
    expect(demo.status).toBe(200);
    expectPagePolicy(demo);
    expectNoInlineScript(demo.text);

    // The demo LMS's authentication answer: the id_token form that posts itself to the tool, through a file.
    const agent = t.agent();
    const start = await agent.get('/demo/start?as=learner&locale=en');
    const login = await agent.get(String(start.headers.location));
    const auth = await agent.get(String(login.headers.location).replace(t.config.baseUrl, ''));
    expect(auth.status).toBe(200);
    expectPagePolicy(auth);
    expectNoInlineScript(auth.text);
    expect(auth.text).toContain('data-auto-submit');
    expect(auth.text).toContain('<script src="/static/auto-submit.js"></script>');
  });

  it('when an error page, a 404, a refused launch, a static file, /healthz or the key set is served, then it carries the policy too', async () => {
    const responses = [
      await t.agent().get('/no-such-page'),
      await t.agent().get('/%E0%A4%A'),
      await t.agent().post('/lti/login').type('form').send({ iss: t.lms.issuer }),
      await t.agent().post('/lti/launch').type('form').send({ id_token: 'not-a-token', state: 'x' }),
      await t.agent().get('/app/progress'),
      await t.agent().get('/static/app.css'),
      await t.agent().get('/static/auto-submit.js'),
      await t.agent().get('/healthz'),
      await t.agent().get('/lti/keys'),
    ];
    expect(responses.map((r) => r.status)).toEqual([404, 400, 400, 401, 401, 200, 200, 200, 200]);
    for (const res of responses) expectPagePolicy(res);
    for (const res of responses.slice(0, 5)) expectNoInlineScript(res.text);
  });

  it('when the Deep Linking response goes back to the LMS, then that page alone may post to the return URL, by a script file', async () => {
    const agent = t.agent();
    const r = await launch(t, agent, user({ roles: [ROLE.instructor], locale: 'en' }), {
      claims: t.lms.deepLinkingClaims('true', ['ltiResourceLink']),
    });
    expectPagePolicy(r.page!);
    const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
    const res = await postForm({ agent, ltik }, '/app/deep-link', { module: 'dl-computer-basics' });
    expect(res.status).toBe(200);
    const csp = directives(res);
    expect(csp.get('form-action')).toEqual(["'self'", `${t.lms.issuer}/mod/lti/contentitem_return.php`]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(res.text).toContain('data-auto-submit');
    expect(res.text).toContain('<script src="/static/auto-submit.js"></script>');
    expectNoInlineScript(res.text);
    // Any other page of the same session is back to the tool's own forms.
    expect(directives(await agent.get(withLtik({ ltik }, '/app/progress'))).get('form-action')).toEqual([
      "'self'",
    ]);
  });

  it('when a platform is registered, then its origin may frame the tool at once; an unregistered one may not', async () => {
    const origin = new URL(other.issuer).origin;
    expect(directives(await t.agent().get('/healthz')).get('frame-ancestors')).not.toContain(origin);
    await t.app.platforms.add(other.registration('Another Moodle'));
    expect(directives(await t.agent().get('/healthz')).get('frame-ancestors')).toContain(origin);
    await t.app.platforms.remove(other.issuer);
    expect(directives(await t.agent().get('/healthz')).get('frame-ancestors')).not.toContain(origin);
  });

  it('when Moodle registers the tool by URL inside its frame, then the registration pages may be framed by that Moodle', async () => {
    const moodle = await SimulatedLms.start({ deploymentId: '3' });
    try {
      const start = moodle.startRegistration();
      const origin = new URL(moodle.issuer).origin;
      // Without the secret nothing is widened.
      const refused = await t
        .agent()
        .get(`/lti/register/wrong-secret-0123456789?${new URLSearchParams(start).toString()}`);
      expect(refused.status).toBe(403);
      expect(directives(refused).get('frame-ancestors')).not.toContain(origin);
      const page = await t
        .agent()
        .get(`/lti/register/${SECRET}?${new URLSearchParams(start).toString()}`)
        .set('accept-language', 'en');
      expect(page.status).toBe(200);
      expect(directives(page).get('frame-ancestors')).toContain(origin);
      expectNoInlineScript(page.text);
      const done = await t.agent().post(`/lti/register/${SECRET}`).type('form').send(start);
      expect(done.status).toBe(200);
      expect(directives(done).get('frame-ancestors')).toContain(origin);
      expect(done.text).toContain('<script src="/static/registration-done.js"></script>');
      expectNoInlineScript(done.text);
    } finally {
      await t.app.platforms.remove(moodle.issuer).catch(() => 0);
      await moodle.stop();
    }
  });

  it('when a page, a refused session or the key set is served, then every response says no-referrer and nosniff', async () => {
    // The ltik travels in the URLs of a session's pages: a link followed from one must not carry it in Referer.
    const session = await openSession(t, user());
    const responses = [
      await session.agent.get(withLtik(session, '/app/progress')),
      await t.agent().get('/app/progress'),
      await t.agent().get('/no-such-page'),
      await t.agent().get('/static/app.css'),
      await t.agent().get('/favicon.ico'),
      await t.agent().get('/lti/keys'),
      await t.agent().get('/healthz'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 200, 204, 200, 200]);
    for (const res of responses) {
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('when the key set or a page is served outside production, then no HSTS header goes out', async () => {
    const keys = await t.agent().get('/lti/keys');
    expect(keys.status).toBe(200);
    expect(keys.headers['strict-transport-security']).toBeUndefined();
    const page = await t.agent().get('/app/progress');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });
});
