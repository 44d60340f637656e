import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, course = 'course-plan'): Promise<Session> => openSession(t, u, { course });
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const today = () => bangkokToday();
const fy = fiscalYearOf(today());
const personId = async (sub: string) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]))[0]!.id;
const plan = (o: Record<string, string> = {}) => ({
  fy: String(fy),
  basedOn: '0',
  'plan.DL.h70': '6',
  'plan.DL.a70': 'ทำรายงานงบประมาณด้วย Google Sheets',
  'plan.DL.h20': '2',
  'plan.DL.a20': 'พี่เลี้ยงสอนสูตร',
  'plan.DL.h10': '2',
  'plan.DL.a10': 'หลักสูตรออนไลน์ของ TDGA',
  'plan.DG.h70': '1',
  ...o,
});

describe('individual development plan', () => {
  let learner: Session;
  let teacher: Session;
  beforeAll(async () => {
    learner = await open(user({ locale: 'th', name: 'สมหญิง ใจดี' }));
    teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
  });

  it('when the form has errors, then 422 with each message next to its field, in Thai, and the input kept; nothing saved', async () => {
    const res = await postForm(learner, '/app/plan', plan({ 'plan.DL.h20': '1.3', 'plan.DT.a10': 'อบรม' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="h-DL-20-error"');
    expect(res.text).toContain('ชั่วโมงต้องเป็นตัวเลข 0 ถึง 500 ทีละ 0.25');
    expect(res.text).toContain('id="a-DT-10-error"');
    expect(res.text).toContain('value="1.3"');
    expect(res.text).toContain('value="ทำรายงานงบประมาณด้วย Google Sheets"');
    const rows = await t.db.query('SELECT 1 FROM development_plans');
    expect(rows).toHaveLength(0);
  });

  it('when the learner saves a plan, then it awaits the supervisor, and the progress page shows it against actual hours', async () => {
    const res = await postForm(learner, '/app/plan', plan());
    expect(res.status).toBe(303);
    const page = await learner.agent.get(res.headers.location as string);
    expect(page.text).toContain('data-testid="plan-saved"');
    expect(page.text).toContain('รอผู้บังคับบัญชาพิจารณา');
    expect(page.text).toContain('value="พี่เลี้ยงสอนสูตร"');
    // Learning that counts in this year: 3 h of DL logged and approved.
    await postForm(learner, '/app/record', {
      activityType: 'mentoring',
      title: 'พี่เลี้ยง',
      occurredOn: today(),
      hours: '3',
      category: '20',
      'skill.DL': '3',
    });
    const [entry] = await t.db.query<{ id: number }>(
      'SELECT id FROM learning_entries ORDER BY id DESC LIMIT 1',
    );
    expect(
      (await postForm(teacher, '/app/approvals', { entry: [String(entry!.id)], decision: 'approve' })).status,
    ).toBe(303);
    const mine = await get(learner, `/app/plan?fy=${fy}`);
    const table = mine.text.slice(mine.text.indexOf('data-testid="plan-comparison"'));
    const dl = table.slice(
      table.indexOf('<tr><th scope="row">'),
      table.indexOf('</tr>', table.indexOf('<tbody>')),
    );
    expect(
      dl
        .replace(/<[^>]+>/g, '|')
        .replace(/\s*\|\s*/g, '|')
        .replace(/\|+/g, '|'),
    ).toContain('|0 / 6|3 / 2|0 / 2|3 / 10|30 %|');
    const progress = await get(learner, '/app/progress');
    expect(progress.text).toContain('data-testid="progress-plan"');
    expect(progress.text).toContain('ตามแผน 10 ชม. ทำได้ 3 ชม. (30 %)');
  });

  it('when the supervisor comments, then the learner sees it; a changed plan goes back; an agreement on an old version is refused', async () => {
    const sub = learner.user.sub;
    const id = await personId(sub);
    const view = await get(teacher, `/app/learners/${id}/plan?fy=${fy}`);
    expect(view.status).toBe(200);
    // The supervisor's own page speaks to the supervisor.
    expect(view.text).toContain('Awaiting your decision');
    expect(view.text).not.toContain('Awaiting your supervisor');
    expect(view.text).toContain('ทำรายงานงบประมาณด้วย Google Sheets');

    const blank = await postForm(teacher, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'commented',
      comment: ' ',
    });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('Please write what should change');
    const commented = await postForm(teacher, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'commented',
      comment: 'เพิ่มการเรียนรู้จากผู้อื่นด้าน DG',
    });
    expect(commented.status).toBe(303);
    const seen = await get(learner, `/app/plan?fy=${fy}`);
    expect(seen.text).toContain('ผู้บังคับบัญชาให้ความเห็น');
    expect(seen.text).toContain('เพิ่มการเรียนรู้จากผู้อื่นด้าน DG');

    // The learner revises (version 2); a second tab still on version 1 cannot overwrite it.
    expect(
      (
        await postForm(
          learner,
          '/app/plan',
          plan({ basedOn: '1', 'plan.DG.h20': '2', 'plan.DG.a20': 'ชุมชนนักปฏิบัติ' }),
        )
      ).status,
    ).toBe(303);
    const stale = await postForm(learner, '/app/plan', plan({ basedOn: '1', 'plan.DT.h10': '1' }));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('data-testid="plan-conflict"');
    expect(stale.text).toContain('value="1"'); // the input is kept
    const versions = await t.db.query<{ version: number }>(
      'SELECT version FROM development_plans WHERE person_id = $1 ORDER BY version',
      [id],
    );
    expect(versions.map((v) => v.version)).toEqual([1, 2]);

    const late = await postForm(teacher, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'agreed',
    });
    expect(late.status).toBe(409);
    const agreed = await postForm(teacher, `/app/learners/${id}/plan`, {
      fy: String(fy),
      version: '2',
      decision: 'agreed',
    });
    expect(agreed.status).toBe(303);
    expect((await get(learner, `/app/plan?fy=${fy}`)).text).toContain('ผู้บังคับบัญชาเห็นชอบแล้ว');
  });

  it('keeps plans to the learner and the supervisors of their course: 403 and 404 route by route, 401 without a session', async () => {
    const id = await personId(learner.user.sub);
    const otherTeacher = await open(user({ roles: [ROLE.instructor] }), 'another-course');
    expect((await get(otherTeacher, `/app/learners/${id}/plan`)).status).toBe(404);
    expect(
      (
        await postForm(otherTeacher, `/app/learners/${id}/plan`, {
          fy: String(fy),
          version: '2',
          decision: 'agreed',
        })
      ).status,
    ).toBe(404);
    const otherLearner = await open(user());
    expect((await get(otherLearner, `/app/learners/${id}/plan`)).status).toBe(403);
    expect(
      (
        await postForm(otherLearner, `/app/learners/${id}/plan`, {
          fy: String(fy),
          version: '2',
          decision: 'agreed',
        })
      ).status,
    ).toBe(403);
    // A learner's own plan page shows only their own plan.
    expect((await get(otherLearner, `/app/plan?fy=${fy}`)).text).toContain('data-testid="plan-none"');
    expect((await get(teacher, '/app/plan')).status).toBe(403);
    expect((await postForm(teacher, '/app/plan', plan())).status).toBe(403);
    for (const path of ['/app/plan', `/app/learners/${id}/plan`])
      expect((await t.agent().get(path)).status).toBe(401);
    const reviews = await t.db.query('SELECT 1 FROM plan_reviews');
    expect(reviews).toHaveLength(2);
  });
});
