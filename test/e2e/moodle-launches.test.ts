import { LTI, ROLE, user } from '../support/simulated-lms';
import { launch, startTestApp, TOOL_BASE_URL, type TestApp } from '../support/test-app';

// What Moodle's mod/lti actually sends (lti_build_login_request, lti_get_ims_role, lti_sign_jwt), as launch cases.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
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
    expect(r.page?.text).toContain('Hello, Somsri');
  });
});
