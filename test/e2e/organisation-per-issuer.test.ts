import { createPlatformRepository } from '../../src/db/platform.repository';
import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { launch, openSession, startTestApp, withLtik, type Session, type TestApp } from '../support/test-app';

// One organisation per platform issuer: the site-level tool (deployment 1) and a course-level tool type of the same
// Moodle (deployment 2) are two ways into the same learning record, rules, catalogue and reports. Only an
// administrator's explicit split makes a deployment an organisation of its own.

const SLUG = 'dg-digital-government-laws';
const mod = sampleModule(SLUG);
const COURSE = 'course-digital-2569';

let t: TestApp;
/** The app's clock runs this far ahead of the real one (the tenant cache's expiry is read from it). */
let ahead = 0;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { now: () => new Date(Date.now() + ahead) });
  // Moodle makes one deployment per tool type: '1' is the site-level tool, '2' a course-level one.
  await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['2', '3']);
});
afterAll(async () => {
  await t.close();
});

const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const through = (u: LmsUser, deploymentId: string, o: { module?: string } = {}) =>
  openSession(t, u, { course: COURSE, deploymentId, ...o });
const totalHours = async (s: Session) =>
  /([\d.]+) hours in total/.exec((await get(s, '/app/progress')).text)?.[1];
const tenantsOf = (sub: string) =>
  t.db.query<{ tenant_id: number; deployment_id: string | null }>(
    `SELECT p.tenant_id, te.deployment_id FROM people p JOIN tenants te ON te.id = p.tenant_id
      WHERE p.platform_user_id = $1 ORDER BY p.tenant_id`,
    [sub],
  );

describe('one organisation per issuer', () => {
  const learner = user({ locale: 'en', name: 'Kanya Srisuk' });
  let beforeSplit: Session;

  beforeAll(async () => {
    // The learner completes a placed module through the site-level tool.
    const s = await through(learner, '1', { module: SLUG });
    for (let i = 1; i <= mod.pages.length; i += 1)
      expect((await get(s, `/app/modules/${SLUG}/pages/${i}`)).status).toBe(200);
    const quiz = await s.agent
      .post(withLtik(s, `/app/modules/${SLUG}/quiz`))
      .type('form')
      .send(quizAnswers(mod));
    expect(quiz.text).toContain('data-testid="completion"');
    expect(await totalHours(s)).toBe(String(mod.estimatedHours));
  });

  it('when the learner launches through a course-level tool (deployment 2), then they see the same hours, as the same person', async () => {
    beforeSplit = await through(learner, '2');
    expect(await totalHours(beforeSplit)).toBe(String(mod.estimatedHours));
    expect(await tenantsOf(learner.sub)).toEqual([{ tenant_id: expect.any(Number), deployment_id: null }]);
  });

  it("when an instructor launches through deployment 2, then they see the learner and the learner's record", async () => {
    const teacher = await through(user({ roles: [ROLE.instructor], locale: 'en' }), '2');
    const list = await get(teacher, '/app/learners');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Kanya Srisuk');
    const [me] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      learner.sub,
    ]);
    const record = await get(teacher, `/app/learners/${me!.id}/record`);
    expect(record.status).toBe(200);
    expect(record.text).toContain(mod.title.en);
  });

  it('when an administrator opens the organisation report through deployment 2, then the learner is counted once', async () => {
    const admin = await through(user({ roles: [ROLE.sysAdmin], locale: 'en' }), '2');
    const res = await get(admin, '/app/organisation');
    expect(res.status).toBe(200);
    const groups = res.text.slice(res.text.indexOf('data-testid="report-groups"'));
    const at = groups.indexOf('<th scope="row">Total</th>');
    const total = groups
      .slice(at, groups.indexOf('</tr>', at))
      .replace(/<[^>]+>/g, '|')
      .replace(/\|+/g, '|');
    // headcount | learners with hours | hours | ...
    expect(total).toMatch(new RegExp(`^\\|Total\\|1\\|1\\|${mod.estimatedHours}\\|`));
  });

  it('when an administrator splits deployment 2 off, then its new launches start a new organisation, deployment 1 keeps the record, and its old sessions end', async () => {
    const split = await t.app.platforms.splitDeployment(t.lms.issuer, '2', 'Course agency');
    expect(split.sessions).toBeGreaterThan(0);
    // A page of a session opened through deployment 2 before the split is refused (its person is not in the new
    // organisation), not served from the old one.
    const old = await get(beforeSplit, '/app/progress');
    expect(old.status).toBeGreaterThanOrEqual(400);
    expect(old.status).toBeLessThan(500);
    expect(old.text).not.toContain('hours in total');
    const fresh = await through(learner, '2');
    expect(await totalHours(fresh)).toBe('0');
    expect((await tenantsOf(learner.sub)).map((r) => r.deployment_id)).toEqual([null, '2']);
    const site = await through(learner, '1');
    expect(await totalHours(site)).toBe(String(mod.estimatedHours));
  });

  it('when the split is made by another process (the CLI), then this instance sends the deployment to the new organisation once its tenant cache expires', async () => {
    const other = user({ locale: 'en' });
    await through(other, '3');
    // The CLI's own registry on the same database: this app's caches are not told.
    await createPlatformRepository(t.db, t.config.encryptionKey).splitDeployment(t.lms.issuer, '3', 'Third');
    ahead += 5_001;
    await through(other, '3');
    expect((await tenantsOf(other.sub)).map((r) => r.deployment_id)).toEqual([null, '3']);
  });

  it('when the deployment id is not registered, then the launch is still refused and nothing is written', async () => {
    const stranger = user({ locale: 'en' });
    const r = await launch(t, t.agent(), stranger, { deploymentId: '999' });
    expect(r.login.status).toBe(403);
    expect(r.launch).toBeUndefined();
    expect(await tenantsOf(stranger.sub)).toEqual([]);
  });
});
