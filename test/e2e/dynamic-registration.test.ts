import { SimulatedLms, user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'reg-secret-0123456789abcdef';
let t: TestApp;
let moodle: SimulatedLms;
beforeAll(async () => {
  t = await startTestApp({ LTI_REGISTRATION_SECRET: SECRET });
  moodle = await SimulatedLms.start({ deploymentId: '7' });
});
afterAll(async () => {
  await moodle.stop();
  await t.close();
});

const registerUrl = (params: Record<string, string>, secret = SECRET) =>
  `/lti/register/${secret}?${new URLSearchParams(params).toString()}`;

describe('LTI Dynamic Registration (Moodle "register by URL")', () => {
  it('when Moodle opens the registration URL, then the tool shows what will be registered, and on confirmation registers and launches work', async () => {
    const agent = t.agent();
    const start = moodle.startRegistration();
    const page = await agent.get(registerUrl(start)).set('accept-language', 'en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Register DigiSkill with this learning platform');
    expect(page.text).toContain(`data-testid="issuer">${moodle.issuer}<`);
    expect(page.text).toContain(`${t.config.baseUrl}/lti/login`);
    expect(page.text).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');

    const done = await agent.post(`/lti/register/${SECRET}`).type('form').set('accept-language', 'en').send({
      openid_configuration: start.openid_configuration,
      registration_token: start.registration_token,
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('DigiSkill is registered');
    expect(done.text).toContain(`data-testid="client-id">${moodle.clientId}<`);
    // The close message to the platform's window comes from a script file (the CSP allows no inline script).
    expect(done.text).toContain('<script src="/static/registration-done.js"></script>');
    const script = await agent.get('/static/registration-done.js');
    expect(script.text).toContain("postMessage({ subject: 'org.imsglobal.lti.close' }");

    // What the platform received (LTI DR §3.5.2), with its one-time token.
    const sent = moodle.registrations[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${start.registration_token}`);
    expect(sent.body).toMatchObject({
      application_type: 'web',
      response_types: ['id_token'],
      initiate_login_uri: `${t.config.baseUrl}/lti/login`,
      redirect_uris: [`${t.config.baseUrl}/lti/launch`],
      jwks_uri: `${t.config.baseUrl}/lti/keys`,
      token_endpoint_auth_method: 'private_key_jwt',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': expect.objectContaining({
        target_link_uri: `${t.config.baseUrl}/lti/launch`,
        claims: expect.arrayContaining(['sub', 'name', 'email']),
        messages: [
          expect.objectContaining({ type: 'LtiResourceLinkRequest' }),
          expect.objectContaining({ type: 'LtiDeepLinkingRequest' }),
        ],
      }),
    });

    const platforms = await t.app.platforms.list();
    expect(platforms.find((p) => p.issuer === moodle.issuer)).toMatchObject({
      clientId: moodle.clientId,
      deploymentIds: ['7'],
      keysetUrl: moodle.jwksUrl,
    });
    // The audit log names the LMS itself, through Dynamic Registration, as the author.
    expect(
      await t.db.query('SELECT action, actor_kind, client_id FROM platform_audit_log WHERE issuer = $1', [
        moodle.issuer,
      ]),
    ).toEqual([{ action: 'platform.registered', actor_kind: 'registration', client_id: moodle.clientId }]);
    const r = await launch({ ...t, lms: moodle }, t.agent(), user());
    expect(r.page?.status).toBe(200);
  });

  it('when the registration token was already used, then the page says the platform refused and nothing is stored twice', async () => {
    const start = moodle.startRegistration();
    await t.agent().post(`/lti/register/${SECRET}`).type('form').send(start);
    const again = await t
      .agent()
      .post(`/lti/register/${SECRET}`)
      .type('form')
      .set('accept-language', 'en')
      .send(start);
    expect(again.status).toBe(502);
    expect(again.text).toContain('it did not accept the registration (a registration link works only once)');
    expect((await t.app.platforms.list()).filter((p) => p.issuer === moodle.issuer)).toHaveLength(1);
  });

  it.each([
    [
      'a wrong secret',
      () => registerUrl(moodle.startRegistration(), 'x'.repeat(30)),
      403,
      'This registration URL is not valid',
    ],
    [
      'no secret in the URL',
      () => '/lti/register?openid_configuration=x',
      404,
      'Registration by URL is turned off',
    ],
    ['no openid_configuration', () => `/lti/register/${SECRET}`, 400, 'did not send its configuration'],
    [
      'an unreachable configuration',
      () => registerUrl({ openid_configuration: 'http://127.0.0.1:1/openid-configuration' }),
      502,
      'its configuration could not be read',
    ],
  ])('when the request has %s, then it is refused with a page', async (_name, url, status, text) => {
    const res = await t.agent().get(url()).set('accept-language', 'en');
    expect(res.status).toBe(status);
    expect(res.text).toContain(text);
  });

  it('when the claimed issuer is only a string prefix of the configuration URL (another port or host), then registration is refused', async () => {
    const impostor = await SimulatedLms.start();
    // http://127.0.0.1:41234 claims to be http://127.0.0.1:4123: a prefix of its URL, but another platform.
    const claimed = impostor.issuer.slice(0, -1);
    impostor.configurationIssuer = claimed;
    try {
      const res = await t
        .agent()
        .post(`/lti/register/${SECRET}`)
        .type('form')
        .set('accept-language', 'en')
        .send(impostor.startRegistration());
      expect(res.status).toBe(400);
      expect(impostor.registrations).toHaveLength(0);
      expect((await t.app.platforms.list()).map((p) => p.issuer)).not.toContain(claimed);
    } finally {
      await impostor.stop();
    }
  });

  it('when a platform serves a configuration naming another issuer, then registration is refused and nothing is stored', async () => {
    const impostor = await SimulatedLms.start();
    impostor.configurationIssuer = 'https://moodle.ministry.example.go.th';
    try {
      const start = impostor.startRegistration();
      const res = await t
        .agent()
        .post(`/lti/register/${SECRET}`)
        .type('form')
        .set('accept-language', 'th')
        .send(start);
      expect(res.status).toBe(400);
      expect(res.text).toContain('ข้อมูลการตั้งค่าไม่ได้เป็นของแพลตฟอร์มที่ระบุ');
      expect(impostor.registrations).toHaveLength(0);
      expect((await t.app.platforms.list()).map((p) => p.issuer)).not.toContain(
        'https://moodle.ministry.example.go.th',
      );
    } finally {
      await impostor.stop();
    }
  });
});
