import { user } from '../support/simulated-lms';
import { startTestApp, type TestApp } from '../support/test-app';

// Its own file: ltijs is a per-process singleton, so another cookie configuration needs another module registry.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BASE_URL: 'https://tool.digiskill.test' });
});
afterAll(async () => {
  await t.close();
});

describe('cookies when the tool is served over HTTPS', () => {
  it('when the LMS starts a login, then the state cookie survives the LMS iframe (SameSite=None; Secure; HttpOnly)', async () => {
    const login = await t
      .agent()
      .post('/lti/login')
      .type('form')
      .send(t.lms.loginParams('https://tool.digiskill.test/lti/launch', user()));
    expect(login.status).toBe(302);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^state[0-9a-f]+=/);
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });
});
