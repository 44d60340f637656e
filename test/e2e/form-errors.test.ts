import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { controlValue, errorSummary, expectSummary } from '../support/error-summary';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

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
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
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
let admin: Session;
beforeAll(async () => {
  learnerTh = await open(user({ locale: 'th', name: 'สมหญิง ฟอร์ม' }));
  learnerEn = await open(user({ locale: 'en', name: 'Fern Forms' }));
  teacher = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Tess Teacher' }));
  admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }));
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
      `${DL.th} — 20 เรียนรู้จากผู้อื่นและการสอนงาน — ชั่วโมง: ชั่วโมงต้องเป็นตัวเลข 0 ถึง 500 ทีละ 0.25`,
      `${DT.th} — 10 เรียนรู้จากการฝึกอบรม — กิจกรรมที่วางแผนไว้: ระบุชั่วโมงของกิจกรรมนี้ด้วย`,
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

describe('approvals', () => {
  it('when an instructor rejects with nothing ticked and a comment too long, then both are in the summary, the comment stays; nothing decided', async () => {
    expect(
      (
        await postForm(learnerEn, '/app/record', {
          activityType: 'mentoring',
          title: 'Pivot tables with a mentor',
          occurredOn: bangkokToday(),
          hours: '2',
          category: '20',
          'skill.DL': '2',
        })
      ).status,
    ).toBe(303);
    const [entry] = await t.db.query<{ id: number }>(
      "SELECT id FROM learning_entries WHERE title = 'Pivot tables with a mentor'",
    );
    const comment = `No evidence. ${'x'.repeat(1000)}`;
    const res = await postForm(teacher, '/app/approvals', { decision: 'reject', comment });
    const s = expectSummary(res, [
      'Entries to decide: Select at least one entry.',
      'Comment (required to reject): Too long (at most 1000 characters).',
    ]);
    expect(s.items.map((i) => i.href)).toEqual([`#entry-${entry!.id}`, '#comment']);
    expect(controlValue(res.text, 'comment')).toBe(comment);
    expect(await count('entry_reviews')).toBe(0);
  });

  it('when the reason is missing, then the ticked entries stay ticked', async () => {
    const [entry] = await t.db.query<{ id: number }>(
      "SELECT id FROM learning_entries WHERE title = 'Pivot tables with a mentor'",
    );
    const res = await postForm(teacher, '/app/approvals', {
      entry: [String(entry!.id)],
      decision: 'reject',
      comment: ' ',
    });
    expectSummary(res, ['Comment (required to reject): Give a reason to reject.']);
    expect(controlValue(res.text, `entry-${entry!.id}`)).toBe('checked');
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

describe('eligibility rules', () => {
  it('when two fields are invalid, then both are in the summary, named and linked, and the input stays; nothing recorded', async () => {
    const res = await postForm(admin, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '1.1',
      recency: '500',
    });
    const s = expectSummary(res, [
      `${DL.en} — minimum hours: Hours must be above 0 and at most 1000, in quarter hours`,
      'Count only learning of the last (months): Months must be a whole number from 1 to 120',
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#min-DL', '#recency']);
    expect(controlValue(res.text, 'min-DL')).toBe('1.1');
    expect(controlValue(res.text, 'recency')).toBe('500');
    expect(await count('eligibility_rule_overrides')).toBe(0);
  });

  it('when the loosening is confirmed with two fields changed to invalid values, then the summary names both; nothing recorded', async () => {
    const form = await get(admin, '/app/assessments/SKILL-DG/*?scope=organisation');
    const ask = await admin.agent
      .post(browserFormEntries(form.text).action)
      .type('form')
      .send(
        urlencoded(
          browserFormEntries(form.text, { name: 'action', value: 'save' }).entries.map(
            ([k, v]): [string, string] => [k, k === 'skill.DG.min' ? '6' : v],
          ),
        ),
      );
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('data-testid="loosening"');
    const confirm = browserFormEntries(ask.text, { name: 'action', value: 'confirm-save' });
    const res = await admin.agent
      .post(confirm.action)
      .type('form')
      .send(
        urlencoded(
          confirm.entries.map(([k, v]): [string, string] => [
            k,
            k === 'skill.DG.min' ? '6.1' : k === 'recency' ? '0' : v,
          ]),
        ),
      );
    const s = expectSummary(res, [
      `${DG.en} — minimum hours: Hours must be above 0 and at most 1000, in quarter hours`,
      'Count only learning of the last (months): Months must be a whole number from 1 to 120',
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#min-DG', '#recency']);
    expect(controlValue(res.text, 'min-DG')).toBe('6.1');
    expect(await count('eligibility_rule_overrides')).toBe(0);
  });
});

describe('module authoring', () => {
  it('when a module has problems in its basics and in a question, then every one is in the summary, linked to a control of its own, and the text stays exactly', async () => {
    const summary = '  Indented first line\n\nsecond paragraph with  two spaces  ';
    const res = await postForm(admin, '/app/catalogue/new', {
      action: 'draft',
      'lang.th': 'on',
      'lang.en': 'on',
      'title.th': '',
      'title.en': 'Online forms',
      'summary.th': 'สร้างแบบฟอร์ม',
      'summary.en': summary,
      hours: 'two',
      category: '70',
      rule: 'pages',
      'page.0.order': '1',
      'page.0.title.th': 'เริ่มต้น',
      'page.0.title.en': 'Getting started',
      'page.0.body.th': 'สร้างฟอร์มใหม่',
      'page.0.body.en': 'Create a new form',
      'q.0.kind': 'single',
      'q.0.prompt.th': 'ข้อใดถูก',
      'q.0.prompt.en': 'Which is right?',
      'q.0.opt.0.text.th': 'ก',
      'q.0.opt.0.text.en': 'A',
      'q.0.opt.1.text.th': 'ข',
      'q.0.opt.1.text.en': 'B',
      'att.0.url': 'ftp://files.example.go.th/form.pdf',
      'att.0.title.th': 'คู่มือ',
      'att.0.title.en': 'Guide',
    });
    const s = expectSummary(res, [
      'Title (Thai): This field is required.',
      'Hours: Enter hours as a number, e.g. 1.5.',
      'Question 1 · Options: A single-choice question needs exactly one right option.',
      'Attachment link (https) 1: The link must start with https://.',
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#title.th', '#hours', '#q.0.opt.0.correct', '#att.0.url']);
    expect(s.invalid).toEqual(['title.th', 'hours', 'att.0.url']);
    // The question's message stands next to it too, and describes its group.
    expect(res.text).toContain('<p class="field-error" id="q.0.options-error">');
    expect(res.text).toContain('aria-describedby="q.0.options-error"');
    expect(controlValue(res.text, 'title.en')).toBe('Online forms');
    expect(controlValue(res.text, 'hours')).toBe('two');
    expect(controlValue(res.text, 'summary.en')).toBe(summary);
    expect(controlValue(res.text, 'att.0.url')).toBe('ftp://files.example.go.th/form.pdf');
    expect(await t.db.query("SELECT 1 FROM modules WHERE slug LIKE 'online-forms%'")).toEqual([]);
  });

  it('when the form is shown without problems, then it has no summary and no id twice', async () => {
    const res = await get(admin, '/app/catalogue/new');
    const s = errorSummary(res.text);
    expect(s.items).toEqual([]);
    expect(s.duplicateIds).toEqual([]);
  });
});

describe('framework import', () => {
  it('when both the file and the pasted text are bad, then both fields are in the summary and the text stays; nothing imported', async () => {
    const before = await count('frameworks');
    const pasted = '{ "id": "x",\n  "version": }';
    const res = await admin.agent
      .post(withLtik(admin, '/app/framework/import'))
      .field('json', pasted)
      .attach('file', Buffer.from([0x7b, 0xe9, 0x7d]), 'latin1.json');
    const s = expectSummary(res, [
      expect.stringMatching(/^Pasted JSON: not valid JSON/) as unknown as string,
      'JSON file: latin1.json: the file is not UTF-8 text',
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#framework-json', '#framework-file']);
    expect(s.invalid).toEqual(['framework-json', 'framework-file']);
    expect(controlValue(res.text, 'framework-json')).toBe(pasted);
    expect(await count('frameworks')).toBe(before);
  });
});

describe('content managers', () => {
  it('when an administrator names someone who cannot be named, then the summary says so against the person, linked to the search, which is kept', async () => {
    const res = await postForm(admin, '/app/organisation/content-managers', {
      person: String(await personId(learnerEn)),
      q: 'Fern',
    });
    const s = expectSummary(res, [
      'Person to name: This person cannot be named: only people of the organisation who have opened DigiSkill as an instructor can be content managers. Nothing was changed.',
    ]);
    expect(s.items.map((i) => i.href)).toEqual(['#q']);
    expect(controlValue(res.text, 'q')).toBe('Fern');
    expect(await count('content_managers')).toBe(0);
  });
});
