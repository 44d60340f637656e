import { ROLE, user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type TestApp } from '../support/test-app';

// Overload: past MAX_IN_FLIGHT the tool answers a quick 503 page instead of queueing. To hold a request in flight
// for real, the class view asks the simulated LMS for its roster (NRPS) while the LMS is made slow.
const MODULE = 'dl-computer-basics';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MAX_IN_FLIGHT: '1', AGS_TIMEOUT_MS: '5000' });
});
afterAll(async () => {
  await t.close();
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('load shedding', () => {
  it('when more requests arrive than may be served at once, then the extra ones get a 503 page at once; health checks still answer; nothing is lost', async () => {
    // On a placed module: the instructor's home would read the roster, and with one request in flight the LMS's
    // call back for the tool's keys (to check the roster request's credentials) would itself be turned away.
    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'th' }), {
      module: MODULE,
    });
    const learner = await openSession(t, user({ locale: 'en' }));
    const release = t.lms.holdServices();
    const slow = teacher.agent.get(withLtik(teacher, '/app/class')).then((r) => r);
    await until(() => t.app.load.inFlight() === 1);

    // Answered at once, not queued: the 503 comes back while the LMS still holds the request that was let in.
    const busy = await learner.agent.get(withLtik(learner, '/app/progress')).set('Accept-Language', 'en');
    expect(busy.status).toBe(503);
    expect(t.app.load.inFlight()).toBe(1);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.headers['content-security-policy']).toContain("script-src 'self';");
    expect(busy.text).toContain('DigiSkill is busy right now');
    expect(busy.text).not.toMatch(/at \w+ \(/); // no stack
    const thai = await t.agent().get('/no-such-page').set('Accept-Language', 'th');
    expect(thai.status).toBe(503);
    expect(thai.text).toContain('ขณะนี้มีผู้ใช้งาน DigiSkill จำนวนมาก');
    expect((await t.agent().get('/healthz')).status).toBe(200);
    expect((await t.agent().get('/readyz')).status).toBe(200);
    expect(t.app.load.shed()).toBe(2);
    // Counted for the operators' alert: two busy pages, not matched to any route (turned away before routing).
    const scraped = await t.app.metrics.registry.metrics();
    expect(scraped).toMatch(/^digiskill_requests_shed_total 2$/m);
    expect(scraped).toMatch(
      /^digiskill_http_requests_total\{route="unmatched",method="GET",status="503"\} 2$/m,
    );

    // The request that was let in finishes normally once the LMS answers, and the next one is served.
    release();
    expect((await slow).status).toBe(200);
    await until(() => t.app.load.inFlight() === 0);
    expect((await learner.agent.get(withLtik(learner, '/app/progress'))).status).toBe(200);
  });

  it('when a client gives up on a request in flight, then its place is freed', async () => {
    const teacher = await openSession(t, user({ roles: [ROLE.instructor] }), { module: MODULE });
    const release = t.lms.holdServices();
    const req = teacher.agent.get(withLtik(teacher, '/app/class')).timeout(100);
    await expect(req).rejects.toThrow();
    // The tool notices the closed connection and the count returns to zero while the LMS still holds the call.
    await until(() => t.app.load.inFlight() === 0);
    release();
    // Served again: an unknown page is a 404, not a 503.
    expect((await t.agent().get('/no-such-page')).status).toBe(404);
  });
});
