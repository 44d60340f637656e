import { runPlatformCli } from '../../src/cli/platform-cli';
import { createPlatformRepository } from '../../src/db/platform.repository';
import type crypto from 'node:crypto';
import supertest from 'supertest';
import { ROLE, SimulatedLms, user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type Session, type TestApp } from '../support/test-app';
import { quizAnswers, sampleModule } from '../support/module-fixtures';

// Removing (or suspending) a platform ends what it opened: its sessions are refused on the next request, in this
// instance at once and in the others once their registry cache (5 s) expires, and its grades stop for good.
const SLUG = 'dg-digital-government-laws';
const mod = sampleModule(SLUG);

let base: TestApp;
/** The app with this test's own platform (the tests remove or suspend it). */
let t: TestApp;
/** The app's clock for its per-instance caches: moved forward instead of waiting. */
let skewMs = 0;
beforeAll(async () => {
  base = await startTestApp({ GRADE_POLL_MS: '3600000' }, { now: () => new Date(Date.now() + skewMs) });
});
afterAll(async () => {
  await base.close();
});
beforeEach(async () => {
  skewMs = 0;
  const lms = await SimulatedLms.start();
  await base.app.platforms.add(lms.registration());
  lms.toolKeyset = async () =>
    (await supertest(base.app.app).get('/lti/keys')).body as { keys: crypto.JsonWebKey[] };
  t = { ...base, lms };
});
afterEach(async () => {
  await t.lms.stop();
});

/** What the CLI does: another process, with its own registry (it cannot clear this instance's caches). */
const otherInstance = () => createPlatformRepository(t.db, t.config.encryptionKey);

/** `npm run platform -- remove` against the app's database (the registry when the tests run on PGlite). */
async function removeWithCli(): Promise<string> {
  if (!t.config.databaseUrl) {
    await otherInstance().remove(t.lms.issuer, t.lms.clientId);
    return '';
  }
  const out: string[] = [];
  const code = await runPlatformCli(
    ['remove', '--issuer', t.lms.issuer, '--client-id', t.lms.clientId],
    { out: (l) => out.push(l), err: (l) => out.push(l) },
    {
      NODE_ENV: 'test',
      DATABASE_URL: t.config.databaseUrl,
      LTI_ENCRYPTION_KEY: t.config.encryptionKey,
      BASE_URL: t.config.baseUrl,
    },
  );
  expect(code).toBe(0);
  return out.join('\n');
}

const sessionRows = async () =>
  (
    await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lti_sessions WHERE issuer = $1', [
      t.lms.issuer,
    ])
  )[0]!.n;

const gradeOf = async (sub: string) =>
  (
    await t.db.query<{ status: string; rejection: string | null; last_error: string | null }>(
      `SELECT g.status, g.rejection, g.last_error FROM grade_outbox g
         JOIN people p ON p.id = g.person_id WHERE p.platform_user_id = $1`,
      [sub],
    )
  )[0];

async function complete(s: Session) {
  for (let i = 1; i <= mod.pages.length; i += 1)
    expect((await s.agent.get(withLtik(s, `/app/modules/${SLUG}/pages/${i}`))).status).toBe(200);
  const res = await s.agent
    .post(withLtik(s, `/app/modules/${SLUG}/quiz`))
    .type('form')
    .send(quizAnswers(mod));
  expect(res.text).toContain('data-testid="completion"');
}

describe('a removed or suspended platform', () => {
  it('when a platform is removed in this instance, then its sessions are refused at once with a 401 page in the learner’s language, on every page and the launch page', async () => {
    const th = await openSession(t, user({ locale: 'th' }));
    const en = await openSession(t, user({ locale: 'en' }));
    expect((await th.agent.get(withLtik(th, '/app/progress'))).status).toBe(200);
    expect(await sessionRows()).toBe(2);

    await t.app.platforms.remove(t.lms.issuer, t.lms.clientId);

    expect(await sessionRows()).toBe(0);
    const thPage = await th.agent.get(withLtik(th, '/app/progress'));
    expect(thPage.status).toBe(401);
    expect(thPage.text).toContain('ระบบการเรียนรู้นี้ไม่ได้เชื่อมต่อกับ DigiSkill แล้ว');
    expect(thPage.text).not.toMatch(/at .*\.ts:\d+/);
    const enPage = await en.agent.get(withLtik(en, '/app/progress'));
    expect(enPage.status).toBe(401);
    expect(enPage.text).toContain('This learning platform is no longer connected to DigiSkill');
    // ltijs' own launch route (the page a launch lands on) is refused too.
    const landing = await en.agent.get(withLtik(en, '/lti/launch'));
    expect(landing.status).toBe(401);
    expect(landing.text).toContain('no longer connected');
  });

  it('when the CLI (another process) removes the platform, then this instance refuses its sessions once its 5 s registry cache expires', async () => {
    const s = await openSession(t, user({ locale: 'en', roles: [ROLE.instructor] }));
    const said = await removeWithCli();
    if (said) expect(said).toContain('its open sessions have ended (1;');
    skewMs = 5_001;
    const page = await s.agent.get(withLtik(s, '/app/grades'));
    expect(page.status).toBe(401);
    expect(page.text).toContain('This learning platform is no longer connected to DigiSkill');
  });

  it('when a platform is removed, then its grades not yet delivered end as rejected "platform removed" and are never sent again', async () => {
    const s = await openSession(t, user(), { module: SLUG });
    t.lms.failServicesWith = 503;
    await complete(s);
    await t.app.grades.drain();
    expect(await gradeOf(s.user.sub)).toMatchObject({ status: 'failing' });

    const said = await removeWithCli();
    if (said) expect(said).toContain('"platform removed": 1.');
    expect(await gradeOf(s.user.sub)).toMatchObject({
      status: 'rejected',
      rejection: 'platform_removed',
      last_error: 'platform is not registered any more',
    });
    t.lms.failServicesWith = undefined;
    const before = t.lms.calls.scores.length;
    await t.db.query('UPDATE grade_outbox SET next_attempt_at = now() WHERE issuer = $1', [t.lms.issuer]);
    skewMs = 5_001;
    await t.app.grades.drain();
    expect(t.lms.calls.scores.length).toBe(before);
    expect(await gradeOf(s.user.sub)).toMatchObject({ status: 'rejected' });
  });

  it('when a grade of a removed platform is queued after the removal (a session another instance had not yet refused), then the worker ends it as "platform removed" without calling the LMS', async () => {
    const s = await openSession(t, user(), { module: SLUG });
    t.lms.failServicesWith = 503;
    await complete(s);
    await t.app.grades.drain();
    await otherInstance().remove(t.lms.issuer, t.lms.clientId);
    await t.db.query(
      `UPDATE grade_outbox SET status = 'pending', rejection = NULL, last_error = NULL, next_attempt_at = now()
        WHERE issuer = $1`,
      [t.lms.issuer],
    );
    t.lms.failServicesWith = undefined;
    skewMs = 5_001;
    const before = t.lms.calls.scores.length + t.lms.calls.token.length;
    await t.app.grades.drain();
    expect(t.lms.calls.scores.length + t.lms.calls.token.length).toBe(before);
    expect(await gradeOf(s.user.sub)).toMatchObject({ status: 'rejected', rejection: 'platform_removed' });
  });

  it('when a platform is suspended, then its sessions are refused with a 403 page and its grades wait; once resumed, they are delivered', async () => {
    const s = await openSession(t, user({ locale: 'th' }), { module: SLUG });
    t.lms.failServicesWith = 503;
    await complete(s);
    await t.app.grades.drain();
    t.lms.failServicesWith = undefined;
    await t.app.platforms.setActive(t.lms.issuer, t.lms.clientId, false);
    const page = await s.agent.get(withLtik(s, '/app/progress'));
    expect(page.status).toBe(403);
    expect(page.text).toContain('ผู้ดูแลระบบได้ระงับการเชื่อมต่อ');

    await t.db.query('UPDATE grade_outbox SET next_attempt_at = now() WHERE issuer = $1', [t.lms.issuer]);
    await t.app.grades.drain();
    expect(await gradeOf(s.user.sub)).toMatchObject({
      status: 'failing',
      last_error: 'platform is suspended',
    });

    await t.app.platforms.setActive(t.lms.issuer, t.lms.clientId, true);
    await t.db.query('UPDATE grade_outbox SET next_attempt_at = now() WHERE issuer = $1', [t.lms.issuer]);
    await t.app.grades.drain();
    expect(await gradeOf(s.user.sub)).toMatchObject({ status: 'delivered' });
    expect((await s.agent.get(withLtik(s, '/app/progress'))).status).toBe(200);
  });
});
