import { MOODLE_ROLES, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue 19 items 1 and 2: the organisation's question bank, a module's quiz drawn from its pools (attempt limit,
// waiting time, a different draw per attempt, an attempt submitted once), and pre-test / post-test gain.
let t: TestApp;
let now = new Date('2026-12-01T03:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { now: () => now });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-bank';
const SLUG = 'dl-computer-basics';
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const count = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0]!.n;
const written = async () => ({
  questions: await count('SELECT count(*)::int AS n FROM bank_questions'),
  versions: await count('SELECT count(*)::int AS n FROM bank_question_versions'),
  audit: await count(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'bank_question.%'`),
});

/** A question as the form posts it: `correct` lists the right options (of two or three). */
const questionForm = (
  name: string,
  o: { correct?: number[]; kind?: 'single' | 'multiple'; skillSet?: string; difficulty?: string } = {},
): Record<string, string> => {
  const form: Record<string, string> = {
    skillSet: o.skillSet ?? 'DL',
    area: '',
    difficulty: o.difficulty ?? 'medium',
    kind: o.kind ?? 'single',
    'prompt.th': `คำถาม ${name}`,
    'prompt.en': `Question ${name}`,
  };
  for (let j = 0; j < 3; j += 1) {
    form[`opt.${j}.text.th`] = `ตัวเลือก ${name}-${j}`;
    form[`opt.${j}.text.en`] = `Option ${name}-${j}`;
    if ((o.correct ?? [1]).includes(j)) form[`opt.${j}.correct`] = 'on';
  }
  return form;
};

/** The right answers of an attempt's questions, read from the stored versions (the page never shows them). */
async function rightAnswers(attemptId: number, right = true): Promise<Record<string, string[]>> {
  const rows = await t.db.query<{ n: number; content: { options: Array<{ correct: boolean }> } }>(
    `SELECT u.n::int AS n, v.content FROM drawn_attempts a, unnest(a.questions) WITH ORDINALITY u (id, n)
       JOIN bank_question_versions v ON v.id = u.id WHERE a.id = $1 ORDER BY u.n`,
    [attemptId],
  );
  return Object.fromEntries(
    rows.map((r) => [
      `q${r.n - 1}`,
      r.content.options.flatMap((o, j) => (o.correct === right ? [String(j)] : [])).slice(0, right ? 10 : 1),
    ]),
  );
}
/** Submits an attempt: a 303 to its result's own address (post/redirect/get), which is then read. */
async function submit(s: Session, form: Record<string, string | string[]>) {
  const posted = await postForm(s, `/app/modules/${SLUG}/quiz`, form);
  expect(posted.status).toBe(303);
  return s.agent.get(posted.headers.location as string);
}
const attemptIdOf = (html: string) => Number(/name="attempt" value="(\d+)"/.exec(html)?.[1]);
const promptsOf = (html: string) => [...html.matchAll(/<legend>\d+\. ([^<]+)/g)].map((m) => m[1]!.trim());

let adminTh: Session;
let adminEn: Session;
beforeAll(async () => {
  adminTh = await openSession(t, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th', name: 'แอดมิน ไทย' }), {
    course: COURSE,
  });
  adminEn = await openSession(t, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en', name: 'Ada Admin' }), {
    course: COURSE,
  });
});

describe('the question bank', () => {
  it('when a question has no right answer, then the form says so in Thai and in English and nothing is written', async () => {
    const before = await written();
    const th = await postForm(adminTh, '/app/bank/new', questionForm('none', { correct: [] }));
    expect(th.status).toBe(422);
    expect(th.text).toContain('data-testid="error-summary"');
    expect(th.text).toContain('ข้อสอบนี้ยังไม่มีคำตอบที่ถูก');
    // The form comes back as posted.
    expect(th.text).toContain('คำถาม none');
    const en = await postForm(
      adminEn,
      '/app/bank/new',
      questionForm('none', { correct: [], kind: 'multiple' }),
    );
    expect(en.status).toBe(422);
    expect(en.text).toContain('The question has no right answer');
    expect(en.text).toContain('href="#opt.0.correct"');
    expect(await written()).toEqual(before);
  });

  it('when a content manager saves a question, then it is listed with its tags, audited, and an edit makes version 2', async () => {
    const before = await written();
    const saved = await postForm(adminEn, '/app/bank/new', questionForm('first', { correct: [2] }));
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toContain('/app/bank?done=saved');
    const list = await get(adminEn, '/app/bank?skillSet=DL');
    expect(list.text).toContain('Question first');
    expect(await written()).toEqual({
      questions: before.questions + 1,
      versions: before.versions + 1,
      audit: before.audit + 1,
    });
    const id = (await t.db.query<{ id: number }>('SELECT max(id)::int AS id FROM bank_questions'))[0]!.id;
    const edit = await get(adminEn, `/app/bank/${id}/edit`);
    expect(edit.text).toContain('data-testid="version-note"');
    const again = await postForm(
      adminEn,
      `/app/bank/${id}/edit`,
      questionForm('first, edited', { correct: [2] }),
    );
    expect(again.status).toBe(303);
    const versions = await t.db.query<{ version: number; prompt: string }>(
      `SELECT version, content->'prompt'->>'en' AS prompt FROM bank_question_versions WHERE question_id = $1 ORDER BY version`,
      [id],
    );
    expect(versions).toEqual([
      { version: 1, prompt: 'Question first' },
      { version: 2, prompt: 'Question first, edited' },
    ]);
    // Saving it unchanged makes no version.
    const same = await postForm(
      adminEn,
      `/app/bank/${id}/edit`,
      questionForm('first, edited', { correct: [2] }),
    );
    expect(same.headers.location).toContain('done=unchanged');
    // Retired, it leaves the list of questions in use and cannot be edited.
    expect((await postForm(adminEn, `/app/bank/${id}/retire`, {})).status).toBe(303);
    expect((await get(adminEn, '/app/bank')).text).not.toContain('Question first, edited');
    expect((await get(adminEn, '/app/bank?status=retired')).text).toContain('Question first, edited');
    expect((await get(adminEn, `/app/bank/${id}/edit`)).status).toBe(404);
  });

  it('when a plain instructor opens the bank or posts a question, then 403 and nothing is written', async () => {
    const teacher = await openSession(t, user({ roles: MOODLE_ROLES.editingTeacher(), locale: 'en' }), {
      course: COURSE,
    });
    const before = await written();
    expect((await get(teacher, '/app/bank')).status).toBe(403);
    expect((await postForm(teacher, '/app/bank/new', questionForm('x'))).status).toBe(403);
    expect(await written()).toEqual(before);
  });
});

describe('a module quiz drawn from pools, with a pre-test', () => {
  let learner: Session;
  beforeAll(async () => {
    // Six Digital Literacy questions and two of Digital Governance (which the pool leaves out).
    for (let i = 0; i < 6; i += 1)
      expect((await postForm(adminEn, '/app/bank/new', questionForm(`dl${i}`))).status).toBe(303);
    for (let i = 0; i < 2; i += 1)
      expect(
        (await postForm(adminEn, '/app/bank/new', questionForm(`dg${i}`, { skillSet: 'DG' }))).status,
      ).toBe(303);
    const set = await postForm(adminEn, `/app/catalogue/${SLUG}/quiz-draw`, {
      'pool.0.skillSet': 'DL',
      'pool.0.count': '3',
      attemptLimit: '3',
      waitMinutes: '60',
      preTest: 'on',
    });
    expect(set.status).toBe(303);
    learner = await openSession(t, user({ locale: 'th', name: 'ผู้เรียน ทดสอบ' }), { course: COURSE });
  });

  it('when the author names an unknown skill set, then the form refuses it and keeps the settings', async () => {
    const r = await postForm(adminEn, `/app/catalogue/${SLUG}/quiz-draw`, {
      'pool.0.skillSet': 'NOPE',
      'pool.0.count': '3',
    });
    expect(r.status).toBe(422);
    expect(r.text).toContain('data-testid="error-summary"');
    expect((await get(adminEn, `/app/catalogue/${SLUG}/quiz-draw`)).text).toContain('value="3"');
  });

  it('pre-test, then attempts that draw different questions, a waiting time, a refused resubmission and a limit', async () => {
    // The pre-test: drawn from the same pool; the page never carries the right answers.
    const pre = await get(learner, `/app/modules/${SLUG}/pretest`);
    expect(pre.status).toBe(200);
    expect(pre.text).toContain('แบบทดสอบก่อนเรียน');
    expect(pre.text).not.toMatch(/correct|isCorrect|✓/);
    const preId = attemptIdOf(pre.text);
    const prePrompts = promptsOf(pre.text);
    expect(prePrompts).toHaveLength(3);
    // One right of three: 33.33 %.
    const preAnswers = await rightAnswers(preId, false);
    preAnswers.q0 = (await rightAnswers(preId)).q0!;
    const preDone = await submit(learner, { attempt: String(preId), ...preAnswers });
    expect(preDone.status).toBe(200);
    expect(preDone.text).toContain('data-testid="pretest-done"');
    // The pre-test is not a quiz attempt: no best score, no completion.
    expect(await count(`SELECT count(*)::int AS n FROM quiz_attempts`)).toBe(0);
    expect((await get(learner, `/app/modules/${SLUG}/pretest`)).status).toBe(409);

    // Attempt 1 avoids the pre-test's questions: the pool has six.
    const first = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(first.status).toBe(200);
    const firstId = attemptIdOf(first.text);
    const firstPrompts = promptsOf(first.text);
    expect(firstPrompts.filter((p) => prePrompts.includes(p))).toEqual([]);
    // A reload shows the same attempt.
    expect(attemptIdOf((await get(learner, `/app/modules/${SLUG}/quiz`)).text)).toBe(firstId);
    const answers1 = await rightAnswers(firstId);
    const r1 = await submit(learner, { attempt: String(firstId), ...answers1 });
    expect(r1.status).toBe(200);
    expect(r1.text).toContain('data-testid="quiz-result"');
    // Within the waiting time: no new attempt offered, the time it opens instead.
    expect(r1.text).not.toContain('data-testid="quiz-again"');
    expect(r1.text).toContain('การสอบครั้งถัดไปเปิดเมื่อ');

    // Within the hour: the quiz's address leads to the module page, which says when (Thai, Buddhist era: 2569).
    now = new Date(now.getTime() + 30 * 60_000);
    const waiting = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(waiting.status).toBe(303);
    const waitingPage = await learner.agent.get(waiting.headers.location as string);
    expect(waitingPage.text).toContain('การสอบครั้งถัดไปเปิดเมื่อ');
    expect(waitingPage.text).toContain('2569');

    // The old attempt sent again: refused, nothing written.
    const attemptsBefore = await count('SELECT count(*)::int AS n FROM quiz_attempts');
    const resent = await postForm(learner, `/app/modules/${SLUG}/quiz`, {
      attempt: String(firstId),
      ...answers1,
    });
    expect(resent.status).toBe(409);
    expect(resent.text).toContain('ส่งซ้ำไม่ได้');
    expect(await count('SELECT count(*)::int AS n FROM quiz_attempts')).toBe(attemptsBefore);

    // After the wait: attempt 2 draws questions the learner has not had in attempt 1.
    now = new Date(now.getTime() + 31 * 60_000);
    const second = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(second.status).toBe(200);
    const secondId = attemptIdOf(second.text);
    expect(secondId).not.toBe(firstId);
    expect(promptsOf(second.text).filter((p) => firstPrompts.includes(p))).toEqual([]);
    // Answers posted for attempt 1's questions under attempt 2 are scored against attempt 2's drawn set.
    const mixed = await submit(learner, { attempt: String(secondId), ...answers1 });
    expect(mixed.status).toBe(200);

    now = new Date(now.getTime() + 61 * 60_000);
    const third = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(third.text).toContain('การสอบครั้งที่ 3 จาก 3 ครั้ง');
    const thirdId = attemptIdOf(third.text);
    await postForm(learner, `/app/modules/${SLUG}/quiz`, {
      attempt: String(thirdId),
      ...(await rightAnswers(thirdId)),
    });
    now = new Date(now.getTime() + 61 * 60_000);
    const limited = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(limited.status).toBe(303);
    const limitedPage = await learner.agent.get(limited.headers.location as string);
    expect(limitedPage.text).toContain('ใช้สิทธิ์สอบครบแล้ว 3 จาก 3 ครั้ง');

    // The gain: pre 33.33, the first post-test 100: g = 1.
    const overview = await get(adminEn, `/app/modules/${SLUG}`);
    expect(overview.text).toContain('data-testid="module-gains"');
    expect(overview.text).toMatch(/ผู้เรียน ทดสอบ[\s\S]*?33\.33[\s\S]*?100[\s\S]*?data-testid="gain">1\.00</);
  });

  it('then the learner record, the organisation year and the bank statistics show what the attempts gave', async () => {
    const pid = (
      await t.db.query<{ id: number }>('SELECT id::int FROM people WHERE platform_user_id = $1', [
        learner.user.sub,
      ])
    )[0]!.id;
    const record = await get(adminEn, `/app/learners/${pid}/record`);
    expect(record.status).toBe(200);
    expect(record.text).toContain('data-testid="learner-gains"');
    expect(record.text).toMatch(/data-testid="learner-gain">1\.00</);
    // The post-tests fell in fiscal year 2570 (from 1 October 2026).
    const year = await get(adminTh, '/app/organisation/gains?fy=2570');
    expect(year.status).toBe(200);
    expect(year.text).toMatch(/data-testid="year-gain">1\.00</);
    expect((await get(adminTh, '/app/organisation/gains?fy=2569')).text).toContain(
      'data-testid="year-gains-none"',
    );
    // Every drawn question's attempts are counted on the bank's list: 3 pre + 3 × 3 post.
    const bank = await get(adminEn, '/app/bank?skillSet=DL');
    const attempts = [...bank.text.matchAll(/data-testid="attempts-\d+">(\d+)</g)].map((m) => Number(m[1]));
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('when another module keeps its own quiz, then its quiz is as before (no attempt id, no draw)', async () => {
    const own = await get(learner, '/app/modules/dl-internet-search-email/quiz');
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('name="attempt"');
  });
});
