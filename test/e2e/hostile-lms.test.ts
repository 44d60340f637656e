import { Writable } from 'node:stream';
import Handlebars from 'handlebars';
import type supertest from 'supertest';
import { t as translate, type Locale, type TranslationKey } from '../../src/i18n/i18n';
import { createAgsClient, ScoreDeliveryError } from '../../src/lti/ags-client';
import { createLogger } from '../../src/shared/logger';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { LTI, ROLE, SimulatedLms, user, type LmsUser } from '../support/simulated-lms';
import { launch, startTestApp, TOOL_BASE_URL, type LaunchSteps, type TestApp } from '../support/test-app';

// A registered platform signs valid tokens, yet what it signs may be hostile (issue 13): a return address that is
// script, service URLs on someone else's host. The tool uses addresses on the platform's own hosts only, refuses
// what it cannot use with a page in the user's language, and writes nothing for a refused launch.

const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let t: TestApp;
/** Another server that records what reaches it: where a hostile launch would send the tool. */
let attacker: SimulatedLms;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { logger: createLogger('warn', sink) });
  attacker = await SimulatedLms.start();
});
afterAll(async () => {
  await attacker.stop();
  await t.close();
});

const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';

const sentence = (locale: Locale, key: TranslationKey) => Handlebars.escapeExpression(translate(locale, key));
const ltikOf = (r: { launch?: supertest.Response }) =>
  new URL(r.launch!.headers.location as string, TOOL_BASE_URL).searchParams.get('ltik')!;
const withLtik = (ltik: string, path: string) =>
  `${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`;

const TABLES = ['tenants', 'people', 'contexts', 'resource_links', 'enrolments', 'lti_sessions'];
async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES)
    out[table] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  return out;
}

/** Our error page: that status, that language, that heading and sentence, no stack trace. */
function expectPage(
  res: supertest.Response,
  expected: { status: number; locale: Locale; heading: TranslationKey; reason: TranslationKey },
): void {
  expect({
    status: res.status,
    type: res.type,
    lang: /<html lang="([^"]*)">/.exec(res.text)?.[1],
    heading: /<h1>([\s\S]*?)<\/h1>/.exec(res.text)?.[1],
    saysWhy: res.text.includes(sentence(expected.locale, expected.reason)),
  }).toEqual({
    status: expected.status,
    type: 'text/html',
    lang: expected.locale,
    heading: sentence(expected.locale, expected.heading),
    saysWhy: true,
  });
  expect(res.text).not.toMatch(/\bat [\w$.<>]+ \(/);
  expect(res.text).not.toContain('Error:');
}

/** A launch expected to be refused at the form post, with what it could have written counted around it. */
async function refusedLaunch(learner: LmsUser, steps: LaunchSteps) {
  const before = await rowCounts();
  const r = await launch(t, t.agent(), learner, steps);
  expect(r.login.status).toBe(302);
  return { res: r.launch!, before, after: await rowCounts() };
}

/** Moodle's "Select content" request, with this return URL. */
function deepLinking(returnUrl: unknown): Record<string, unknown> {
  const claims = t.lms.deepLinkingClaims();
  const settings = { ...(claims[DL_SETTINGS] as object), deep_link_return_url: returnUrl };
  if (returnUrl === undefined) delete (settings as Record<string, unknown>).deep_link_return_url;
  return { ...claims, [DL_SETTINGS]: settings };
}

describe('Deep Linking return URL: only an address of the platform (Deep Linking 2.0 §4.4.1)', () => {
  it.each<{ what: string; url: () => unknown; locale: Locale }>([
    { what: 'javascript:', url: () => 'javascript:alert(document.cookie)', locale: 'th' },
    {
      what: 'javascript: that names the platform host',
      url: () => `javascript://${new URL(t.lms.issuer).host}/%0aalert(1)`,
      locale: 'en',
    },
    { what: 'data:', url: () => 'data:text/html,<script>alert(1)</script>', locale: 'en' },
    { what: 'another host', url: () => `${attacker.issuer}/mod/lti/contentitem_return.php`, locale: 'th' },
    { what: 'a relative URL', url: () => '/mod/lti/contentitem_return.php', locale: 'en' },
    { what: 'no return URL at all', url: () => undefined, locale: 'th' },
    { what: 'a number', url: () => 42, locale: 'en' },
  ])(
    'when a signed LtiDeepLinkingRequest returns to $what, then a 400 page in $locale says the LMS sent an unusable return address, and nothing is written',
    async ({ url, locale }) => {
      const teacher = user({ roles: [ROLE.instructor], locale });
      const { res, before, after } = await refusedLaunch(teacher, {
        claims: deepLinking(url()),
        context: { id: `course-${teacher.sub}` },
      });
      expectPage(res, {
        status: 400,
        locale,
        heading: 'error.launch.title',
        reason: 'error.launch.returnUrl',
      });
      expect(res.text).not.toContain('javascript:');
      expect(res.text).not.toContain('<form method="post"');
      expect(after).toEqual(before);
    },
  );

  it('when the return URL is on the platform host (as Moodle sends it), then the picker opens', async () => {
    const r = await launch(t, t.agent(), user({ roles: [ROLE.instructor], locale: 'en' }), {
      claims: t.lms.deepLinkingClaims(),
    });
    expect({ launch: r.launch?.status, page: r.page?.status }).toEqual({ launch: 302, page: 200 });
    expect(r.page?.text).toContain('Choose modules for your course');
  });

  it('when a resource-link launch carries deep-linking settings with a script return URL, then they are dropped and no return form is ever rendered', async () => {
    const teacher = user({ roles: [ROLE.instructor], locale: 'en' });
    const agent = t.agent();
    const settings = deepLinking('javascript:alert(document.cookie)')[DL_SETTINGS];
    const r = await launch(t, agent, teacher, { claims: { [DL_SETTINGS]: settings } });
    expect(r.page?.status).toBe(200);

    const res = await agent
      .post(withLtik(ltikOf(r), '/app/deep-link'))
      .type('form')
      .send('module=dl-computer-basics');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('javascript:');
    expect(res.text).not.toContain('name="JWT"');
  });

  describe('checked again when the return page is rendered', () => {
    let other: SimulatedLms;
    beforeEach(async () => {
      other = await SimulatedLms.start();
    });
    afterEach(async () => {
      await t.app.platforms.remove(other.issuer).catch(() => undefined);
      await other.stop();
    });

    it('when the platform no longer has the return URL host by the time modules are picked, then a 400 page and no form', async () => {
      // Its token endpoint is registered by another name of the same server, so a return URL there is accepted.
      const alias = (url: string) => url.replace('127.0.0.1', 'localhost');
      await t.app.platforms.add({
        ...other.registration('Moodle by two names'),
        tokenEndpoint: alias(other.tokenUrl),
      });
      const teacher = user({ roles: [ROLE.instructor], locale: 'th' });
      const agent = t.agent();
      const claims = other.deepLinkingClaims();
      const returnUrl = alias(`${other.issuer}/mod/lti/contentitem_return.php?course=2`);
      claims[DL_SETTINGS] = { ...(claims[DL_SETTINGS] as object), deep_link_return_url: returnUrl };
      const login = await agent
        .post('/lti/login')
        .type('form')
        .send(other.loginParams(`${TOOL_BASE_URL}/lti/launch`, teacher, { claims }));
      const auth = other.authorize(
        Object.fromEntries(new URL(login.headers.location as string).searchParams),
      );
      const launched = await agent.post('/lti/launch').type('form').send(auth);
      expect(launched.status).toBe(302);
      const ltik = ltikOf({ launch: launched });

      // An administrator corrects the registration (the store forgets its cached copy on a status change).
      await t.db.query(
        `UPDATE ltijs.platform SET doc = jsonb_set(doc, '{accesstokenEndpoint}', to_jsonb($1::text)) WHERE platform_url = $2`,
        [other.tokenUrl, other.issuer],
      );
      await t.app.platforms.setActive(other.issuer, other.clientId, true);

      const res = await agent
        .post(withLtik(ltik, '/app/deep-link'))
        .type('form')
        .send('module=dl-computer-basics');
      expectPage(res, {
        status: 400,
        locale: 'th',
        heading: 'error.launch.title',
        reason: 'error.launch.returnUrl',
      });
      expect(res.text).not.toContain(returnUrl);
      expect(res.text).not.toContain('name="JWT"');
    });
  });
});

describe("service URLs: the platform's access token goes to the platform's hosts only", () => {
  const attackerUrls = () => ({
    lineitems: `${attacker.issuer}/mod/lti/services.php/2/lineitems?type_id=1`,
    lineitem: `${attacker.issuer}/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1`,
    memberships: `${attacker.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`,
  });
  const hostileServices = () => {
    const a = attackerUrls();
    return {
      [AGS]: {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: a.lineitems,
        lineitem: a.lineitem,
      },
      [NRPS]: { context_memberships_url: a.memberships, service_versions: ['2.0'] },
    };
  };
  const attackerCalls = () =>
    attacker.calls.scores.length + attacker.calls.lineItems.length + attacker.calls.memberships.length;

  it('when a launch names AGS and NRPS URLs on another host, then it is accepted, the URLs are not stored, one warning is logged, and the class page says the LMS offers no roster', async () => {
    const teacher = user({ roles: [ROLE.instructor], locale: 'en' });
    const course = `course-${teacher.sub}`;
    const link = `link-${teacher.sub}`;
    const agent = t.agent();
    lines.length = 0;
    const r = await launch(t, agent, teacher, {
      claims: hostileServices(),
      context: { id: course },
      resourceLink: { id: link },
    });
    expect({ launch: r.launch?.status, page: r.page?.status }).toEqual({ launch: 302, page: 200 });

    expect(
      await t.db.query(
        'SELECT ags_lineitem_url, ags_lineitems_url, nrps_memberships_url FROM resource_links WHERE resource_link_id = $1',
        [link],
      ),
    ).toEqual([{ ags_lineitem_url: null, ags_lineitems_url: null, nrps_memberships_url: null }]);
    const stored = await t.db.query<{ launch: unknown }>(
      'SELECT launch FROM lti_sessions WHERE platform_user_id = $1',
      [teacher.sub],
    );
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(new URL(attacker.issuer).host);
    const warnings = lines.filter((l) => l.event === 'lti.service_url_ignored');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        reqId: expect.any(String),
        claims: [`${AGS}#lineitems`, `${AGS}#lineitem`, `${NRPS}#context_memberships_url`],
      }),
    ]);

    const page = await agent.get(withLtik(ltikOf(r), '/app/class'));
    expect(page.status).toBe(200);
    expect(page.text).toContain(sentence('en', 'class.noRoster'));
    expect(attackerCalls()).toBe(0);
  });

  it('when a placed module is launched with a line item on another host, then the page says the LMS offers no gradebook, and completing it sends no grade', async () => {
    const SLUG = 'dg-digital-government-laws';
    const mod = sampleModule(SLUG);
    const learner = user({ locale: 'th' });
    const agent = t.agent();
    const r = await launch(t, agent, learner, {
      claims: { ...hostileServices(), [`${LTI}custom`]: { module: SLUG } },
      resourceLink: { id: `link-${learner.sub}` },
    });
    expect(r.page?.status).toBe(200);
    expect(r.page?.text).toContain(sentence('th', 'module.noGradebook'));
    const ltik = ltikOf(r);
    for (let i = 1; i <= mod.pages.length; i += 1)
      expect((await agent.get(withLtik(ltik, `/app/modules/${SLUG}/pages/${i}`))).status).toBe(200);
    const quiz = await agent
      .post(withLtik(ltik, `/app/modules/${SLUG}/quiz`))
      .type('form')
      .send(quizAnswers(mod));
    expect(quiz.status).toBe(200);
    await t.app.grades.drain();

    expect(
      await t.db.query(
        'SELECT count(*)::int AS n FROM grade_outbox g JOIN people p ON p.id = g.person_id WHERE p.platform_user_id = $1',
        [learner.sub],
      ),
    ).toEqual([{ n: 0 }]);
    expect(attackerCalls()).toBe(0);
  });

  it('a normal Moodle launch keeps its service URLs (on the issuer host) and logs no warning', async () => {
    const learner = user({ locale: 'en' });
    lines.length = 0;
    const r = await launch(t, t.agent(), learner, { resourceLink: { id: `link-${learner.sub}` } });
    expect(r.page?.status).toBe(200);
    expect(
      await t.db.query(
        'SELECT ags_lineitem_url, nrps_memberships_url FROM resource_links WHERE resource_link_id = $1',
        [`link-${learner.sub}`],
      ),
    ).toEqual([
      {
        ags_lineitem_url: `${t.lms.issuer}/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1`,
        nrps_memberships_url: `${t.lms.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`,
      },
    ]);
    expect(lines.filter((l) => l.event === 'lti.service_url_ignored')).toEqual([]);
  });

  describe('the AGS/NRPS client checks every request that carries the bearer token', () => {
    const ags = () =>
      createAgsClient({
        fetch: t.app.outbound.fetch,
        credentials: (iss, clientId) => t.app.lti.serviceCredentials(iss, clientId),
      });
    afterEach(() => {
      t.lms.membershipsNextLink = undefined;
    });

    it('when a stored line item is on another host (a row written before this check), then sending the score fails for good and nothing reaches that host', async () => {
      const before = attackerCalls();
      const sent = ags().sendScore({
        issuer: t.lms.issuer,
        clientId: t.lms.clientId,
        lineitemUrl: attackerUrls().lineitem,
        platformUserId: 'u-1',
        scoreGiven: 100,
        scoreMaximum: 100,
        timestamp: new Date(),
      });
      await expect(sent).rejects.toBeInstanceOf(ScoreDeliveryError);
      await expect(sent).rejects.toMatchObject({ permanent: true });
      expect(attackerCalls()).toBe(before);
    });

    it("when the platform's roster answer links its next page on another host, then the roster fails and the token does not follow the link", async () => {
      t.lms.members = [{ user_id: 'u-1', roles: [ROLE.learner] }];
      t.lms.membershipsNextLink = attackerUrls().memberships;
      const before = attackerCalls();
      const read = ags().memberships(
        t.lms.issuer,
        t.lms.clientId,
        `${t.lms.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`,
      );
      await expect(read).rejects.toMatchObject({ name: 'ScoreDeliveryError', permanent: true });
      expect(attackerCalls()).toBe(before);
    });

    it('when the next page is on the platform host, then it is followed', async () => {
      t.lms.members = [{ user_id: 'u-2', roles: [ROLE.learner] }];
      const first = `${t.lms.issuer}/mod/lti/services.php/CourseSection/2/bindings/1/memberships`;
      let pages = 0;
      const client = createAgsClient({
        credentials: (iss, clientId) => t.app.lti.serviceCredentials(iss, clientId),
        fetch: async (url, init) => {
          if (String(url).includes('/memberships')) pages += 1;
          if (pages === 1) t.lms.membershipsNextLink = first.replace('/bindings/1/', '/bindings/2/');
          else t.lms.membershipsNextLink = undefined;
          return fetch(url, init);
        },
      });
      const { members } = await client.memberships(t.lms.issuer, t.lms.clientId, first);
      expect({ pages, members: members.map((m) => m.user_id) }).toEqual({
        pages: 2,
        members: ['u-2', 'u-2'],
      });
    });
  });
});

describe('claims of the wrong type or with control characters: a 400 "invalid launch" page, never a 503', () => {
  const claim = (name: string, value: unknown) => ({ [`${LTI}${name}`]: value });
  it.each<{ what: string; locale: Locale; steps: (u: LmsUser) => LaunchSteps }>([
    // Control characters (a NUL made PostgreSQL fail the launch statement: a 503 "temporarily unavailable").
    { what: 'a NUL in the name', locale: 'th', steps: () => ({ claims: { name: 'สมหญิง\u0000 รักเรียน' } }) },
    {
      what: 'a NUL in a custom parameter',
      locale: 'en',
      steps: () => ({ claims: claim('custom', { module: 'x\u0000' }) }),
    },
    {
      what: 'a control character in the course title',
      locale: 'th',
      steps: (u) => ({ context: { id: `course-${u.sub}`, title: 'Digital\u0001 skills' } }),
    },
    {
      what: 'a NUL in a claim ltijs stores but the tool does not read (lis)',
      locale: 'en',
      steps: () => ({ claims: claim('lis', { person_sourcedid: 'p\u0000' }) }),
    },
    {
      what: 'a NUL in a claim name',
      locale: 'th',
      steps: () => ({ claims: { 'https://example.com/x\u0000': 'v' } }),
    },
    // Wrong types (these made a 503, or were taken silently).
    { what: 'sub as an object', locale: 'en', steps: () => ({ claims: { sub: { id: 'u-1' } } }) },
    { what: 'roles as a string', locale: 'th', steps: () => ({ claims: claim('roles', ROLE.learner) }) },
    { what: 'context as a string', locale: 'en', steps: () => ({ claims: claim('context', 'course-1') }) },
    { what: 'custom as an array', locale: 'th', steps: () => ({ claims: claim('custom', ['module=x']) }) },
    { what: 'the name as a number', locale: 'en', steps: () => ({ claims: { name: 42 } }) },
    {
      what: 'given_name as an object',
      locale: 'th',
      steps: () => ({ claims: { given_name: { th: 'สมหญิง' } } }),
    },
    { what: 'email as an array', locale: 'en', steps: () => ({ claims: { email: ['a@example.go.th'] } }) },
    {
      what: 'tool_platform as a string',
      locale: 'th',
      steps: () => ({ claims: claim('tool_platform', 'moodle') }),
    },
    {
      // The user's locale travels in launch_presentation: without it, the deployment's default (Thai).
      what: 'launch_presentation as an array',
      locale: 'th',
      steps: () => ({ claims: claim('launch_presentation', []) }),
    },
    {
      what: 'the resource link title as a number',
      locale: 'th',
      steps: () => ({ resourceLink: { id: 'l', title: 7 as unknown as string } }),
    },
    {
      what: 'a sub longer than 255 characters',
      locale: 'en',
      steps: () => ({ claims: { sub: 'u'.repeat(300) } }),
    },
    {
      what: 'AGS scopes as a string',
      locale: 'th',
      steps: () => ({
        claims: {
          [AGS]: {
            scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
            lineitem: `${t.lms.issuer}/x`,
          },
        },
      }),
    },
  ])(
    'when a launch carries $what, then a 400 page in $locale and nothing is written',
    async ({ locale, steps }) => {
      const learner = user({ locale });
      const { res, before, after } = await refusedLaunch(learner, {
        context: { id: `course-${learner.sub}` },
        resourceLink: { id: `link-${learner.sub}` },
        ...steps(learner),
      });
      expectPage(res, { status: 400, locale, heading: 'error.launch.title', reason: 'error.launch.claims' });
      expect(after).toEqual(before);
    },
  );

  it('when a deep-linking request lists accept_types as a string, then a 400 page', async () => {
    const teacher = user({ roles: [ROLE.instructor], locale: 'en' });
    const claims = t.lms.deepLinkingClaims();
    claims[DL_SETTINGS] = { ...(claims[DL_SETTINGS] as object), accept_types: 'ltiResourceLink' };
    const { res, before, after } = await refusedLaunch(teacher, { claims });
    expectPage(res, {
      status: 400,
      locale: 'en',
      heading: 'error.launch.title',
      reason: 'error.launch.claims',
    });
    expect(after).toEqual(before);
  });

  it('null for an optional claim counts as absent, and tab, CR and LF in text are kept: the launch is accepted', async () => {
    const learner = user({ locale: 'en', name: undefined, given_name: 'Malee\tA.', family_name: 'Srisuk' });
    const r = await launch(t, t.agent(), learner, {
      claims: { name: null, email: null, ...claim('custom', null), ...claim('tool_platform', null) },
    });
    expect({ launch: r.launch?.status, page: r.page?.status }).toEqual({ launch: 302, page: 200 });
    expect(r.page?.text).toContain('Hello, <bdi>Malee\tA. Srisuk</bdi>');
  });
});

describe('control characters in form posts: a 400 page in the user’s language, nothing saved', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('when the login initiation carries a NUL, then a 400 page and no redirect', async () => {
    const res = await t
      .agent()
      .post('/lti/login')
      .set('Accept-Language', 'en')
      .type('form')
      .send(form({ ...t.lms.loginParams(`${TOOL_BASE_URL}/lti/launch`, user()), login_hint: 'u\u0000' }));
    expectPage(res, {
      status: 400,
      locale: 'en',
      heading: 'error.badRequest.title',
      reason: 'error.controlCharacters',
    });
    expect(res.headers.location).toBeUndefined();
  });

  it('when the launch form posts a state with a NUL, then a 400 page, not a 503, and nothing is written', async () => {
    const learner = user({ locale: 'th' });
    const before = await rowCounts();
    const r = await launch(t, t.agent(), learner, {
      tamper: (f) => ({ ...f, state: `${f.state}\u0000` }),
    });
    expectPage(r.launch!, {
      status: 400,
      locale: 'th',
      heading: 'error.badRequest.title',
      reason: 'error.controlCharacters',
    });
    expect(await rowCounts()).toEqual(before);
  });

  describe('pages of a session', () => {
    let session: { agent: supertest.Agent; ltik: string; sub: string };
    beforeAll(async () => {
      const learner = user({ locale: 'en' });
      const agent = t.agent();
      const r = await launch(t, agent, learner, { context: { id: 'course-forms' } });
      expect(r.page?.status).toBe(200);
      session = { agent, ltik: ltikOf(r), sub: learner.sub };
    });
    const post = (path: string, fields: Record<string, string>) =>
      session.agent.post(withLtik(session.ltik, path)).type('form').send(form(fields));
    const count = async (table: string) =>
      (
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table} x JOIN people p ON p.id = x.person_id WHERE p.platform_user_id = $1`,
          [session.sub],
        )
      )[0]!.n;

    it('learning record: when an activity title holds a NUL, then a 400 page in the session language and no entry', async () => {
      const res = await post('/app/record', {
        activityType: 'mentoring',
        title: 'Sheets\u0000',
        occurredOn: new Date().toISOString().slice(0, 10),
        hours: '3',
        category: '',
        'skill.DL': '3',
        reflection: 'ok',
        evidenceUrl: '',
      });
      expectPage(res, {
        status: 400,
        locale: 'en',
        heading: 'error.badRequest.title',
        reason: 'error.controlCharacters',
      });
      expect(await count('learning_entries')).toBe(0);
    });

    it('development plan: when an activity holds a NUL, then a 400 page and no plan', async () => {
      const res = await post('/app/plan', {
        fy: '2027',
        basedOn: '0',
        'plan.DL.h70': '6',
        'plan.DL.a70': 'รายงาน\u0000',
      });
      expectPage(res, {
        status: 400,
        locale: 'en',
        heading: 'error.badRequest.title',
        reason: 'error.controlCharacters',
      });
      expect(await count('development_plans')).toBe(0);
    });

    it('a query string with a control character gets the same 400 page', async () => {
      const res = await session.agent.get(withLtik(session.ltik, '/app/progress?x=%1B'));
      expectPage(res, {
        status: 400,
        locale: 'en',
        heading: 'error.badRequest.title',
        reason: 'error.controlCharacters',
      });
    });
  });
});

describe('aud and azp (OpenID Connect Core §3.1.3.7)', () => {
  it.each<{ what: string; locale: Locale; claims: () => Record<string, unknown> }>([
    {
      what: 'an aud array without azp',
      locale: 'th',
      claims: () => ({ aud: [t.lms.clientId, 'client-of-another-tool'] }),
    },
    {
      what: 'an aud array of our client id alone without azp',
      locale: 'en',
      claims: () => ({ aud: [t.lms.clientId] }),
    },
    {
      what: 'an aud array whose azp is another client',
      locale: 'th',
      claims: () => ({ aud: [t.lms.clientId, 'client-of-another-tool'], azp: 'client-of-another-tool' }),
    },
    {
      what: 'a plain aud with an azp naming another client',
      locale: 'en',
      claims: () => ({ azp: 'client-of-another-tool' }),
    },
  ])('when the token has $what, then a 401 page and nothing is written', async ({ locale, claims }) => {
    const learner = user({ locale });
    const { res, before, after } = await refusedLaunch(learner, {
      claims: claims(),
      context: { id: `course-${learner.sub}` },
    });
    expectPage(res, { status: 401, locale, heading: 'error.launch.title', reason: 'error.launch.invalid' });
    expect(after).toEqual(before);
  });

  it.each<{ what: string; claims: () => Record<string, unknown> }>([
    { what: 'a plain aud (as Moodle sends it)', claims: () => ({}) },
    { what: 'a plain aud with azp naming us', claims: () => ({ azp: t.lms.clientId }) },
    {
      what: 'an aud array with azp naming us',
      claims: () => ({ aud: ['client-of-another-tool', t.lms.clientId], azp: t.lms.clientId }),
    },
  ])('when the token has $what, then the launch is accepted', async ({ claims }) => {
    const r = await launch(t, t.agent(), user({ locale: 'en' }), { claims: claims() });
    expect({ launch: r.launch?.status, page: r.page?.status }).toEqual({ launch: 302, page: 200 });
  });
});
