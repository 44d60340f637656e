import { HSTS } from '../../src/http/security-headers';
import { startTestApp, type TestApp } from '../support/test-app';

// Its own file: ltijs is a per-process singleton, so production settings need another module registry.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ NODE_ENV: 'production', BASE_URL: 'https://tool.digiskill.test' });
});
afterAll(async () => {
  await t.close();
});

describe('HSTS in production', () => {
  it('when anything is answered (health, 404, static file, error page, login, launch, key set, ltijs), then it carries HSTS for a year and the policy', async () => {
    const responses = [
      await t.agent().get('/healthz'),
      await t.agent().get('/readyz'),
      await t.agent().get('/no-such-page'),
      await t.agent().get('/static/app.css'),
      await t.agent().get('/%E0%A4%A'),
      await t.agent().post('/lti/login').type('form').send({ iss: t.lms.issuer }),
      await t.agent().post('/lti/launch').type('form').send({ id_token: 'not-a-token', state: 'x' }),
      await t.agent().get('/app/progress'),
      await t.agent().get('/lti/keys'),
      await t.agent().get('/'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 200, 400, 400, 401, 401, 200, 302]);
    for (const res of responses) {
      expect(res.headers['strict-transport-security']).toBe(HSTS);
      expect(res.headers['content-security-policy']).toContain('frame-ancestors ');
    }
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
  });
});
