import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { readChart } from '../support/chart-reader';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #18 items 8 and 9: what learning serves (70:30, seed 004 §4.5.4) on entries and plan items, and the share
// of lecture in training (seed 004 §4.8.4), through the log form, corrections, the approval queue, progress and
// the plan. The organisation report's figures are in organisation.test.ts.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, course = 'course-7030'): Promise<Session> => openSession(t, u, { course });
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const workshop = (overrides: Record<string, string> = {}) => ({
  activityType: 'workshop',
  title: 'Data visualisation workshop',
  occurredOn: bangkokToday(),
  hours: '6',
  category: '',
  horizon: 'future',
  lectureShare: '75',
  'skill.DL': '6',
  ...overrides,
});
const rowsOf = (sub: string) =>
  t.db.query<{ id: number; horizon: string | null; lecture_share: number | null; kind: string }>(
    `SELECT e.id, e.horizon, e.lecture_share, e.kind FROM learning_entries e JOIN people p ON p.id = e.person_id
      WHERE p.platform_user_id = $1 ORDER BY e.id`,
    [sub],
  );
const errorOf = (html: string, id: string) => {
  const m = new RegExp(`id="${id}-error"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m?.[1]?.replace(/<[^>]+>/g, '').trim();
};

describe('the log form: what it serves and the lecture share', () => {
  it("when the form opens, then it asks what the learning serves in the seed's words (current work preselected) and the lecture share of training, in Thai and English", async () => {
    const en = await open(user({ locale: 'en' }));
    const page = (await get(en, '/app/record/new')).text;
    expect(page).toContain('This learning serves');
    expect(page).toMatch(/id="horizon-current" name="horizon" value="current" checked/);
    expect(page).toContain(
      'My current work: the skills and abilities for the role and work expected of me now',
    );
    expect(page).toContain(
      'Future work: understanding and experience for the role and work I expect to be given (the next stage, a new role)',
    );
    expect(page).toContain('Share of lecture in this training (%)');
    expect(page).toContain('<script src="/static/lecture-share.js" defer>');
    const th = await open(user({ locale: 'th' }));
    const thai = (await get(th, '/app/record/new')).text;
    expect(thai).toContain('การพัฒนานี้เพื่อ');
    expect(thai).toContain('การปฏิบัติงานในอนาคต: ความรู้ความเข้าใจและประสบการณ์');
    expect(thai).toContain('สัดส่วนการบรรยายในการฝึกอบรมนี้ (ร้อยละ)');
  });

  const cases: Array<{ name: string; form: Record<string, string>; field: string; en: string; th: string }> =
    [
      {
        name: 'training without a lecture share',
        form: workshop({ lectureShare: '' }),
        field: 'lectureShare',
        en: 'For training, say how much of it was lecture (0–100 %).',
        th: 'สำหรับการฝึกอบรม ให้ระบุสัดส่วนการบรรยาย (ร้อยละ 0–100)',
      },
      {
        name: 'a lecture share over 100',
        form: workshop({ lectureShare: '101' }),
        field: 'lectureShare',
        en: 'Enter the lecture share as a whole percent from 0 to 100.',
        th: 'ใส่สัดส่วนการบรรยายเป็นจำนวนเต็มร้อยละ 0 ถึง 100',
      },
      {
        name: 'a lecture share that is not a whole number',
        form: workshop({ lectureShare: '55.5' }),
        field: 'lectureShare',
        en: 'Enter the lecture share as a whole percent from 0 to 100.',
        th: 'ใส่สัดส่วนการบรรยายเป็นจำนวนเต็มร้อยละ 0 ถึง 100',
      },
      {
        name: 'a lecture share on coaching (20)',
        form: workshop({ activityType: 'coaching', lectureShare: '30' }),
        field: 'lectureShare',
        en: 'Only training (10) has a lecture share: leave it empty for this category.',
        th: 'สัดส่วนการบรรยายระบุได้เฉพาะการฝึกอบรม (10): เว้นว่างไว้สำหรับประเภทนี้',
      },
      {
        name: 'a horizon that is neither current nor future',
        form: workshop({ horizon: 'past' }),
        field: 'horizon',
        en: 'Choose whether it serves your current work or future work.',
        th: 'เลือกว่าการพัฒนานี้เพื่องานในปัจจุบันหรืองานในอนาคต',
      },
    ];
  for (const c of cases)
    it(`when a learner sends ${c.name}, then 422 with the message at the field and in the summary, in Thai and English; nothing written`, async () => {
      for (const locale of ['en', 'th'] as const) {
        const s = await open(user({ locale }));
        const res = await postForm(s, '/app/record', c.form);
        expect(res.status).toBe(422);
        expect(res.text).toContain('data-testid="error-summary"');
        expect(errorOf(res.text, c.field)).toBe(locale === 'en' ? c.en : c.th);
        // What was typed comes back.
        if (c.form.lectureShare) expect(res.text).toContain(`value="${c.form.lectureShare}"`);
        expect(await rowsOf(s.user.sub)).toEqual([]);
      }
    });

  it('when a form has several problems, then the lecture share is reported with the others at once', async () => {
    const s = await open(user({ locale: 'en' }));
    const res = await postForm(s, '/app/record', workshop({ title: '', hours: '0', lectureShare: '' }));
    expect(res.status).toBe(422);
    expect(errorOf(res.text, 'title')).toBeDefined();
    expect(errorOf(res.text, 'hours')).toBeDefined();
    expect(errorOf(res.text, 'lectureShare')).toBe('For training, say how much of it was lecture (0–100 %).');
  });

  it('when a learner logs training for the future with 75 % lecture, then both are stored; a client that does not say leaves it "not stated"', async () => {
    const s = await open(user({ locale: 'en' }));
    expect((await postForm(s, '/app/record', workshop())).status).toBe(303);
    const { horizon: _omitted, ...withoutHorizon } = workshop({ activityType: 'coaching', lectureShare: '' });
    expect((await postForm(s, '/app/record', withoutHorizon)).status).toBe(303);
    expect(await rowsOf(s.user.sub)).toEqual([
      expect.objectContaining({ horizon: 'future', lecture_share: 75 }),
      expect.objectContaining({ horizon: null, lecture_share: null }),
    ]);
  });
});

describe('flags, corrections and what the pages show', () => {
  let learner: Session;
  let teacher: Session;
  let heavy: number;
  let light: number;
  beforeAll(async () => {
    learner = await open(user({ locale: 'en', name: 'Seventy Thirty' }), 'course-flags-7030');
    teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-flags-7030');
    await postForm(learner, '/app/progress/target', { group: 'SERV', stage: 'EARLY' });
    await postForm(learner, '/app/record', workshop());
    await postForm(
      learner,
      '/app/record',
      workshop({
        title: 'Spreadsheet practice',
        activityType: 'on-the-job',
        horizon: 'current',
        lectureShare: '',
        hours: '14',
        'skill.DL': '14',
      }),
    );
    const [first, second] = await rowsOf(learner.user.sub);
    heavy = first!.id;
    light = second!.id;
  });

  it('when the instructor opens the approval queue, then training over 60 % lecture is flagged with its share, in English and Thai', async () => {
    const res = await get(teacher, '/app/approvals');
    const flags = res.text.slice(res.text.indexOf(`data-testid="flags-${heavy}"`));
    expect(flags.slice(0, flags.indexOf('</ul>'))).toContain(
      'Mostly lecture: 75 % of this training was lecture; the guideline sets at most 60 %.',
    );
    // The 14 h on-the-job entry is flagged as long for one day, never as lecture.
    const other = res.text.slice(res.text.indexOf(`data-testid="flags-${light}"`));
    expect(other.slice(0, other.indexOf('</ul>'))).not.toContain('LECTURE_HEAVY');
    expect(flags.slice(0, flags.indexOf('</ul>'))).toContain('data-flag="LECTURE_HEAVY"');
    const th = await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-flags-7030');
    expect((await get(th, '/app/approvals')).text).toContain(
      'บรรยายเป็นส่วนใหญ่: การฝึกอบรมนี้เป็นการบรรยาย 75 % ของเวลา แนวทางกำหนดไม่เกินร้อยละ 60',
    );
  });

  it('when both are approved, then progress shows the split against 70:30 with its text, and each entry what it serves and its lecture share', async () => {
    await postForm(teacher, '/app/approvals', { entry: [String(heavy), String(light)], decision: 'approve' });
    const page = (await get(learner, '/app/progress')).text;
    const chart = readChart(page, 'progress-split')!;
    expect(chart.role).toBe('img');
    expect(chart.name).toBe("70:30: today's work and the future");
    expect(chart.description).toBe('Current work 70 %, future work 30 %; the target is 70 % and 30 %.');
    expect(chart.legend).toEqual(['current work: 14 h (70 %)', 'future work: 6 h (30 %)', 'not stated: 0 h']);
    expect(page).toContain('Close to 70:30 (within 5 points).');
    // The history: each entry's lecture share, and what it serves as the choice its owner can restate
    // (horizon-restatement.test.ts).
    const history = (await get(learner, '/app/progress/history')).text;
    expect(history).toContain('Over 60 % lecture (75 %)');
    expect(history).toMatch(
      /On-the-job assignment<\/span>[\s\S]*?<option value="current" selected>current work<\/option>/,
    );
  });

  it('when an instructor corrects an entry, then the horizon and the lecture share can change; a share on non-training is refused with nothing written', async () => {
    const me = (
      await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
        learner.user.sub,
      ])
    )[0]!.id;
    const record = (await get(teacher, `/app/learners/${me}/record`)).text;
    expect(record).toContain(`data-testid="lecture-${heavy}"`);
    const refused = await postForm(teacher, `/app/learners/${me}/record/${light}`, {
      action: 'correct',
      hours: '14',
      category: '70',
      horizon: 'future',
      lectureShare: '50',
      reason: 'It prepared for the next stage',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      'Only training (10) has a lecture share: leave it empty for this category.',
    );
    const badShare = await postForm(teacher, `/app/learners/${me}/record/${heavy}`, {
      action: 'correct',
      hours: '6',
      category: '10',
      horizon: '',
      lectureShare: '150',
      reason: 'typo',
    });
    expect(badShare.status).toBe(422);
    expect(badShare.text).toContain('Enter the lecture share as a whole percent from 0 to 100.');
    expect((await rowsOf(learner.user.sub)).length).toBe(2);

    const fixed = await postForm(teacher, `/app/learners/${me}/record/${heavy}`, {
      action: 'correct',
      hours: '6',
      category: '10',
      horizon: 'current',
      lectureShare: '40',
      reason: 'The course was mostly practice',
    });
    expect(fixed.status).toBe(303);
    const rows = await rowsOf(learner.user.sub);
    expect(rows.at(-1)).toEqual(
      expect.objectContaining({ kind: 'correction', horizon: 'current', lecture_share: 40 }),
    );
    // A correction that says nothing of them keeps them; one to another category drops the lecture share.
    await postForm(teacher, `/app/learners/${me}/record/${heavy}`, {
      action: 'correct',
      hours: '5',
      category: '20',
      horizon: '',
      lectureShare: '',
      reason: 'It was coaching',
    });
    expect((await rowsOf(learner.user.sub)).at(-1)).toEqual(
      expect.objectContaining({ horizon: 'current', lecture_share: null }),
    );
    const chart = readChart((await get(learner, '/app/progress')).text, 'progress-split')!;
    expect(chart.description).toBe('Current work 100 %, future work 0 %; the target is 70 % and 30 %.');
  });
});

describe('the plan: what each item serves', () => {
  const plan = (fields: Record<string, string>) => ({ fy: '', basedOn: '0', ...fields });

  it("when a learner plans hours for today and the future, then the plan stores each item's horizon and shows the planned split against 70:30", async () => {
    const s = await open(user({ locale: 'en' }), 'course-plan-7030');
    const page = (await get(s, '/app/plan')).text;
    const fy = /name="fy" value="(\d+)"/.exec(page)![1]!;
    expect(page).toContain('id="z-DL-70"');
    const saved = await postForm(
      s,
      '/app/plan',
      plan({ fy, 'plan.DL.h70': '7', 'plan.DL.z70': 'current', 'plan.DG.h10': '3', 'plan.DG.z10': 'future' }),
    );
    expect(saved.status).toBe(303);
    const stored = await t.db.query<{ items: Array<{ skillSet: string; horizons?: object }> }>(
      `SELECT items FROM development_plans d JOIN people p ON p.id = d.person_id WHERE p.platform_user_id = $1`,
      [s.user.sub],
    );
    expect(stored[0]!.items.map((i) => [i.skillSet, i.horizons])).toEqual([
      ['DL', { 70: 'current' }],
      ['DG', { 10: 'future' }],
    ]);
    const after = (await get(s, `/app/plan?fy=${fy}`)).text;
    expect(readChart(after, 'plan-split')!.description).toBe(
      'Current work 70 %, future work 30 %; the target is 70 % and 30 %.',
    );
    // Saved skill sets are closed disclosures that say what is planned.
    expect(after).toMatch(/<details class="plan-skill" data-skill-set="DL">/);
    expect(after).toContain('7 h planned (70: 7)');
  });

  it('when a horizon is neither current nor future, then 422 in Thai and English with its skill set opened; nothing saved', async () => {
    for (const locale of ['en', 'th'] as const) {
      const s = await open(user({ locale }), 'course-plan-7030');
      const fy = /name="fy" value="(\d+)"/.exec((await get(s, '/app/plan')).text)![1]!;
      const res = await postForm(s, '/app/plan', plan({ fy, 'plan.DT.h20': '2', 'plan.DT.z20': 'someday' }));
      expect(res.status).toBe(422);
      expect(errorOf(res.text, 'z-DT-20')).toBe(
        locale === 'en' ? 'Choose current work or future work.' : 'เลือกว่าเพื่องานปัจจุบันหรืองานในอนาคต',
      );
      expect(res.text).toMatch(/<details class="plan-skill" data-skill-set="DT" open>/);
      const saved = await t.db.query(
        `SELECT 1 FROM development_plans d JOIN people p ON p.id = d.person_id WHERE p.platform_user_id = $1`,
        [s.user.sub],
      );
      expect(saved).toEqual([]);
    }
  });
});

describe('what a module completion serves', () => {
  /** Launches the learner into a placed module, reads every page and passes its quiz; the entry's horizon. */
  async function complete(slug: string, target?: { group: string; stage: string }) {
    const u = user({ locale: 'en' });
    const s = await openSession(t, u, { course: 'course-modules-7030', module: slug });
    if (target) expect((await postForm(s, '/app/progress/target', target)).status).toBe(303);
    const m = sampleModule(slug);
    for (let i = 1; i <= m.pages.length; i += 1)
      expect((await get(s, `/app/modules/${slug}/pages/${i}`)).status).toBe(200);
    await s.agent
      .post(withLtik(s, `/app/modules/${slug}/quiz`))
      .type('form')
      .send(quizAnswers(m));
    const rows = await t.db.query<{ horizon: string | null; source: string }>(
      `SELECT e.horizon, e.source FROM learning_entries e JOIN people p ON p.id = e.person_id
        WHERE p.platform_user_id = $1`,
      [u.sub],
    );
    expect(rows.map((r) => r.source)).toEqual(['module']);
    return rows[0]!.horizon;
  }

  it("when the module is mapped to a skill set of the learner's own group and stage, then its completion serves current work", async () => {
    await expect(complete('dg-digital-government-laws', { group: 'SERV', stage: 'EARLY' })).resolves.toBe(
      'current',
    );
  });

  it('when it is mapped only to a skill set the group has no target for at that stage, then it prepares for the future', async () => {
    await expect(
      complete('dtf-leading-digital-transformation', { group: 'SERV', stage: 'EARLY' }),
    ).resolves.toBe('future');
  });

  it('when the learner has no target group and stage yet, then it is not stated', async () => {
    await expect(complete('dg-digital-government-laws')).resolves.toBeNull();
  });
});
