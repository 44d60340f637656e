import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

/**
 * A course larger than any listing page: an instructor finds each of its learners, not only the first 2,000 by
 * name (issue 15, item 10).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-large';
const LEARNERS = 2500;

describe('a course of 2,500 learners', () => {
  let teacher: Session;
  let last: { id: number; name: string };
  beforeAll(async () => {
    teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), { course: COURSE });
    // 2,500 learners enrolled in one statement (as if each had launched once), named so that the last by name
    // comes after the first 2,000.
    await t.db.query(
      `WITH course AS (SELECT tenant_id, id FROM contexts WHERE context_id = $1),
            person AS (
              INSERT INTO people (tenant_id, platform_user_id, name)
              SELECT course.tenant_id, 'bulk-' || n, 'Learner ' || lpad(n::text, 4, '0')
                FROM course, generate_series(1, $2::int) AS n
              RETURNING tenant_id, id)
       INSERT INTO enrolments (tenant_id, context_id, person_id, roles)
       SELECT person.tenant_id, course.id, person.id,
              ARRAY['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']
         FROM person, course`,
      [COURSE, LEARNERS],
    );
    const [row] = await t.db.query<{ id: number; name: string }>(
      `SELECT id, name FROM people WHERE platform_user_id = $1`,
      [`bulk-${LEARNERS}`],
    );
    last = row!;
  });

  it('when the instructor opens the last learner by name, then the learner page shows them', async () => {
    const res = await teacher.agent.get(withLtik(teacher, `/app/learners/${last.id}/record`));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Learner 2500');
  });

  it("when the instructor opens the last learner's development plan, then it is shown", async () => {
    const res = await teacher.agent.get(withLtik(teacher, `/app/learners/${last.id}/plan`));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Learner 2500');
  });

  it('when the instructor sets the last learner’s target group, then it is saved', async () => {
    const res = await postForm(teacher, '/app/learners/target', {
      person: String(last.id),
      group: 'SERV',
      stage: 'DEVELOPING',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.query<{ target_group: string | null }>(
      'SELECT target_group FROM people WHERE id = $1',
      [last.id],
    );
    expect(row!.target_group).toBe('SERV');
  });

  it('when the person is not a learner of the course, then each page answers not found, whatever the size', async () => {
    const other = await openSession(t, user({ locale: 'en', name: 'Elsewhere' }), { course: 'course-other' });
    const [row] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      other.user.sub,
    ]);
    expect((await teacher.agent.get(withLtik(teacher, `/app/learners/${row!.id}/record`))).status).toBe(404);
    expect((await teacher.agent.get(withLtik(teacher, `/app/learners/${row!.id}/plan`))).status).toBe(404);
    const res = await postForm(teacher, '/app/learners/target', {
      person: String(row!.id),
      group: 'SERV',
      stage: 'DEVELOPING',
    });
    expect(res.status).toBe(404);
  });
});
