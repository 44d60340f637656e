import type supertest from 'supertest';
import { LTI, user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';
import { quizAnswers, sampleModule } from '../support/module-fixtures';

// The LMS's token and AGS endpoints hang: launches and completions must not notice; grades wait and go out later.
const SLUG = 'dl-internet-search-email';
const mod = sampleModule(SLUG);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ AGS_TIMEOUT_MS: '300', GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  t.lms.serviceDelayMs = 0;
  await t.close();
});

async function ready(): Promise<{ agent: supertest.Agent; ltik: string; sub: string }> {
  const u = user();
  const agent = t.agent();
  const r = await launch(t, agent, u, {
    claims: { [`${LTI}custom`]: { module: SLUG } },
    resourceLink: { id: `link-${SLUG}` },
  });
  expect(r.page?.status).toBe(200);
  const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
  for (let p = 1; p <= mod.pages.length; p += 1)
    expect((await agent.get(`/app/modules/${SLUG}/pages/${p}?ltik=${ltik}`)).status).toBe(200);
  return { agent, ltik, sub: u.sub };
}

const gradeOf = async (sub: string) =>
  (
    await t.db.query<{ status: string; last_error: string | null }>(
      `SELECT g.status, g.last_error FROM grade_outbox g JOIN people p ON p.id = g.person_id WHERE p.platform_user_id = $1`,
      [sub],
    )
  )[0];

describe('a slow or failing LMS', () => {
  it('when its services hang, then launches and completions still answer, the grade fails with a timeout, and goes out once the LMS answers again', async () => {
    // A minute per service call: any request that waited on the LMS would time this test out.
    t.lms.serviceDelayMs = 60_000;
    const l = await ready();
    const res = await l.agent
      .post(`/app/modules/${SLUG}/quiz?ltik=${l.ltik}`)
      .type('form')
      .send(quizAnswers(mod));
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="completion"');

    await t.app.grades.drain();
    expect(await gradeOf(l.sub)).toMatchObject({
      status: 'failing',
      last_error: 'token request: timed out after 300 ms',
    });

    // The instructor sees it failing, with the reason.
    const teacher = t.agent();
    const r = await launch(
      t,
      teacher,
      user({ roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'], locale: 'en' }),
    );
    const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
    const grades = await teacher.get(`/app/grades?ltik=${ltik}`);
    expect(grades.text).toContain('Failing, retrying');
    expect(grades.text).toContain('timed out after 300 ms');

    t.lms.serviceDelayMs = 0;
    await t.db.query("UPDATE grade_outbox SET next_attempt_at = now() WHERE status = 'failing'");
    await t.app.grades.drain();
    expect(await gradeOf(l.sub)).toMatchObject({ status: 'delivered', last_error: null });
    expect((await teacher.get(`/app/grades?ltik=${ltik}`)).text).toContain('Delivered');
  });
});
