import { ROLE, user } from '../support/simulated-lms';
import { launch, startTestApp, TOOL_BASE_URL, type TestApp } from '../support/test-app';

let t: TestApp;
/** The tool's clock runs this far ahead of the machine's (the key set cache's refetch window, without a sleep). */
let aheadMs = 0;
beforeAll(async () => {
  t = await startTestApp({}, { now: () => new Date(Date.now() + aheadMs) });
});
afterAll(async () => {
  await t.close();
});

const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

describe('LTI 1.3 launch from the LMS', () => {
  it('when a learner launches, then the launch lands on the home page, which greets them in Thai with their course and role', async () => {
    const learner = user({ name: 'สมหญิง รักเรียน', locale: 'th_TH' });
    const r = await launch(t, t.agent(), learner);
    expect(r.login.status).toBe(302);
    expect(r.launch?.status).toBe(302);
    expect(r.launch?.headers.location).toMatch(/^\/lti\/launch\?ltik=/);
    expect(r.page?.status).toBe(200);
    expect((r.page as unknown as { req: { path: string } }).req.path).toMatch(/^\/app\/home\?ltik=/);
    expect(r.page?.text).toContain('<html lang="th">');
    expect(r.page?.text).toContain('สวัสดี คุณ<bdi>สมหญิง รักเรียน</bdi>');
    expect(r.page?.text).toContain('Digital skills 101');
    expect(r.page?.text).toMatch(/data-testid="role">ผู้เรียน</);
    // Fiscal years in the Buddhist era on Thai pages (the plan's line).
    expect(r.page?.text).toMatch(/ปีงบประมาณ 25\d\d/);
  });

  it('when an instructor launches in English, then the page is the instructor one, in English', async () => {
    const r = await launch(
      t,
      t.agent(),
      user({ name: 'Malee Srisuk', roles: [ROLE.instructor], locale: 'en' }),
    );
    expect(r.page?.status).toBe(200);
    expect(r.page?.text).toContain('<html lang="en">');
    expect(r.page?.text).toContain('Hello, <bdi>Malee Srisuk</bdi>');
    expect(r.page?.text).toMatch(/data-testid="role">Instructor</);
    expect(r.page?.text).toContain('data-testid="home-teaching"');
    expect(r.page?.text).not.toContain('data-testid="home-next"');
  });

  it('when a Moodle site administrator launches, then they are treated as an administrator', async () => {
    const r = await launch(t, t.agent(), user({ roles: [ROLE.sysAdmin, ROLE.instAdmin], locale: 'en' }));
    expect(r.page?.text).toMatch(/data-testid="role">Administrator</);
  });

  it('when Moodle withholds name and email, then the launch still works and says so', async () => {
    const anonymous = user({
      name: undefined,
      given_name: undefined,
      family_name: undefined,
      email: undefined,
      locale: 'en',
    });
    const r = await launch(t, t.agent(), anonymous);
    expect(r.page?.status).toBe(200);
    expect(r.page?.text).toContain('did not share your name');
    const rows = await t.db.query<{ name: string | null; email: string | null }>(
      'SELECT name, email FROM people WHERE platform_user_id = $1',
      [anonymous.sub],
    );
    expect(rows).toEqual([{ name: null, email: null }]);
  });

  it('when a learner launches, then tenant, person, course, resource link and enrolment are recorded once', async () => {
    const learner = user();
    await launch(t, t.agent(), learner, {
      context: { id: 'c-persist', title: 'Persisted course' },
      resourceLink: { id: 'l-persist' },
    });
    await launch(t, t.agent(), learner, {
      context: { id: 'c-persist', title: 'Persisted course (renamed)' },
      resourceLink: { id: 'l-persist' },
    });
    const person = await t.db.query<{
      name: string;
      email: string;
      locale: string;
      tenant: string;
      deployment: string | null;
    }>(
      `SELECT p.name, p.email, p.locale, t.issuer AS tenant, t.deployment_id AS deployment
         FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE p.platform_user_id = $1`,
      [learner.sub],
    );
    expect(person).toEqual([
      {
        name: learner.name,
        email: learner.email,
        locale: 'th',
        tenant: t.lms.issuer,
        // The issuer's organisation: every deployment of the platform launches into it.
        deployment: null,
      },
    ]);
    expect(await t.db.query('SELECT title FROM contexts WHERE context_id = $1', ['c-persist'])).toEqual([
      { title: 'Persisted course (renamed)' },
    ]);
    const link = await t.db.query<{ ags_lineitem_url: string; nrps_memberships_url: string }>(
      'SELECT ags_lineitem_url, nrps_memberships_url FROM resource_links WHERE resource_link_id = $1',
      ['l-persist'],
    );
    expect(link).toHaveLength(1);
    expect(link[0]!.ags_lineitem_url).toContain('/lineitem');
    expect(link[0]!.nrps_memberships_url).toContain('/memberships');
    expect(
      await count(
        'enrolments e JOIN people p ON p.id = e.person_id JOIN contexts c ON c.id = e.context_id WHERE p.platform_user_id = $1 AND c.context_id = $2',
        [learner.sub, 'c-persist'],
      ),
    ).toBe(1);
  });

  it('when one user launches several links of a course page at once, then every launch succeeds and nothing is duplicated', async () => {
    const learner = user();
    const agent = t.agent();
    const links = Array.from({ length: 8 }, (_, i) => ({ id: `multi-${i}`, title: `Embedded link ${i}` }));
    const results = await Promise.all(
      links.map((resourceLink) => launch(t, agent, learner, { resourceLink, context: { id: 'c-multi' } })),
    );
    expect(results.map((r) => r.page?.status)).toEqual(links.map(() => 200));
    expect(await count('people WHERE platform_user_id = $1', [learner.sub])).toBe(1);
    expect(await count('contexts WHERE context_id = $1', ['c-multi'])).toBe(1);
    expect(await count("resource_links WHERE resource_link_id LIKE 'multi-%'")).toBe(8);
  });

  it("when the browser goes through the LMS's auth page (its token signed in the background), then the launch succeeds", async () => {
    const agent = t.agent();
    const learner = user({ name: 'Auth Page' });
    const login = await agent
      .post('/lti/login')
      .type('form')
      .send(t.lms.loginParams(`${TOOL_BASE_URL}/lti/launch`, learner));
    expect(login.status).toBe(302);
    // The real HTTP endpoint of the simulated LMS, as the benchmark's browsers use it.
    const auth = await fetch(login.headers.location as string);
    expect(auth.status).toBe(200);
    const html = await auth.text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
    const idToken = field('id_token')!;
    const [header, claims] = idToken.split('.').map((part) => {
      try {
        return JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: t.lms.kid });
    expect(claims).toMatchObject({ sub: learner.sub, name: 'Auth Page', aud: t.lms.clientId });
    const posted = await agent
      .post('/lti/launch')
      .type('form')
      .send({ id_token: idToken, state: field('state') });
    expect(posted.status).toBe(302);
    const launchPage = await agent.get(posted.headers.location as string);
    expect(launchPage.status).toBe(302);
    const page = await agent.get(launchPage.headers.location as string);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Auth Page');
  });

  it('when many different launches arrive, then the platform key set is fetched once and reused', async () => {
    const before = t.lms.calls.jwks;
    await Promise.all(Array.from({ length: 5 }, () => launch(t, t.agent(), user())));
    expect(t.lms.calls.jwks - before).toBeLessThanOrEqual(1);
  });

  it('when the LMS rotates its signing key, then the tool refetches the key set and the launch succeeds', async () => {
    await launch(t, t.agent(), user());
    const before = t.lms.calls.jwks;
    await t.lms.rotateKey();
    // Unknown kids trigger at most one refetch per second per key set (flood protection): let that second pass.
    aheadMs += 1100;
    const r = await launch(t, t.agent(), user());
    expect(r.page?.status).toBe(200);
    expect(t.lms.calls.jwks).toBe(before + 1);
  });

  it('when the learner follows a link with the ltik, then the session carries over and the language switch is remembered', async () => {
    const agent = t.agent();
    const r = await launch(t, agent, user({ locale: 'th' }));
    const ltik = new URL(r.launch!.headers.location as string, 'https://x').searchParams.get('ltik')!;
    const english = await agent.get(`/app/home?ltik=${encodeURIComponent(ltik)}&lang=en`);
    expect(english.status).toBe(200);
    expect(english.text).toContain('<html lang="en">');
    // The launch page again (a reload of the first address) leads home, still in English.
    const again = await agent.get(`/lti/launch?ltik=${encodeURIComponent(ltik)}`);
    expect(again.status).toBe(302);
    const home = await agent.get(again.headers.location as string);
    expect(home.text).toContain('<html lang="en">');
  });

  it('serves the tool key set for the LMS', async () => {
    const res = await t.agent().get('/lti/keys');
    expect(res.status).toBe(200);
    expect(res.body.keys).toEqual(
      expect.arrayContaining([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/"d":/);
  });

  it('never opens a MongoDB connection: ltijs stores everything through our PostgreSQL plugin', () => {
    // ltijs requires mongoose at import time; with a plugin it must never connect.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mongoose = require('mongoose') as { connection: { readyState: number }; connections: unknown[] };
    expect(mongoose.connection.readyState).toBe(0);
  });

  it('does not answer cross-origin requests with credentials (ltijs reflects any Origin unless CORS is off)', async () => {
    const res = await t
      .agent()
      .options('/lti/launch')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers /healthz after checking the database', async () => {
    const res = await t.agent().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when the target link carries query parameters, then they reach the launch, kept with our login', async () => {
    const r = await launch(t, t.agent(), user({ locale: 'en' }), {
      targetQuery: 'from=moodle?course&section=3',
    });
    expect(r.launch?.status).toBe(302);
    const next = new URL(r.launch!.headers.location as string, 'http://x');
    expect(next.searchParams.get('from')).toBe('moodle?course');
    expect(next.searchParams.get('section')).toBe('3');
    expect(next.searchParams.get('ltik')).toBeTruthy();
    expect(r.page?.status).toBe(200);
    expect(await count('lti_login_states')).toBe(0);
  });
});
