import { MOODLE_ROLES, ROLE, user } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import {
  openSession,
  postForm,
  registerAnotherLms,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Learners see only their own data, instructors only their course, administrators only their organisation:
// every page of the development cycle and reporting, asked by every kind of visitor, with the status each gets.
// Organisation-wide content (catalogue edits, the framework, the organisation's rules) is for administrators and
// the content managers they name: a plain instructor (Moodle sends non-editing teachers the same Instructor role)
// browses and places only.
let t: TestApp;
// Another organisation is another LMS (issuer): every deployment of one issuer is one organisation.
let otherLms: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  otherLms = await registerAnotherLms(t);
});
afterAll(async () => {
  await otherLms.close();
  await t.close();
});

type Who =
  | 'nobody'
  | 'learner'
  | 'otherLearner'
  | 'instructor'
  | 'contentManager'
  | 'otherInstructor'
  | 'admin'
  | 'otherTenantAdmin';

describe('authorisation, route by route and role by role', () => {
  const s = {} as Record<Exclude<Who, 'nobody'>, Session>;
  let learnerId = 0;
  let selfAssessmentId = 0;
  const today = bangkokToday();

  beforeAll(async () => {
    s.learner = await openSession(t, user({ locale: 'en' }), { course: 'course-a' });
    s.otherLearner = await openSession(t, user({ locale: 'en' }), { course: 'course-a' });
    s.instructor = await openSession(t, user({ roles: MOODLE_ROLES.nonEditingTeacher() }), {
      course: 'course-a',
    });
    s.contentManager = await openSession(t, user({ roles: MOODLE_ROLES.editingTeacher() }), {
      course: 'course-a',
    });
    s.otherInstructor = await openSession(t, user({ roles: [ROLE.instructor] }), { course: 'course-b' });
    s.admin = await openSession(t, user({ roles: [ROLE.instAdmin], locale: 'en' }), { course: 'course-a' });
    s.otherTenantAdmin = await openSession(otherLms, user({ roles: [ROLE.sysAdmin], locale: 'en' }), {
      course: 'course-a',
    });
    const contentManagerId = (
      await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
        s.contentManager.user.sub,
      ])
    )[0]!.id;
    expect(
      (await postForm(s.admin, '/app/organisation/content-managers', { person: String(contentManagerId) }))
        .status,
    ).toBe(303);
    learnerId = (
      await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
        s.learner.user.sub,
      ])
    )[0]!.id;
    // The learner has a target group, a self-assessment, a plan and a logged activity.
    await postForm(s.learner, '/app/progress/target', { group: 'SERV', stage: 'EARLY' });
    const sa = await postForm(s.learner, '/app/self-assessment', {
      group: 'SERV',
      stage: 'EARLY',
      'rating.DL': '1',
      'rating.DG': '0',
      'rating.DT': '0',
      'rating.DPS': '0',
      'rating.PSM': '0',
      'rating.DLD': '0',
      'rating.DTF': '0',
    });
    expect(sa.status).toBe(303);
    selfAssessmentId = Number((sa.headers.location as string).split('?')[0]!.split('/').pop());
    const fy = String(fiscalYearOf(today));
    expect((await postForm(s.learner, '/app/plan', { fy, basedOn: '0', 'plan.DL.h70': '4' })).status).toBe(
      303,
    );
    await postForm(s.learner, '/app/record', {
      activityType: 'mentoring',
      title: 'Coaching',
      occurredOn: today,
      hours: '1',
      'skill.DL': '1',
    });
  });

  // [path, statuses for: nobody, learner, otherLearner, instructor, contentManager, otherInstructor, admin,
  // otherTenantAdmin]
  const matrix = (): Array<[string, number[]]> => [
    ['/app/progress', [401, 200, 200, 200, 200, 200, 200, 200]],
    ['/app/self-assessment', [401, 200, 200, 200, 200, 200, 200, 200]],
    [`/app/self-assessment/${selfAssessmentId}`, [401, 200, 404, 404, 404, 404, 404, 404]],
    ['/app/plan', [401, 200, 200, 403, 403, 403, 403, 403]],
    ['/app/record/new', [401, 200, 200, 200, 200, 200, 200, 200]],
    ['/app/class', [401, 403, 403, 200, 200, 200, 200, 200]],
    ['/app/class.csv', [401, 403, 403, 200, 200, 200, 200, 200]],
    ['/app/approvals', [401, 403, 403, 200, 200, 200, 200, 200]],
    [`/app/learners/${learnerId}/plan`, [401, 403, 403, 200, 200, 404, 200, 404]],
    [`/app/learners/${learnerId}/record`, [401, 403, 403, 200, 200, 404, 200, 404]],
    ['/app/assessments', [401, 403, 403, 200, 200, 200, 200, 200]],
    ['/app/assessments/TPQI-DL/*', [401, 403, 403, 200, 200, 200, 200, 200]],
    ['/app/assessments?scope=organisation', [401, 403, 403, 403, 200, 403, 200, 200]],
    ['/app/assessments/TPQI-DL/*?scope=organisation', [401, 403, 403, 403, 200, 403, 200, 200]],
    ['/app/catalogue', [401, 403, 403, 200, 200, 200, 200, 200]],
    ['/app/catalogue/matrix', [401, 403, 403, 200, 200, 200, 200, 200]],
    ['/app/modules/dl-computer-basics', [401, 200, 200, 200, 200, 200, 200, 200]],
    ['/app/catalogue/new', [401, 403, 403, 403, 200, 403, 200, 200]],
    ['/app/catalogue/dl-computer-basics/edit', [401, 403, 403, 403, 200, 403, 200, 200]],
    ['/app/framework', [401, 200, 200, 200, 200, 200, 200, 200]],
    [
      '/app/framework/choose?framework=tpqi-digital-government-2567',
      [401, 403, 403, 403, 403, 403, 200, 200],
    ],
    ['/app/organisation', [401, 403, 403, 403, 403, 403, 200, 200]],
    ['/app/organisation.csv', [401, 403, 403, 403, 403, 403, 200, 200]],
    ['/app/organisation/content-managers', [401, 403, 403, 403, 403, 403, 200, 200]],
  ];
  const order: Who[] = [
    'nobody',
    'learner',
    'otherLearner',
    'instructor',
    'contentManager',
    'otherInstructor',
    'admin',
    'otherTenantAdmin',
  ];

  it('answers each page with the status the visitor is entitled to', async () => {
    const got: Array<[string, number[]]> = [];
    for (const [path] of matrix()) {
      const statuses: number[] = [];
      for (const who of order) {
        const res =
          who === 'nobody' ? await t.agent().get(path) : await s[who].agent.get(withLtik(s[who], path));
        statuses.push(res.status);
      }
      got.push([path, statuses]);
    }
    expect(got).toEqual(matrix());
  });

  // Changes, probed so that an allowed one writes nothing (an empty module form is refused with 422, the framework
  // chosen is the one in force, the person named is named already): the status says who passed the role check.
  const changes = (): Array<[string, Record<string, string>, number[]]> => [
    ['/app/catalogue/new', { action: 'publish' }, [401, 403, 403, 403, 422, 403, 422, 422]],
    [
      '/app/framework/choose',
      { framework: 'ocsc-digital-government-skills' },
      // The administrators' choice (issue #18 item 6): content managers import frameworks but do not choose.
      [401, 403, 403, 403, 403, 403, 303, 303],
    ],
    ['/app/framework/import', { json: '{' }, [401, 403, 403, 403, 422, 403, 422, 422]],
    [
      '/app/assessments/TPQI-DL/*',
      { scope: 'organisation', 'skill.DL.min': 'x' },
      [401, 403, 403, 403, 422, 403, 422, 422],
    ],
  ];

  it('answers each change with the status the visitor is entitled to', async () => {
    const got: Array<[string, Record<string, string>, number[]]> = [];
    for (const [path, form] of changes()) {
      const statuses: number[] = [];
      for (const who of order) {
        const res =
          who === 'nobody'
            ? await t.agent().post(path).type('form').send(form)
            : await postForm(s[who], path, form);
        statuses.push(res.status);
      }
      got.push([path, form, statuses]);
    }
    expect(got).toEqual(changes());
  });

  it('shows what each may see: only their own record, their course, their organisation', async () => {
    const mine = await s.learner.agent.get(withLtik(s.learner, '/app/plan'));
    expect(mine.text).toContain('value="4"');
    expect((await s.otherLearner.agent.get(withLtik(s.otherLearner, '/app/plan'))).text).toContain(
      'data-testid="plan-none"',
    );
    const classA = await s.instructor.agent.get(withLtik(s.instructor, '/app/class'));
    const classB = await s.otherInstructor.agent.get(withLtik(s.otherInstructor, '/app/class'));
    expect(classA.text).toContain(s.learner.user.name!);
    expect(classB.text).not.toContain(s.learner.user.name!);
    const approvalsB = await s.otherInstructor.agent.get(withLtik(s.otherInstructor, '/app/approvals'));
    expect(approvalsB.text).not.toContain('Coaching');
    const orgA = await s.admin.agent.get(withLtik(s.admin, '/app/organisation'));
    const orgOther = await s.otherTenantAdmin.agent.get(withLtik(s.otherTenantAdmin, '/app/organisation'));
    const serviceRow = (html: string) => {
      const at = html.indexOf('<th scope="row"><bdi>Service</bdi></th>');
      return at < 0 ? '' : html.slice(at, html.indexOf('</tr>', at));
    };
    expect(serviceRow(orgA.text)).toMatch(/<td[^>]*>1<\/td>/);
    expect(serviceRow(orgOther.text)).not.toMatch(/<td[^>]*>1<\/td>/);
  });
});
