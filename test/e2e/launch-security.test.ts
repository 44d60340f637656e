import Handlebars from 'handlebars';
import jwt from 'jsonwebtoken';
import type supertest from 'supertest';
import { t as translate, type Locale, type TranslationKey } from '../../src/i18n/i18n';
import { LTI, ROLE, SimulatedLms, user, type LmsUser } from '../support/simulated-lms';
import {
  authorizeLaunch,
  launch,
  postLaunch,
  startTestApp,
  TOOL_BASE_URL,
  type LaunchSteps,
  type TestApp,
} from '../support/test-app';

// The security cases of the 1EdTech LTI 1.3 tool certification checklist, and the login-initiation and
// session refusals around them. Every refusal must be: the exact 4xx, a page in the user's language, no
// stack trace or echo of what was posted, and nothing written (who and where, and the session table).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.lms.publishWeakKey = true;
});
afterAll(async () => {
  await t.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const launchUrl = () => `${TOOL_BASE_URL}/lti/launch`;
const courseOf = (u: LmsUser) => `course-${u.sub}`;
const linkOf = (u: LmsUser) => `link-${u.sub}`;
/** Each case launches into its own course and link, so the rows it could have written are its own. */
const placeOf = (u: LmsUser): LaunchSteps => ({
  context: { id: courseOf(u) },
  resourceLink: { id: linkOf(u) },
});
/** Our views escape with Handlebars: compare with the sentence as it appears in the HTML. */
const sentence = (locale: Locale, key: TranslationKey, vars?: Record<string, string>) =>
  Handlebars.escapeExpression(translate(locale, key, vars));

const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

const TABLES = ['tenants', 'people', 'contexts', 'resource_links', 'enrolments', 'lti_sessions'];
async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = await count(table);
  return out;
}

/** What a launch of this user into their course would have stored. */
async function tracesOf(u: LmsUser) {
  return {
    people: await count('people WHERE platform_user_id = $1', [u.sub]),
    contexts: await count('contexts WHERE context_id = $1', [courseOf(u)]),
    resourceLinks: await count('resource_links WHERE resource_link_id = $1', [linkOf(u)]),
    sessions: await count('lti_sessions WHERE platform_user_id = $1', [u.sub]),
  };
}
const NOTHING = { people: 0, contexts: 0, resourceLinks: 0, sessions: 0 };
const ONE_LAUNCH = { people: 1, contexts: 1, resourceLinks: 1, sessions: 1 };

/** Cookies the response sets; clearing one (as the launch clears the state cookie) is not setting it. */
const cookiesSet = (res: supertest.Response) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])
    .filter((c) => {
      const expires = /;\s*Expires=([^;]+)/i.exec(c)?.[1];
      const maxAge = /;\s*Max-Age=(-?\d+)/i.exec(c)?.[1];
      return !(maxAge !== undefined ? Number(maxAge) <= 0 : expires && Date.parse(expires) <= Date.now());
    })
    .map((c) => c.split('=')[0]);

/** Our error page: that status, in that language, with that sentence, and nothing for an attacker. */
function expectErrorPage(
  res: supertest.Response,
  expected: {
    status: number;
    locale: Locale;
    heading: TranslationKey;
    reason: TranslationKey;
    vars?: Record<string, string>;
  },
): void {
  const { status, locale, heading, reason, vars } = expected;
  expect({
    status: res.status,
    type: res.type,
    lang: /<html lang="([^"]*)">/.exec(res.text)?.[1],
    heading: /<h1>([\s\S]*?)<\/h1>/.exec(res.text)?.[1],
    saysWhy: res.text.includes(sentence(locale, reason, vars)),
    cookiesSet: cookiesSet(res),
  }).toEqual({
    status,
    type: 'text/html',
    lang: locale,
    heading: sentence(locale, heading),
    saysWhy: true,
    cookiesSet: [],
  });
  expect(res.text).not.toMatch(/^\s*at .+:\d+:\d+\)?$/m);
  expect(res.text).not.toMatch(/\bat [\w$.<>]+ \(/);
  expect(res.text).not.toContain('Error:');
  expect(res.text).not.toContain('node_modules');
}

const expectLaunchRefused = (
  res: supertest.Response,
  status: number,
  locale: Locale,
  reason: TranslationKey,
) => expectErrorPage(res, { status, locale, heading: 'error.launch.title', reason });

/** Neither the token nor any of its signed parts comes back in the page. */
function expectNoEcho(res: supertest.Response, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(res.text).not.toContain(secret);
    for (const part of secret.split('.').filter((p) => p.length >= 16)) expect(res.text).not.toContain(part);
  }
}

/** Login initiation and the LMS's answer, stopping before the form post. */
const authorize = (agent: supertest.Agent, learner: LmsUser, steps: LaunchSteps = {}, lms = t.lms) =>
  authorizeLaunch(t, agent, learner, steps, lms);

/** A full launch that is expected to be refused at the form post; records what was posted. */
async function refusedLaunch(learner: LmsUser, steps: LaunchSteps = {}) {
  const before = await rowCounts();
  let posted = '';
  const r = await launch(t, t.agent(), learner, {
    ...placeOf(learner),
    ...steps,
    tamper: (form) => {
      const out = steps.tamper ? steps.tamper(form) : form;
      posted = out.id_token ?? '';
      return out;
    },
  });
  expect(r.login.status).toBe(302);
  return { res: r.launch!, idToken: r.idToken!, posted, before };
}

/** Changes a claim of a signed token without re-signing it. */
function alterPayload(idToken: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return [
    header,
    Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url'),
    signature,
  ].join('.');
}

const loginParams = (u: LmsUser, overrides: Record<string, string | undefined> = {}) => {
  const params: Record<string, string | undefined> = {
    ...t.lms.loginParams(launchUrl(), u),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
};

interface RefusedCase {
  name: string;
  when: string;
  locale: Locale;
  steps: (learner: LmsUser) => LaunchSteps;
  status: number;
  reason: TranslationKey;
}

const claim = (name: string, value: unknown) => ({ claims: { [`${LTI}${name}`]: value } });

const REFUSED_LAUNCHES: RefusedCase[] = [
  // Signatures and keys
  {
    name: 'Invalid KID in JWT header',
    when: 'the token names a kid the LMS never published',
    locale: 'th',
    steps: () => ({ signing: { kind: 'unknown-kid' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Token signed by another key claiming the LMS kid',
    when: "the token carries the LMS's kid but another key's signature",
    locale: 'en',
    steps: () => ({ signing: { kind: 'foreign-key' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Incorrect signature',
    when: 'the payload was changed after the LMS signed it (learner made instructor)',
    locale: 'th',
    steps: () => ({
      tamper: (form) => ({
        ...form,
        id_token: alterPayload(form.id_token, { [`${LTI}roles`]: [ROLE.instructor] }),
      }),
    }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Token without kid',
    when: 'the JWT header has no kid',
    locale: 'en',
    steps: () => ({ signing: { kind: 'no-kid' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'alg none',
    when: 'the token is unsigned (alg none)',
    locale: 'th',
    steps: () => ({ signing: { kind: 'alg-none' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'HS256 signed with the platform public key',
    when: "the token is HMAC-signed with the LMS's public key (key confusion)",
    locale: 'en',
    steps: () => ({ signing: { kind: 'hs256-with-public-key' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'RSA key shorter than 2048 bits',
    when: 'the token is signed with a 1024-bit key the LMS publishes',
    locale: 'en',
    steps: () => ({ signing: { kind: 'weak-key' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Malformed id_token (not a JWT)',
    when: 'the posted id_token is not a JWT',
    // Nothing to read a locale from: the deployment default (Thai).
    locale: 'th',
    steps: () => ({ tamper: (form) => ({ ...form, id_token: 'not-a-jwt' }) }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  // LTI claims
  {
    name: 'Wrong LTI version',
    when: 'the version claim is 1.1.0',
    locale: 'en',
    steps: () => claim('version', '1.1.0'),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'No LTI version',
    when: 'the version claim is missing',
    locale: 'th',
    steps: () => claim('version', undefined),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Invalid message type',
    when: 'the message type is not one the tool handles',
    locale: 'en',
    steps: () => claim('message_type', 'LtiSubmissionReviewRequestX'),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing message type',
    when: 'the message_type claim is missing',
    locale: 'th',
    steps: () => claim('message_type', undefined),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing deployment_id',
    when: 'the deployment_id claim is missing',
    locale: 'en',
    steps: () => claim('deployment_id', undefined),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Unknown deployment_id',
    when: 'the token names a deployment that was never registered (the login named the registered one)',
    locale: 'th',
    steps: () => claim('deployment_id', 'deployment-nobody-registered'),
    status: 403,
    reason: 'error.launch.deployment',
  },
  {
    name: 'Missing sub',
    when: 'the sub claim is missing',
    locale: 'en',
    steps: () => ({ claims: { sub: undefined } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing roles',
    when: 'the roles claim is missing',
    locale: 'th',
    steps: () => claim('roles', undefined),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing resource_link id for LtiResourceLinkRequest',
    when: 'the resource_link claim has no id',
    locale: 'en',
    steps: () => claim('resource_link', { title: 'Digital literacy basics' }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing resource_link for LtiResourceLinkRequest',
    when: 'the resource_link claim is missing',
    locale: 'th',
    steps: () => claim('resource_link', undefined),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing target_link_uri for LtiResourceLinkRequest',
    when: 'the target_link_uri claim is missing',
    locale: 'en',
    steps: () => claim('target_link_uri', undefined),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Missing nonce',
    when: 'the nonce claim is missing',
    locale: 'th',
    steps: () => ({ claims: { nonce: undefined } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  // Issuer and audience
  {
    name: 'Wrong issuer',
    when: 'the token names another issuer than the login (the state cookie holds the login issuer)',
    locale: 'en',
    steps: () => ({ claims: { iss: 'https://impostor-lms.example' } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  {
    name: 'Wrong audience',
    when: 'the aud is not a client id registered for this issuer',
    locale: 'th',
    steps: () => ({ claims: { aud: 'client-of-another-tool' } }),
    status: 401,
    reason: 'error.launch.platform',
  },
  {
    name: 'Several audiences with azp naming another client',
    when: 'the aud lists the tool and another client and azp is the other one',
    locale: 'en',
    steps: () => ({
      claims: { aud: [t.lms.clientId, 'client-of-another-tool'], azp: 'client-of-another-tool' },
    }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  // Time
  {
    name: 'Expired token',
    when: 'exp is 30 s in the past (beyond the 10 s clock skew)',
    locale: 'en',
    steps: () => ({ expOffset: -90 }),
    status: 401,
    reason: 'error.launch.expired',
  },
  {
    name: 'Token not yet valid (nbf in the future)',
    when: 'nbf is 60 s in the future',
    locale: 'th',
    steps: () => ({ claims: { nbf: nowSeconds() + 60 } }),
    status: 401,
    reason: 'error.launch.expired',
  },
  {
    name: 'iat in the future beyond skew',
    when: 'iat is 60 s in the future',
    locale: 'en',
    steps: () => ({ iatOffset: 60 }),
    status: 401,
    reason: 'error.launch.expired',
  },
  {
    name: 'Token older than its max age',
    when: 'iat is 120 s in the past although exp is still ahead (tokenMaxAge is 60 s)',
    locale: 'th',
    steps: () => ({ iatOffset: -120 }),
    status: 401,
    reason: 'error.launch.expired',
  },
  {
    name: 'No exp',
    when: 'the exp claim is missing',
    locale: 'en',
    steps: () => ({ claims: { exp: undefined } }),
    status: 401,
    reason: 'error.launch.invalid',
  },
  // Browser state
  {
    name: 'Missing state cookie',
    when: 'the form is posted from a browser that never started the login',
    locale: 'th',
    steps: () => ({ postAgent: t.agent() }),
    status: 401,
    reason: 'error.launch.cookies',
  },
  {
    name: 'State mismatch',
    when: 'the posted state is not the one the login set',
    locale: 'en',
    steps: () => ({ tamper: (form) => ({ ...form, state: `${form.state}0` }) }),
    status: 401,
    reason: 'error.launch.cookies',
  },
];

describe('LTI 1.3 launch security (1EdTech certification checklist)', () => {
  it.each(REFUSED_LAUNCHES)(
    '$name: when $when, then a $status page in $locale, no echo, and nothing is written',
    async ({ locale, steps, status, reason }) => {
      const learner = user({ locale });
      const { res, idToken, posted, before } = await refusedLaunch(learner, steps(learner));

      expectLaunchRefused(res, status, locale, reason);
      expectNoEcho(res, idToken, posted);
      expect(await rowCounts()).toEqual(before);
      expect(await tracesOf(learner)).toEqual(NOTHING);
    },
  );

  it('Token within the clock skew: when exp is 5 s past and nbf and iat 5 s ahead, then the launch is accepted', async () => {
    const learner = user({ locale: 'en', name: 'Malee Srisuk' });
    const r = await launch(t, t.agent(), learner, {
      ...placeOf(learner),
      iatOffset: 5,
      expOffset: -65,
      claims: { nbf: nowSeconds() + 5 },
    });
    expect({ launch: r.launch?.status, page: r.page?.status }).toEqual({ launch: 302, page: 200 });
    expect(r.page?.text).toContain('<html lang="en">');
    expect(r.page?.text).toContain('Hello, <bdi>Malee Srisuk</bdi>');
    expect(await tracesOf(learner)).toEqual(ONE_LAUNCH);
  });

  it('Nonce replay: when an id_token that already launched is posted again after a fresh login, then a 401 page and nothing more is written', async () => {
    const learner = user({ locale: 'en' });
    const agent = t.agent();
    const first = await authorize(agent, learner, placeOf(learner));
    expect((await postLaunch(agent, first)).status).toBe(302);
    const lastLaunch = () =>
      t.db.query('SELECT last_launch_at FROM people WHERE platform_user_id = $1', [learner.sub]);
    const launchedAt = await lastLaunch();
    const before = await rowCounts();

    // A new login gives a new state (and cookie) for the same issuer: only the nonce store can tell.
    const second = await authorize(agent, learner, placeOf(learner));
    const res = await postLaunch(agent, { id_token: first.id_token, state: second.state });

    expectLaunchRefused(res, 401, 'en', 'error.launch.replay');
    expectNoEcho(res, first.id_token);
    expect(await rowCounts()).toEqual(before);
    expect(await tracesOf(learner)).toEqual(ONE_LAUNCH);
    expect(await lastLaunch()).toEqual(launchedAt);
  });

  it("Nonce bound to the login: when login A's id_token is posted with login B's state in the same browser, then a 401 page and nothing is written", async () => {
    const learner = user({ locale: 'en' });
    const agent = t.agent();
    const a = await authorize(agent, learner, placeOf(learner));
    const b = await authorize(agent, learner, placeOf(learner));
    const before = await rowCounts();

    const res = await postLaunch(agent, { id_token: a.id_token, state: b.state });

    expectLaunchRefused(res, 401, 'en', 'error.launch.replay');
    expectNoEcho(res, a.id_token);
    expect(await rowCounts()).toEqual(before);
    expect(await tracesOf(learner)).toEqual(NOTHING);
  });

  it('Nonce replay: when the same id_token is posted twice at once, then exactly one launch succeeds and the other gets a 401 page', async () => {
    const learner = user({ locale: 'th' });
    const agent = t.agent();
    const auth = await authorize(agent, learner, placeOf(learner));

    const results = await Promise.all([postLaunch(agent, auth), postLaunch(agent, auth)]);

    expect(results.map((r) => r.status).sort()).toEqual([302, 401]);
    const refused = results.find((r) => r.status === 401)!;
    expectLaunchRefused(refused, 401, 'th', 'error.launch.replay');
    expectNoEcho(refused, auth.id_token);
    expect(await tracesOf(learner)).toEqual(ONE_LAUNCH);
    expect(
      await count(
        'enrolments e JOIN people p ON p.id = e.person_id JOIN contexts c ON c.id = e.context_id WHERE p.platform_user_id = $1 AND c.context_id = $2',
        [learner.sub, courseOf(learner)],
      ),
    ).toBe(1);
  });

  describe('platforms that are not (or no longer) allowed to launch', () => {
    let other: SimulatedLms;
    beforeEach(async () => {
      other = await SimulatedLms.start();
    });
    afterEach(async () => {
      await other.stop();
    });

    it('Unknown platform: when the platform is removed between login and launch, then a 401 page and nothing is written', async () => {
      await t.app.platforms.add(other.registration('Retired Moodle'));
      const learner = user({ locale: 'th' });
      const agent = t.agent();
      const auth = await authorize(agent, learner, placeOf(learner), other);
      await t.app.platforms.remove(other.issuer);
      const before = await rowCounts();

      const res = await postLaunch(agent, auth);

      expectLaunchRefused(res, 401, 'th', 'error.launch.platform');
      expectNoEcho(res, auth.id_token);
      expect(await rowCounts()).toEqual(before);
      expect(await tracesOf(learner)).toEqual(NOTHING);
    });

    it('Inactive platform: when the platform is deactivated between login and launch, then a 403 page, nothing is written, and its logins get 403 too', async () => {
      const registered = await t.app.platforms.add(other.registration('Pending Moodle'));
      const learner = user({ locale: 'en' });
      const agent = t.agent();
      const auth = await authorize(agent, learner, placeOf(learner), other);
      await t.app.platforms.setActive(registered.issuer, registered.clientId, false);
      const before = await rowCounts();

      const res = await postLaunch(agent, auth);

      expectLaunchRefused(res, 403, 'en', 'error.launch.inactive');
      expectNoEcho(res, auth.id_token);
      expect(await rowCounts()).toEqual(before);
      expect(await tracesOf(learner)).toEqual(NOTHING);

      const login = await t
        .agent()
        .post('/lti/login')
        .set('Accept-Language', 'en')
        .type('form')
        .send(other.loginParams(launchUrl(), learner));
      expectLaunchRefused(login, 403, 'en', 'error.launch.inactive');
    });
  });
});

describe('OIDC login initiation refusals', () => {
  const postLogin = (params: Record<string, string>, language?: string) => {
    const req = t.agent().post('/lti/login');
    if (language) void req.set('Accept-Language', language);
    return req.type('form').send(params);
  };

  it.each<{ missing: string; locale: Locale; language?: string; fields: string }>([
    {
      missing: 'iss, login_hint and target_link_uri',
      locale: 'en',
      language: 'en',
      fields: 'iss, login_hint, target_link_uri',
    },
    { missing: 'login_hint', locale: 'th', fields: 'login_hint' },
  ])(
    'when the login misses $missing, then a 400 page lists the missing fields in $locale and sets no cookie',
    async ({ locale, language, fields }) => {
      const learner = user();
      const params = loginParams(
        learner,
        Object.fromEntries(fields.split(', ').map((f) => [f, undefined])) as Record<string, undefined>,
      );
      const before = await rowCounts();
      const res = await postLogin(params, language);
      expectErrorPage(res, {
        status: 400,
        locale,
        heading: 'error.launch.title',
        reason: 'error.launch.missingParams',
        vars: { fields },
      });
      expect(await rowCounts()).toEqual(before);
    },
  );

  it('when target_link_uri points to another host, then a 400 page and no redirect to the LMS', async () => {
    const res = await postLogin(
      loginParams(user(), { target_link_uri: 'https://evil.example/lti/launch' }),
      'en',
    );
    expectErrorPage(res, {
      status: 400,
      locale: 'en',
      heading: 'error.setup.title',
      reason: 'error.setup.host',
      vars: {
        configured: 'https://evil.example',
        baseUrl: TOOL_BASE_URL,
        launchUrl: `${TOOL_BASE_URL}/lti/launch`,
      },
    });
    expect(res.headers.location).toBeUndefined();
  });

  it.each<{ how: string; params: () => Record<string, string> }>([
    {
      how: 'as Moodle sends it (with client_id and lti_deployment_id)',
      params: () =>
        loginParams(user(), {
          iss: 'https://unknown-lms.example',
          client_id: 'client-unknown',
          lti_deployment_id: '1',
        }),
    },
    {
      how: 'with only the OIDC parameters',
      params: () =>
        loginParams(user(), {
          iss: 'https://unknown-lms.example',
          client_id: undefined,
          lti_deployment_id: undefined,
        }),
    },
  ])(
    'Unknown platform: when an unregistered issuer starts a login $how, then a 401 page in Thai',
    async ({ params }) => {
      const before = await rowCounts();
      const res = await postLogin(params());
      expectLaunchRefused(res, 401, 'th', 'error.launch.platform');
      expect(res.headers.location).toBeUndefined();
      expect(await rowCounts()).toEqual(before);
    },
  );

  it('Unknown deployment_id: when the login names an unregistered lti_deployment_id, then a 403 page and no redirect', async () => {
    const res = await postLogin(
      loginParams(user(), { lti_deployment_id: 'deployment-nobody-registered' }),
      'en',
    );
    expectLaunchRefused(res, 403, 'en', 'error.launch.deployment');
    expect(res.headers.location).toBeUndefined();
  });
});

describe('requests to the launch route without a valid session', () => {
  it.each<{ how: string; send: () => supertest.Test }>([
    { how: 'a GET with no ltik', send: () => t.agent().get('/lti/launch') },
    {
      how: 'a POST with neither id_token nor state',
      send: () => t.agent().post('/lti/launch').type('form').send({}),
    },
  ])('when $how arrives, then a 401 page in Thai', async ({ send }) => {
    const res = await send();
    expectLaunchRefused(res, 401, 'th', 'error.launch.session');
  });

  it('when an ltik has a bad signature, then a 401 page that does not echo it', async () => {
    const agent = t.agent();
    const r = await launch(t, agent, user({ locale: 'en' }));
    const ltik = new URL(r.launch!.headers.location as string, TOOL_BASE_URL).searchParams.get('ltik')!;
    const forged = jwt.sign(jwt.decode(ltik) as object, 'not-the-tool-encryption-key');

    const res = await agent
      .get(`/lti/launch?ltik=${encodeURIComponent(forged)}`)
      .set('Accept-Language', 'en');

    expectLaunchRefused(res, 401, 'en', 'error.launch.invalid');
    expectNoEcho(res, forged, ltik);
  });

  it('when a valid ltik is used from another browser (no session cookie), then a 401 page', async () => {
    const r = await launch(t, t.agent(), user());
    const ltik = new URL(r.launch!.headers.location as string, TOOL_BASE_URL).searchParams.get('ltik')!;

    const res = await t.agent().get(`/lti/launch?ltik=${encodeURIComponent(ltik)}`);

    expectLaunchRefused(res, 401, 'th', 'error.launch.session');
    expectNoEcho(res, ltik);
  });

  it('when an unknown path is requested, then a 404 page', async () => {
    const res = await t.agent().get('/nope').set('Accept-Language', 'en');
    expectErrorPage(res, {
      status: 404,
      locale: 'en',
      heading: 'error.notFound.title',
      reason: 'error.notFound.body',
    });
  });
});
