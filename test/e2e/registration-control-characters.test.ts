import { SimulatedLms } from '../support/simulated-lms';
import { startTestApp, type TestApp } from '../support/test-app';

// The Dynamic Registration post is on the outer app, past the secret: its form is checked like every other.
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

describe('control characters in the Dynamic Registration form', () => {
  it('when the Dynamic Registration post carries a control character in registration_token, then it is a 400, not a 502', async () => {
    const start = moodle.startRegistration();
    const res = await t
      .agent()
      .post(`/lti/register/${SECRET}`)
      .type('form')
      .set('accept-language', 'en')
      .send({
        openid_configuration: start.openid_configuration,
        registration_token: `${start.registration_token}\u0001`,
      });
    expect(res.status).toBe(400);
    expect(res.text).toContain('control');
  });
});
