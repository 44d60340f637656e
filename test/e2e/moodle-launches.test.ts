import { Writable } from 'node:stream';
import Handlebars from 'handlebars';
import { t as translate, type Locale } from '../../src/i18n/i18n';
import { createLogger } from '../../src/shared/logger';
import { LTI, ROLE, user } from '../support/simulated-lms';
import {
  authorizeLaunch,
  launch,
  postLaunch,
  startTestApp,
  TOOL_BASE_URL,
  type TestApp,
} from '../support/test-app';

// What Moodle's mod/lti actually sends (lti_build_login_request, lti_get_ims_role, lti_sign_jwt), as launch cases.
// What the tool logs, line by line (as test/e2e/logging.test.ts reads it).
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

const roleOf = (page: string) => /data-testid="role">([^<]+)</.exec(page)?.[1];

describe('launches as Moodle sends them', () => {
  it.each([
    ['a student', 'Learner', [ROLE.learner]],
    ['an editing or non-editing teacher', 'Instructor', [ROLE.instructor]],
    // Moodle drops Learner for site administrators and adds the system and institution roles.
    ['a site administrator', 'Administrator', [ROLE.instAdmin, ROLE.instructor, ROLE.sysAdmin]],
    [
      'a manager with LTI 1.1 short role names',
      'Administrator',
      ['Instructor', 'urn:lti:instrole:ims/lis/Administrator'],
    ],
    [
      'a user with a role the tool does not know',
      'Learner',
      ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'],
    ],
  ])('when %s launches, then the page is for the %s role', async (_who, expected, roles) => {
    const r = await launch(t, t.agent(), user({ roles, locale: 'en' }));
    expect(roleOf(r.page!.text)).toBe(expected);
  });

  it('when Moodle starts the login with GET, then the hint and login_hint go back to Moodle verbatim', async () => {
    const learner = user();
    const params = t.lms.loginParams(`${TOOL_BASE_URL}/lti/launch`, learner);
    const login = await t.agent().get(`/lti/login?${new URLSearchParams(params).toString()}`);
    expect(login.status).toBe(302);
    const auth = new URL(login.headers.location as string);
    expect(`${auth.origin}${auth.pathname}`).toBe(t.lms.authUrl);
    expect(auth.searchParams.get('lti_message_hint')).toBe(params.lti_message_hint);
    expect(auth.searchParams.get('login_hint')).toBe(learner.sub);
    expect(auth.searchParams.get('client_id')).toBe(t.lms.clientId);
    expect(auth.searchParams.get('redirect_uri')).toBe(`${TOOL_BASE_URL}/lti/launch`);
    expect(auth.searchParams.get('response_mode')).toBe('form_post');
    expect(auth.searchParams.get('scope')).toBe('openid');
    expect(auth.searchParams.get('nonce')).toMatch(/\S{16,}/);
  });

  it('when a second deployment of the tool (a course-level tool type) is registered, then its launches work as a separate tenant', async () => {
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['42']);
    const learner = user();
    const r = await launch(t, t.agent(), learner, { deploymentId: '42' });
    expect(r.page?.status).toBe(200);
    const tenants = await t.db.query<{ deployment_id: string }>(
      'SELECT t.deployment_id FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE p.platform_user_id = $1',
      [learner.sub],
    );
    expect(tenants).toEqual([{ deployment_id: '42' }]);
  });

  it('when the launch carries custom parameters and Moodle substitution results, then the launch succeeds with them in the session', async () => {
    const r = await launch(t, t.agent(), user(), {
      claims: { [`${LTI}custom`]: { module_id: '12', context_history: '', user_username: 'somying' } },
    });
    expect(r.page?.status).toBe(200);
  });

  it.each(['iframe', 'window'])('when the activity opens in a %s, then the launch works', async (target) => {
    const r = await launch(t, t.agent(), user(), {
      claims: {
        [`${LTI}launch_presentation`]: {
          document_target: target,
          locale: 'en',
          return_url: `${t.lms.issuer}/mod/lti/return.php`,
        },
      },
    });
    expect(r.page?.status).toBe(200);
    expect(r.page?.text).toContain('<html lang="en">');
  });

  it('when Moodle shares only the given name, then the page greets the learner by it', async () => {
    const r = await launch(
      t,
      t.agent(),
      user({ name: undefined, family_name: undefined, given_name: 'Somsri', email: undefined, locale: 'en' }),
    );
    expect(r.page?.text).toContain('Hello, Somsri');
  });
});

describe('the language as Moodle and the learner choose it', () => {
  const langOf = (page: string) => /<html lang="([^"]+)">/.exec(page)?.[1];
  const ltikOf = (r: { launch?: { headers: Record<string, unknown> } }) =>
    new URL(r.launch!.headers.location as string, TOOL_BASE_URL).searchParams.get('ltik')!;
  const page = (agent: ReturnType<TestApp['agent']>, path: string, ltik: string) =>
    agent.get(`${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`);

  it('when a learner switched the tool to Thai and Moodle launches again in English, then the new launch is in English', async () => {
    const agent = t.agent();
    const learner = user({ locale: 'en' });
    const first = await launch(t, agent, learner);
    expect(langOf(first.page!.text)).toBe('en');
    const ltik = ltikOf(first);
    expect(langOf((await page(agent, '/lti/launch?lang=th', ltik)).text)).toBe('th');

    const again = await launch(t, agent, learner);
    expect(again.page?.status).toBe(200);
    expect(langOf(again.page!.text)).toBe('en');
    expect(langOf((await page(agent, '/app/progress', ltikOf(again))).text)).toBe('en');
    // The first session keeps the language picked in it.
    expect(langOf((await page(agent, '/app/progress', ltik)).text)).toBe('th');
  });

  it('when a learner switches language on a page, then the later pages of that session keep it', async () => {
    const agent = t.agent();
    const r = await launch(t, agent, user({ locale: 'th' }));
    const ltik = ltikOf(r);
    expect(langOf((await page(agent, '/app/progress?lang=en', ltik)).text)).toBe('en');
    expect(langOf((await page(agent, '/app/progress', ltik)).text)).toBe('en');
    expect(langOf((await page(agent, '/lti/launch', ltik)).text)).toBe('en');
  });

  it('when Moodle sends no locale, then the language last picked in the tool applies, before the browser and the default', async () => {
    const agent = t.agent();
    const learner = user({ locale: 'en' });
    const first = await launch(t, agent, learner);
    await page(agent, '/lti/launch?lang=th', ltikOf(first));
    const noLocale = {
      claims: { [`${LTI}launch_presentation`]: { document_target: 'iframe' } },
    };
    const again = await launch(t, agent, learner, noLocale);
    expect(langOf(again.page!.text)).toBe('th');
    // A browser that never picked one: its Accept-Language, then DEFAULT_LOCALE (th).
    const fresh = t.agent().set('Accept-Language', 'en-GB,en;q=0.9');
    expect(langOf((await launch(t, fresh, user(), noLocale)).page!.text)).toBe('en');
  });
});

describe("Moodle's probe of the tool URL", () => {
  // mod/lti lti_is_cartridge(): on saving an activity, Moodle's server GETs the tool URL to see whether it is an
  // IMS cartridge; it reads the body and ignores the status.
  const MOODLE_BOT = 'MoodleBot/4.5 (+https://moodle.example.go.th)';

  it.each(['GET', 'HEAD'] as const)(
    'when Moodle sends a plain %s of the launch URL, then it gets the short page a session-less request gets, logged at info without a warning',
    async (method) => {
      lines.length = 0;
      const agent = t.agent();
      const res = await (method === 'GET' ? agent.get('/lti/launch') : agent.head('/lti/launch')).set(
        'User-Agent',
        MOODLE_BOT,
      );
      expect(res.status).toBe(401);
      expect(res.type).toBe('text/html');
      if (method === 'GET') expect(res.text).toContain('<h1>ไม่สามารถเปิดกิจกรรมนี้ได้</h1>');
      expect(lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 30, event: 'lti.probe', userAgent: MOODLE_BOT }),
          expect.objectContaining({ level: 30, msg: 'request completed', res: { statusCode: 401 } }),
        ]),
      );
    },
  );

  it('when a request to the launch URL carries a forged ltik, then it is still refused with a warning', async () => {
    lines.length = 0;
    const res = await t.agent().get('/lti/launch?ltik=not-a-token');
    expect(res.status).toBe(401);
    expect(lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 40, event: 'lti.launch_rejected' })]),
    );
  });
});

describe('the two set-up mistakes, explained', () => {
  /** A sentence as the page shows it (HTML-escaped). */
  const sentence = (l: Locale, key: string, vars?: Record<string, string>) =>
    Handlebars.escapeExpression(translate(l, key, vars));
  const headingOf = (page: string) => /<h1>([\s\S]*?)<\/h1>/.exec(page)?.[1];

  it.each<Locale>(['en', 'th'])(
    "when Moodle's Tool URL names another host than BASE_URL, then the login page (%s) names both and the Moodle fields to change",
    async (l) => {
      const learner = user({ locale: l });
      const params = t.lms.loginParams('https://10.1.2.3:3000/lti/launch', learner);
      const res = await t.agent().post('/lti/login').set('Accept-Language', l).type('form').send(params);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(headingOf(res.text)).toBe(sentence(l, 'error.setup.title'));
      expect(res.text).toContain(
        sentence(l, 'error.setup.host', {
          configured: 'https://10.1.2.3:3000',
          baseUrl: TOOL_BASE_URL,
          launchUrl: `${TOOL_BASE_URL}/lti/launch`,
        }),
      );
      expect(res.text).toContain('Tool URL');
      expect(res.text).toContain('Redirection URI(s)');
    },
  );

  it("when Moodle's Tool URL is the tool's host with another path, then the page names the launch URL to use", async () => {
    const params = t.lms.loginParams(`${TOOL_BASE_URL}/lti/launch/`, user());
    const res = await t.agent().post('/lti/login').set('Accept-Language', 'en').type('form').send(params);
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      sentence('en', 'error.setup.path', {
        configured: `${TOOL_BASE_URL}/lti/launch/`,
        baseUrl: TOOL_BASE_URL,
        launchUrl: `${TOOL_BASE_URL}/lti/launch`,
      }),
    );
  });

  it.each<Locale>(['en', 'th'])(
    'when the tool is served over http and the launch comes from Moodle on another site without the login cookie, then the page (%s) says to serve the tool over https and set BASE_URL',
    async (l) => {
      const learner = user({ locale: l });
      const form = await authorizeLaunch(t, t.agent(), learner);
      // The browser dropped the state cookie: the post arrives from Moodle's page, without it.
      const res = await postLaunch(t.agent().set('Origin', t.lms.issuer), form);
      expect(res.status).toBe(401);
      expect(headingOf(res.text)).toBe(sentence(l, 'error.launch.title'));
      expect(res.text).toContain(
        sentence(l, 'error.launch.cookiesHttp', { lms: t.lms.issuer, baseUrl: TOOL_BASE_URL }),
      );
      expect(res.text).not.toContain(sentence(l, 'error.launch.cookies'));
      expect(res.text).toContain('BASE_URL');
    },
  );
});
