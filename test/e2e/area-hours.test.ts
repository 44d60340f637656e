import { ROLE, user } from '../support/simulated-lms';
import { openSession, passSampleModule, startTestApp, withLtik, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The rows of the area disclosure as `name=hours`. */
function areaHours(html: string): string[] {
  const at = html.indexOf('data-testid="area-hours"');
  const part = html.slice(at, html.indexOf('</details>', at));
  return [...part.matchAll(/<th scope="row">(?:<bdi>)?([^<]+)(?:<\/bdi>)?<\/th><td[^>]*>([^<]+)<\/td>/g)].map(
    (m) => `${m[1]}=${m[2]}`,
  );
}

describe('hours per Digital Literacy area', () => {
  it('when a learner completes modules mapped to areas, then their progress and the class view show hours per area', async () => {
    const learner = await openSession(t, user({ locale: 'en' }), { course: 'areas' });
    const other = await openSession(t, user({ locale: 'en' }), { course: 'areas' });
    await passSampleModule(learner, 'dl-secure-use-passwords-2fa');
    await passSampleModule(learner, 'dl-computer-basics');
    await passSampleModule(other, 'dl-secure-use-passwords-2fa');

    const progress = await learner.agent.get(withLtik(learner, '/app/progress'));
    expect(progress.status).toBe(200);
    const mine = areaHours(progress.text);
    expect(mine).toHaveLength(9);
    expect(mine).toContain('Secure use=1.5');
    expect(mine).toContain('Internet use=0');
    expect(progress.text).toMatch(
      /Hours per area of (<bdi>)?Digital Literacy Skill Set(<\/bdi>)?: \d+(\.\d+)? h in all/,
    );

    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), {
      course: 'areas',
    });
    const cls = await teacher.agent.get(withLtik(teacher, '/app/class'));
    expect(cls.status).toBe(200);
    expect(areaHours(cls.text)).toContain('Secure use=3');
  });
});
