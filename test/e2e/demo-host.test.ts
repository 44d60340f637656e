import supertest from 'supertest';
import { t as tr, type Locale } from '../../src/i18n/i18n';
import { startTestApp, type TestApp } from '../support/test-app';

// BASE_URL is http://tool.digiskill.test; the demo is opened on 127.0.0.1:3000 (or the reverse of localhost), where a
// launch's cookie would be set on one host and looked for on the other.
const BASE = 'http://tool.digiskill.test';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BASE_URL: BASE, DEMO_PLATFORM: 'true', NODE_ENV: 'development' });
});
afterAll(async () => {
  await t.close();
});

const on = (host: string) => ({
  get: (path: string) => supertest(t.app.app).get(path).set('Host', host),
  post: (path: string) => supertest(t.app.app).post(path).set('Host', host),
});

describe('the demo opened on another host than BASE_URL', () => {
  it.each(['/demo?lang=en', '/', '/demo/start?as=learner&locale=th', '/lti/login?iss=x&login_hint=y'])(
    'when %s is requested at 127.0.0.1:3000, then it redirects (302) to the same path at BASE_URL',
    async (path) => {
      const res = await on('127.0.0.1:3000').get(path);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`${BASE}${path}`);
    },
  );

  it("when the demo page is requested at BASE_URL's host, then it is served", async () => {
    const res = await on('tool.digiskill.test').get('/demo?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="launch-learner"');
  });

  it("when a proxy forwards the request for BASE_URL's host, then the forwarded host counts", async () => {
    const res = await on('127.0.0.1:3000').get('/demo').set('X-Forwarded-Host', 'tool.digiskill.test');
    expect(res.status).toBe(200);
  });

  it.each([
    ['en', 'Open the tool at http://tool.digiskill.test — it was opened at localhost:3000.'],
    ['th', 'โปรดเปิดเครื่องมือที่ http://tool.digiskill.test — ขณะนี้เปิดที่ localhost:3000'],
  ])(
    'when a launch is posted at another host (%s), then a page names both addresses instead of a cookie error',
    async (lang, sentence) => {
      const res = await on('localhost:3000')
        .post('/lti/launch')
        .set('Accept-Language', lang)
        .type('form')
        .send({ id_token: 'x', state: 'y' });
      expect(res.status).toBe(400);
      expect(res.text).toContain(sentence);
      expect(res.text).not.toContain(tr(lang as Locale, 'error.launch.cookies'));
    },
  );

  it('when a login is posted at another host, then the same page answers (a form post cannot be redirected)', async () => {
    const res = await on('127.0.0.1:3000')
      .post('/lti/login')
      .set('Accept-Language', 'en')
      .type('form')
      .send({ iss: 'x', login_hint: 'y', target_link_uri: `${BASE}/lti/launch` });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Open the tool at http://tool.digiskill.test — it was opened at 127.0.0.1:3000.',
    );
  });
});
