import { user } from '../support/simulated-lms';
import {
  launch,
  openSession,
  passSampleModule,
  startTestApp,
  withLtik,
  type TestApp,
} from '../support/test-app';

// The numbers an operator scrapes, moved by real launches, refusals and grades (the simulated LMS signs real
// tokens and answers AGS), read from the app's registry as the metrics listener serves it.
const SLUG = 'dg-digital-government-laws';

let t: TestApp;
beforeAll(async () => {
  // A long poll interval: the test drains the outbox itself (a completion still kicks one round).
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

/** Every sample of the tool's own metrics: its name, its labels and its value. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('digiskill_'))
    .map((line) => {
      const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

const value = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

describe('metrics', () => {
  it('when learners launch, a launch is refused, a module is completed and its grade delivered or failing, then the counters move with bounded labels', async () => {
    const before = await t.app.metrics.registry.metrics();

    // Accepted: a learner launches onto a placed module, passes it, and the grade reaches the LMS.
    const s = await openSession(t, user({ locale: 'en' }), { module: SLUG });
    await passSampleModule(s, SLUG);
    await t.app.grades.drain();
    expect(t.lms.calls.scores).toHaveLength(1);

    // Refused: an expired id_token at the launch, and a login for a deployment nobody registered.
    const agent = t.agent();
    const expired = await launch(t, agent, user(), { expOffset: -3600, iatOffset: -3700 });
    expect(expired.launch?.status).toBe(401);
    const unknown = await launch(t, t.agent(), user(), { deploymentId: 'deployment-nobody-registered' });
    expect(unknown.login.status).toBe(403);

    // A grade the LMS refuses for now (HTTP 500): failing, retried later.
    const other = await openSession(t, user(), { module: SLUG });
    t.lms.failServicesWith = 500;
    try {
      await passSampleModule(other, SLUG);
      await t.app.grades.drain();
    } finally {
      t.lms.failServicesWith = undefined;
    }

    // Paths that carry an id, an ltik, or nothing any route knows.
    const idToken = expired.idToken!;
    await s.agent.get(withLtik(s, '/app/self-assessment/918273'));
    await s.agent.get(withLtik(s, '/app/no-such-page/564738'));
    await t.agent().get(`/lti/launch?ltik=${encodeURIComponent(s.ltik)}&id_token=${idToken}`);

    const text = await t.app.metrics.registry.metrics();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      value(text, name, labels) - value(before, name, labels);

    expect(moved('digiskill_lti_launches_total', { outcome: 'accepted', reason: '' })).toBe(2);
    expect(moved('digiskill_lti_launches_total', { outcome: 'refused', reason: 'TOKEN_EXPIRED' })).toBe(1);
    expect(moved('digiskill_lti_launches_total', { outcome: 'refused', reason: 'UNKNOWN_DEPLOYMENT' })).toBe(
      1,
    );
    expect(moved('digiskill_grades_delivered_total')).toBe(1);
    expect(moved('digiskill_grade_attempts_failed_total', { kind: 'temporary' })).toBe(1);
    expect(value(text, 'digiskill_grades_undelivered', { state: 'failing' })).toBe(1);
    expect(value(text, 'digiskill_grades_undelivered', { state: 'waiting' })).toBe(0);
    expect(value(text, 'digiskill_grades_oldest_undelivered_seconds', { state: 'failing' })).toBeLessThan(
      3600,
    );

    // Requests by route pattern and status.
    const requests = (route: string, method: string, status: string) =>
      moved('digiskill_http_requests_total', { route, method, status });
    expect(requests('/lti/login', 'POST', '302')).toBe(3);
    expect(requests('/lti/login', 'POST', '403')).toBe(1);
    expect(requests('/lti/launch', 'POST', '302')).toBe(2);
    expect(requests('/lti/launch', 'POST', '401')).toBe(1);
    expect(requests('/app/modules/:slug/quiz', 'POST', '200')).toBe(2);
    expect(requests('/app/self-assessment/:id', 'GET', '404')).toBe(1);
    expect(requests('unmatched', 'GET', '404')).toBe(1);
    expect(
      moved('digiskill_http_request_duration_seconds_count', {
        route: '/lti/launch',
        method: 'POST',
        status: '302',
      }),
    ).toBe(2);
    if (t.db.kind === 'postgres')
      expect(value(text, 'digiskill_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);

    // No label holds a credential or a numeric id; routes are patterns.
    const credentials = [s.ltik, other.ltik, idToken, ...idToken.split('.')];
    for (const sample of samples(text)) {
      for (const [name, v] of Object.entries(sample.labels)) {
        for (const secret of credentials) expect(v).not.toContain(secret);
        if (name === 'le' || name === 'status') continue;
        expect(v).not.toMatch(/\d/);
      }
      if (sample.labels.route !== undefined)
        expect(sample.labels.route).toMatch(/^(unmatched|(\/[\w.*:-]*)+(\|(\/[\w.*:-]*)+)*)$/);
    }
  });
});
