import { Writable } from 'node:stream';
import Handlebars from 'handlebars';
import { t as translate, type Locale, type TranslationKey } from '../../src/i18n/i18n';
import { createLogger } from '../../src/shared/logger';
import { createGradeOutbox } from '../../src/db/grade-outbox.repository';
import { createAgsClient } from '../../src/lti/ags-client';
import { deliverDueGrades } from '../../src/use-cases/deliver-grades';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
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
  // A long poll interval: the grade cases deliver the outbox themselves.
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { logger: createLogger('info', sink) });
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

  it("when a second deployment of the tool (a course-level tool type) is registered, then its launches go to the issuer's one organisation, as the same person", async () => {
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['42']);
    const learner = user();
    expect((await launch(t, t.agent(), learner)).page?.status).toBe(200);
    const r = await launch(t, t.agent(), learner, { deploymentId: '42' });
    expect(r.page?.status).toBe(200);
    const people = await t.db.query<{ issuer: string; deployment_id: string | null }>(
      'SELECT t.issuer, t.deployment_id FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE p.platform_user_id = $1',
      [learner.sub],
    );
    expect(people).toEqual([{ issuer: t.lms.issuer, deployment_id: null }]);
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
    expect(r.page?.text).toContain('Hello, <bdi>Somsri</bdi>');
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
    expect(langOf((await page(agent, '/app/home?lang=th', ltik)).text)).toBe('th');

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
    expect(langOf((await page(agent, '/app/home', ltik)).text)).toBe('en');
  });

  it('when a session in English opens an address the tool does not have, then the not-found page is in English', async () => {
    // Seen on Moodle 4.5: student1's Moodle language is English, the browser asks for Thai.
    const agent = t.agent().set('Accept-Language', 'th-TH,th;q=0.9');
    const r = await launch(t, agent, user({ locale: 'en' }));
    const missing = await page(agent, '/app/record', ltikOf(r));
    expect(missing.status).toBe(404);
    expect(langOf(missing.text)).toBe('en');
    expect(missing.text).toContain(Handlebars.escapeExpression(translate('en', 'error.notFound.title')));
    // The language picked in that session wins there too.
    await page(agent, '/lti/launch?lang=th', ltikOf(r));
    expect(langOf((await page(agent, '/app/record', ltikOf(r))).text)).toBe('th');
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

describe('a second tool type of the same Moodle, not registered yet', () => {
  // Seen on Moodle 4.5: a course-level tool type gets a client ID of its own (and its type id as the
  // deployment ID); until the administrator registers it, its logins come from a known issuer, unknown client.
  it('when its login arrives, then the page says to register its client ID and the warning names issuer, client and deployment', async () => {
    lines.length = 0;
    const params = {
      ...t.lms.loginParams(`${TOOL_BASE_URL}/lti/launch`, user({ locale: 'en' })),
      client_id: 'OXNqXqyiBovnTNs',
      lti_deployment_id: '2',
    };
    for (const l of ['en', 'th'] as const) {
      const res = await t.agent().set('Accept-Language', l).post('/lti/login').type('form').send(params);
      expect(res.status).toBe(401);
      expect(res.text).toContain(Handlebars.escapeExpression(translate(l, 'error.launch.client')));
    }
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 40,
          event: 'lti.login_rejected',
          code: 'UNREGISTERED_CLIENT',
          issuer: t.lms.issuer,
          clientId: 'OXNqXqyiBovnTNs',
          deploymentId: '2',
        }),
      ]),
    );
  });

  it('when a platform nobody registered sends a login, then the page still says the platform is not registered', async () => {
    const params = {
      ...t.lms.loginParams(`${TOOL_BASE_URL}/lti/launch`, user()),
      iss: 'https://elsewhere.example.go.th',
    };
    const res = await t.agent().set('Accept-Language', 'en').post('/lti/login').type('form').send(params);
    expect(res.status).toBe(401);
    expect(res.text).toContain(Handlebars.escapeExpression(translate('en', 'error.launch.platform')));
  });
});

describe('the two set-up mistakes, explained', () => {
  /** A sentence as the page shows it (HTML-escaped). */
  const sentence = (l: Locale, key: TranslationKey, vars?: Record<string, string>) =>
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

describe('grade failures as instructors read them, and the class CSV', () => {
  const SLUG = 'dg-digital-government-laws';
  const mod = sampleModule(SLUG);
  const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
  /** A retry time to show, far enough ahead that no round in these tests finds the grade due. */
  const NEXT_TRY = new Date('2099-03-01T05:07:00Z');
  const NEXT_TRY_TEXT: Record<Locale, string> = {
    th: '1 มีนาคม 2642 เวลา 12:07',
    en: '1 March 2099 at 12:07',
  };
  const sentence = (l: Locale, key: TranslationKey, vars?: Record<string, string>) =>
    Handlebars.escapeExpression(translate(l, key, vars));

  beforeAll(async () => {
    // Rounds run here, each with a fresh AGS client (no cached token), as a restarted worker would.
    await t.app.grades.stop();
  });

  const deliver = () =>
    deliverDueGrades({
      outbox: createGradeOutbox(t.db),
      sender: createAgsClient({
        fetch: t.app.outbound.fetch,
        credentials: (iss, client) => t.app.lti.serviceCredentials(iss, client),
      }),
      platformStatus: (iss, client) => t.app.platforms.status(iss, client),
    });

  async function open(course: string, locale: Locale, roles: string[] = [ROLE.learner], lineitem?: string) {
    const agent = t.agent();
    const r = await launch(t, agent, user({ roles, locale }), {
      context: { id: course, title: course },
      resourceLink: { id: `link-${course}`, title: SLUG },
      claims: {
        [`${LTI}custom`]: { module: SLUG },
        ...(lineitem
          ? { [AGS]: { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], lineitem } }
          : {}),
      },
    });
    expect(r.page?.status).toBe(200);
    const ltik = new URL(r.launch!.headers.location as string, TOOL_BASE_URL).searchParams.get('ltik')!;
    const get = (path: string) =>
      agent.get(`${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`);
    const post = (path: string, form: string) =>
      agent
        .post(`${path}?ltik=${encodeURIComponent(ltik)}`)
        .type('form')
        .send(form);
    return { get, post };
  }

  /** A learner of the course completes the placed module; its grade waits in the outbox. */
  async function completeIn(course: string, lineitem?: string) {
    const s = await open(course, 'th', [ROLE.learner], lineitem);
    for (let p = 1; p <= mod.pages.length; p += 1)
      expect((await s.get(`/app/modules/${SLUG}/pages/${p}`)).status).toBe(200);
    expect((await s.post(`/app/modules/${SLUG}/quiz`, quizAnswers(mod))).text).toContain(
      'data-testid="completion"',
    );
  }

  const gradeOf = async (course: string) =>
    (
      await t.db.query<{ status: string; failure_cause: string | null }>(
        `SELECT g.status, g.failure_cause FROM grade_outbox g JOIN learning_entries e ON e.id = g.entry_id
           JOIN contexts c ON c.id = e.context_id WHERE c.context_id = $1`,
        [course],
      )
    )[0];

  const gradesPage = async (course: string, l: Locale) => {
    const page = await (await open(course, l, [ROLE.instructor])).get('/app/grades');
    expect(page.status).toBe(200);
    return page.text;
  };

  async function failOnce(course: string, lms: () => () => void, lineitem?: string) {
    await completeIn(course, lineitem);
    const restore = lms();
    try {
      await deliver();
    } finally {
      restore();
    }
    await t.db.query(
      `UPDATE grade_outbox g SET next_attempt_at = $2 FROM learning_entries e, contexts c
        WHERE e.id = g.entry_id AND c.id = e.context_id AND c.context_id = $1 AND g.status = 'failing'`,
      [course, NEXT_TRY],
    );
  }

  /** The causes the grades page has a sentence for (grades.cause.<cause>). */
  type Cause = TranslationKey extends infer K ? (K extends `grades.cause.${infer C}` ? C : never) : never;
  it.each<{ how: string; cause: Cause; lms: () => () => void }>([
    {
      how: "the LMS refuses the tool's key at its token endpoint (invalid_client)",
      cause: 'key_refused',
      lms: () => {
        const keyset = t.lms.toolKeyset;
        t.lms.toolKeyset = () => Promise.resolve({ keys: [] });
        return () => (t.lms.toolKeyset = keyset);
      },
    },
    {
      how: 'the grade service is off for the tool (token endpoint: invalid_scope)',
      cause: 'scope_refused',
      lms: () => {
        t.lms.permittedScopes = ['https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'];
        return () => (t.lms.permittedScopes = undefined);
      },
    },
    {
      how: 'the LMS is overloaded (429)',
      cause: 'busy',
      lms: () => {
        t.lms.failServicesWith = 429;
        return () => (t.lms.failServicesWith = undefined);
      },
    },
    {
      how: 'the LMS is down (503)',
      cause: 'busy',
      lms: () => {
        t.lms.failServicesWith = 503;
        return () => (t.lms.failServicesWith = undefined);
      },
    },
    {
      how: "the LMS's answer never arrives (the connection drops)",
      cause: 'unreachable',
      lms: () => {
        t.lms.loseScoreAnswers = 1;
        return () => (t.lms.loseScoreAnswers = 0);
      },
    },
  ])(
    'when $how, then the instructor reads the cause and the next try in Thai and English',
    async ({ cause, lms }) => {
      const course = `grades-${cause}-${Math.random().toString(36).slice(2, 8)}`;
      await failOnce(course, lms);
      expect(await gradeOf(course)).toEqual({ status: 'failing', failure_cause: cause });
      for (const l of ['th', 'en'] as const) {
        const page = await gradesPage(course, l);
        expect(page).toContain(sentence(l, `grades.cause.${cause}`));
        expect(page).toContain(sentence(l, 'grades.next', { date: NEXT_TRY_TEXT[l] }));
        expect(page).toContain(sentence(l, 'grades.status.failing'));
      }
    },
  );

  it('when the gradebook column was deleted (404), then the grade stops and the instructor reads why, with no next try', async () => {
    const course = `grades-gone-${Math.random().toString(36).slice(2, 8)}`;
    const item = `/mod/lti/services.php/2/lineitems/${900 + Math.floor(Math.random() * 99)}/lineitem`;
    t.lms.deletedLineItems.add(item);
    await failOnce(course, () => () => undefined, `${t.lms.issuer}${item}?type_id=1`);
    expect(await gradeOf(course)).toEqual({ status: 'rejected', failure_cause: 'line_item_gone' });
    for (const l of ['th', 'en'] as const) {
      const page = await gradesPage(course, l);
      expect(page).toContain(sentence(l, 'grades.cause.line_item_gone'));
      expect(page).not.toContain('data-testid="grade-next"');
    }
  });

  it('when the LMS answers again, then the grade is delivered and its earlier cause is gone', async () => {
    const course = `grades-back-${Math.random().toString(36).slice(2, 8)}`;
    await failOnce(course, () => {
      t.lms.failServicesWith = 503;
      return () => (t.lms.failServicesWith = undefined);
    });
    await t.db.query(
      `UPDATE grade_outbox g SET next_attempt_at = now() FROM learning_entries e, contexts c
        WHERE e.id = g.entry_id AND c.id = e.context_id AND c.context_id = $1`,
      [course],
    );
    await deliver();
    expect(await gradeOf(course)).toEqual({ status: 'delivered', failure_cause: null });
    expect(await gradesPage(course, 'en')).not.toContain('data-testid="grade-cause"');
  });

  it.each<[Locale, string]>([
    ['en', 'Developing Stage (years 3-5)'],
    ['th', 'ระยะกำลังพัฒนา (ปีที่ 3-5)'],
  ])(
    'when an instructor exports the class CSV in %s, then the stage column holds the stage name',
    async (l, name) => {
      const course = `class-stage-${l}-${Math.random().toString(36).slice(2, 8)}`;
      const learner = await open(course, 'th');
      expect((await learner.post('/app/progress/target', 'group=SERV&stage=DEVELOPING')).status).toBeLessThan(
        400,
      );
      const csv = await (await open(course, l, [ROLE.instructor])).get('/app/class.csv');
      expect(csv.status).toBe(200);
      const [header, ...rows] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
      const stage = header!.split(',').indexOf(translate(l, 'class.csv.stage'));
      expect(stage).toBeGreaterThan(-1);
      const stages = rows.filter(Boolean).map((r) => r.split(',')[stage]);
      expect(stages).toContain(name);
      expect(stages).not.toContain('DEVELOPING');
    },
  );
});
