import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import { controlValue, expectSummary } from '../support/error-summary';
import { openSession, postForm, startTestApp, type Session, type TestApp } from '../support/test-app';

// Every form of the tool reports every problem at once: one summary at the top, each item naming its field in the
// reader's language and linking to that field's control (an id that exists, once), the fields marked invalid and
// described by their message, what was typed kept, HTTP 422, and nothing written.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-forms';
const open = (u: LmsUser, course = COURSE): Promise<Session> => openSession(t, u, { course });
const personId = async (s: Session) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [s.user.sub]))[0]!
    .id;
const count = async (table: string) =>
  Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
const fy = fiscalYearOf(bangkokToday());

const DL = { th: 'กลุ่มทักษะด้านความเข้าใจและใช้เทคโนโลยีดิจิทัล', en: 'Digital Literacy Skill Set' };
const DT = { th: 'กลุ่มทักษะด้านเทคโนโลยีดิจิทัลเพื่อยกระดับศักยภาพองค์กร' };
const DG = { en: 'Digital Governance, Standard and Compliance Skill Set' };

let learnerTh: Session;
let learnerEn: Session;
let teacher: Session;
beforeAll(async () => {
  learnerTh = await open(user({ locale: 'th', name: 'สมหญิง ฟอร์ม' }));
  learnerEn = await open(user({ locale: 'en', name: 'Fern Forms' }));
  teacher = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Tess Teacher' }));
});

describe('the development plan', () => {
  it('when a learner sends two invalid fields, then both are in the summary in Thai, named and linked, and the input stays; nothing saved', async () => {
    const res = await postForm(learnerTh, '/app/plan', {
      fy: String(fy),
      basedOn: '0',
      'plan.DL.h70': '6',
      'plan.DL.a70': 'ทำรายงานงบประมาณด้วย Google Sheets',
      'plan.DL.h20': '1.3',
      'plan.DT.a10': 'อบรม',
    });
    const s = expectSummary(res, [
      `${DL.th} — 20 เรียนรู้จากผู้อื่น — ชั่วโมง: ชั่วโมงต้องเป็นตัวเลข 0 ถึง 500 ทีละ 0.25`,
      `${DT.th} — 10 เรียนในหลักสูตร — กิจกรรมที่วางแผนไว้: ระบุชั่วโมงของกิจกรรมนี้ด้วย`,
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#h-DL-20', '#a-DT-10']);
    expect(s.invalid).toEqual(['h-DL-20', 'a-DT-10']);
    expect(controlValue(res.text, 'h-DL-20')).toBe('1.3');
    expect(controlValue(res.text, 'a-DT-10')).toBe('อบรม');
    expect(controlValue(res.text, 'a-DL-70')).toBe('ทำรายงานงบประมาณด้วย Google Sheets');
    expect(await count('development_plans')).toBe(0);
  });

  it('when a supervisor sends an unknown decision and a comment too long, then both are in the summary (English), the comment stays; nothing recorded', async () => {
    expect(
      (
        await postForm(learnerEn, '/app/plan', {
          fy: String(fy),
          basedOn: '0',
          'plan.DL.h70': '4',
          'plan.DL.a70': 'Spreadsheet reports',
        })
      ).status,
    ).toBe(303);
    const comment = `Please add a course. ${'x'.repeat(1000)}`;
    const res = await postForm(teacher, `/app/learners/${await personId(learnerEn)}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'maybe',
      comment,
    });
    const s = expectSummary(res, [
      'Your decision: Choose whether you agree or ask for changes.',
      'Comment (needed when asking for changes): Too long (at most 1000 characters).',
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#decision-agreed', '#comment']);
    expect(controlValue(res.text, 'comment')).toBe(comment);
    expect(await count('plan_reviews')).toBe(0);
  });
});

describe('the self-assessment', () => {
  it('when the level and a rating are missing, then both are in the summary (English), linked to the select and the first choice, and the other choices stay', async () => {
    const res = await postForm(learnerEn, '/app/self-assessment', {
      group: 'SERV',
      stage: '',
      'rating.DL': '1',
      'rating.DT': '2',
      'rating.DPS': '0',
      'rating.PSM': '0',
      'rating.DLD': '0',
      'rating.DTF': '0',
    });
    const s = expectSummary(res, [
      'Target level: Choose a target level.',
      `${DG.en}: Rate yourself in this skill set.`,
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#stage', '#rating-DG-0']);
    expect(controlValue(res.text, 'group')).toBe('SERV');
    expect(controlValue(res.text, 'rating-DL-1')).toBe('checked');
    expect(controlValue(res.text, 'rating-DT-2')).toBe('checked');
  });
});

describe('target group and stage', () => {
  it('when a learner chooses a group and a stage that are not the framework’s, then both are in the summary in Thai; nothing saved', async () => {
    const res = await postForm(learnerTh, '/app/progress/target', { group: 'ASTRONAUT', stage: 'LATE' });
    const s = expectSummary(res, ['กลุ่มเป้าหมาย: โปรดเลือกกลุ่มเป้าหมายจากรายการ', 'ระยะ: โปรดเลือกระยะจากรายการ']);
    expect(s.items.map((i) => i.href)).toEqual(['#group', '#stage']);
    expect(s.invalid).toEqual(['group', 'stage']);
    const [row] = await t.db.query<{ target_group: string | null }>(
      'SELECT target_group FROM people WHERE platform_user_id = $1',
      [learnerTh.user.sub],
    );
    expect(row!.target_group).toBeNull();
  });

  it("when an instructor sets a learner's group and stage to unknown codes, then the summary names both fields and the learner, linked to that row's controls", async () => {
    const id = await personId(learnerEn);
    const res = await postForm(teacher, '/app/learners/target', {
      person: String(id),
      group: 'ASTRONAUT',
      stage: 'LATE',
    });
    const s = expectSummary(res, [
      'Target group of Fern Forms: Choose one of the target groups.',
      'Stage of Fern Forms: Choose one of the stages.',
    ]);
    expect(s.items.map((i) => i.href)).toEqual([`#group-${id}`, `#stage-${id}`]);
    expect(s.invalid).toEqual([`group-${id}`, `stage-${id}`]);
  });
});
