import { parse } from 'parse5';
import { attr, textOf, walk } from '../support/html-tree';
import { MOODLE_ROLES, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #19 item 1 (the attempt limit and the waiting time) and #17 (no dead ends): after a failed attempt within
// the waiting time, and after the last allowed attempt, the result page and the module page say what holds (when
// the next attempt opens, in the Buddhist era in Thai; or none left, N of N, and whom to ask) and offer no button
// that can only fail; the result has an address of its own (post/redirect/get), so a reload or the language switch
// shows it again and writes nothing, and only its learner reads it.
let t: TestApp;
let now = new Date('2026-12-01T03:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' }, { now: () => now });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-attempts';
const SLUG = 'dl-word-official-documents';
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
const count = async (table: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const written = async () => ({ drawn: await count('drawn_attempts'), quiz: await count('quiz_attempts') });

const elements = (html: string) => [...walk(parse(html))];
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const byTestId = (html: string, id: string) => elements(html).find((e) => attr(e, 'data-testid') === id);
const textOfId = (html: string, id: string) => {
  const e = byTestId(html, id);
  return e ? squash(textOf(e)) : undefined;
};
const hrefOf = (html: string, id: string) => {
  const e = byTestId(html, id);
  return e ? new URL(attr(e, 'href')!, 'http://x').pathname : undefined;
};
const switchHref = (html: string) => {
  const a = elements(html).find((e) => e.tagName === 'a' && attr(e, 'class') === 'lang')!;
  return attr(a, 'href')!;
};
/** The module's last content page, read from the overview's list of pages: it offers the quiz too. */
const lastPageOf = (overview: string) =>
  `/app/modules/${SLUG}/pages/${Math.max(...[...overview.matchAll(new RegExp(`/app/modules/${SLUG}/pages/(\\d+)`, 'g'))].map((m) => Number(m[1])))}`;
const attemptIdOf = (html: string) => Number(/name="attempt" value="(\d+)"/.exec(html)?.[1]);

/** Wrong answers to every question of an attempt (the first wrong option of each), read from the stored versions. */
async function wrongAnswers(attemptId: number): Promise<Record<string, string>> {
  const rows = await t.db.query<{ n: number; content: { options: Array<{ correct: boolean }> } }>(
    `SELECT u.n::int AS n, v.content FROM drawn_attempts a, unnest(a.questions) WITH ORDINALITY u (id, n)
       JOIN bank_question_versions v ON v.id = u.id WHERE a.id = $1 ORDER BY u.n`,
    [attemptId],
  );
  return Object.fromEntries(
    rows.map((r) => [`q${r.n - 1}`, String(r.content.options.findIndex((o) => !o.correct))]),
  );
}

/** Starts an attempt, fails it, and follows the redirect: the result page and its address. */
async function failAnAttempt(s: Session) {
  const quiz = await get(s, `/app/modules/${SLUG}/quiz`);
  expect(quiz.status).toBe(200);
  const id = attemptIdOf(quiz.text);
  const posted = await postForm(s, `/app/modules/${SLUG}/quiz`, {
    attempt: String(id),
    ...(await wrongAnswers(id)),
  });
  expect(posted.status).toBe(303);
  const location = posted.headers.location as string;
  expect(new URL(location, 'http://x').pathname).toBe(`/app/modules/${SLUG}/quiz/attempts/${id}`);
  return { id, location, page: await s.agent.get(location) };
}

let admin: Session;
let learner: Session;
let other: Session;
beforeAll(async () => {
  admin = await openSession(t, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), { course: COURSE });
  for (let i = 0; i < 4; i += 1) {
    const form: Record<string, string> = {
      skillSet: 'DL',
      area: '',
      difficulty: 'medium',
      kind: 'single',
      'prompt.th': `คำถาม ${i}`,
      'prompt.en': `Question ${i}`,
    };
    for (let j = 0; j < 3; j += 1) {
      form[`opt.${j}.text.th`] = `ตัวเลือก ${i}-${j}`;
      form[`opt.${j}.text.en`] = `Option ${i}-${j}`;
    }
    form['opt.1.correct'] = 'on';
    expect((await postForm(admin, '/app/bank/new', form)).status).toBe(303);
  }
  // As the reviewer set it up: 2 questions from DL, limit 2, wait 60 minutes, pre-test on.
  const set = await postForm(admin, `/app/catalogue/${SLUG}/quiz-draw`, {
    'pool.0.skillSet': 'DL',
    'pool.0.count': '2',
    attemptLimit: '2',
    waitMinutes: '60',
    preTest: 'on',
  });
  expect(set.status).toBe(303);
  learner = await openSession(t, user({ locale: 'th', name: 'ผู้เรียน รอสอบ' }), { course: COURSE });
  other = await openSession(t, user({ locale: 'th', name: 'ผู้เรียน อีกคน' }), { course: COURSE });
});

describe('a drawn quiz with a limit of 2 and a wait of 60 minutes', () => {
  let first: Awaited<ReturnType<typeof failAnAttempt>>;

  it('before any attempt, then the module page offers the quiz and says how many attempts there are', async () => {
    const page = await get(learner, `/app/modules/${SLUG}`);
    expect(page.status).toBe(200);
    expect(hrefOf(page.text, 'quiz-link')).toBe(`/app/modules/${SLUG}/quiz`);
    expect(textOfId(page.text, 'quiz-standing')).toBe('สอบได้อีก 2 ครั้ง (ใช้สิทธิ์ไปแล้ว 0 จาก 2 ครั้ง)');
    expect(byTestId(page.text, 'last-result')).toBeUndefined();
    // The last content page offers the drawn quiz as well.
    const last = await get(learner, lastPageOf(page.text));
    expect(last.status).toBe(200);
    expect(hrefOf(last.text, 'quiz-link')).toBe(`/app/modules/${SLUG}/quiz`);
  });

  it('when an attempt fails within the wait, then the result says when the next opens (Buddhist era) and offers no new attempt', async () => {
    first = await failAnAttempt(learner);
    const page = first.page;
    expect(page.status).toBe(200);
    expect(textOfId(page.text, 'quiz-result')).toContain('ยังไม่ผ่านเกณฑ์');
    expect(page.text).not.toContain('ลองทบทวนเนื้อหาแล้วทำใหม่ได้');
    expect(page.text).not.toContain('เริ่มสอบอีกครั้ง');
    expect(byTestId(page.text, 'quiz-again')).toBeUndefined();
    expect(byTestId(page.text, 'submit-quiz')).toBeUndefined();
    const standing = textOfId(page.text, 'quiz-standing')!;
    // 03:00 UTC + 60 minutes is 11:00 in Bangkok, 1 December 2569.
    expect(standing).toContain('การสอบครั้งถัดไปเปิดเมื่อ');
    expect(standing).toMatch(/2569.*11:00/);
    expect(standing).toContain('ใช้สิทธิ์สอบไปแล้ว 1 จาก 2 ครั้ง');
    expect(hrefOf(page.text, 'back-to-module')).toBe(`/app/modules/${SLUG}`);
  });

  it('within the wait, then the module page says when, has no quiz button, and links the latest result', async () => {
    now = new Date(now.getTime() + 30 * 60_000);
    const page = await get(learner, `/app/modules/${SLUG}`);
    expect(byTestId(page.text, 'quiz-link')).toBeUndefined();
    expect(textOfId(page.text, 'quiz-standing')).toContain('การสอบครั้งถัดไปเปิดเมื่อ');
    expect(hrefOf(page.text, 'last-result')).toBe(`/app/modules/${SLUG}/quiz/attempts/${first.id}`);
    // Nor does the last content page offer it: it leads back to the overview, which says when.
    const last = await get(learner, lastPageOf(page.text));
    expect(byTestId(last.text, 'quiz-link')).toBeUndefined();
    expect(hrefOf(last.text, 'done')).toBe(`/app/modules/${SLUG}`);
  });

  it('within the wait, then the quiz address asked directly (from the history) leads to the module page, which says when', async () => {
    const before = await written();
    const res = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location as string, 'http://x');
    expect(location.pathname).toBe(`/app/modules/${SLUG}`);
    expect(location.searchParams.get('ltik')).toBe(learner.ltik);
    const page = await learner.agent.get(res.headers.location as string);
    expect(page.status).toBe(200);
    expect(textOfId(page.text, 'quiz-standing')).toContain('การสอบครั้งถัดไปเปิดเมื่อ');
    expect(byTestId(page.text, 'quiz-link')).toBeUndefined();
    expect(await written()).toEqual(before);
  });

  it('when the result is reloaded or shown in English, then it is the same result and no attempt is written', async () => {
    const before = await written();
    const again = await learner.agent.get(first.location);
    expect(again.status).toBe(200);
    expect(textOfId(again.text, 'quiz-result')).toBe(textOfId(first.page.text, 'quiz-result'));
    const switched = await learner.agent.get(switchHref(again.text));
    expect(switched.status).toBe(200);
    expect(new URL(switchHref(again.text), 'http://x').pathname).toBe(
      `/app/modules/${SLUG}/quiz/attempts/${first.id}`,
    );
    expect(textOfId(switched.text, 'quiz-result')).toMatch(
      /^0 % \(0 of 2 correct\) Not yet at the pass mark/,
    );
    expect(textOfId(switched.text, 'quiz-standing')).toContain('Your next attempt opens on');
    expect(byTestId(switched.text, 'quiz-again')).toBeUndefined();
    expect(await written()).toEqual(before);
    // Back to Thai for the rest.
    expect((await learner.agent.get(switchHref(switched.text))).status).toBe(200);
  });

  it("when another learner asks for the result's address, then 404 (in their frame) and nothing of it is shown", async () => {
    const res = await other.agent.get(withLtik(other, new URL(first.location, 'http://x').pathname));
    expect(res.status).toBe(404);
    expect(byTestId(res.text, 'quiz-result')).toBeUndefined();
    expect(hrefOf(res.text, 'error-home')).toBe('/app/home');
    // Nor an address that is no attempt, or not a number.
    expect((await get(learner, `/app/modules/${SLUG}/quiz/attempts/999999`)).status).toBe(404);
    expect((await get(learner, `/app/modules/${SLUG}/quiz/attempts/x`)).status).toBe(404);
  });

  it('after the wait, then the same result and the module page say one attempt is left and offer it', async () => {
    now = new Date(now.getTime() + 31 * 60_000);
    const result = await learner.agent.get(first.location);
    expect(textOfId(result.text, 'quiz-standing')).toBe('สอบได้อีก 1 ครั้ง (ใช้สิทธิ์ไปแล้ว 1 จาก 2 ครั้ง)');
    expect(hrefOf(result.text, 'quiz-again')).toBe(`/app/modules/${SLUG}/quiz`);
    expect(textOfId(result.text, 'quiz-result')).toContain('ลองทบทวนเนื้อหาแล้วทำใหม่ได้');
    const page = await get(learner, `/app/modules/${SLUG}`);
    expect(hrefOf(page.text, 'quiz-link')).toBe(`/app/modules/${SLUG}/quiz`);
    expect(textOfId(page.text, 'quiz-standing')).toBe('สอบได้อีก 1 ครั้ง (ใช้สิทธิ์ไปแล้ว 1 จาก 2 ครั้ง)');
  });

  it('when the last allowed attempt fails, then the result and the module page say 2 of 2 used and whom to ask, with no quiz button', async () => {
    const last = await failAnAttempt(learner);
    const standing = [...walk(byTestId(last.page.text, 'quiz-standing')!)].filter((e) => e.tagName === 'p');
    expect(standing.map((p) => squash(textOf(p)))).toEqual([
      'ใช้สิทธิ์สอบครบแล้ว 2 จาก 2 ครั้ง',
      'หากต้องการสอบอีก โปรดติดต่อผู้ดูแลระบบ DigiSkill ของหน่วยงาน ซึ่งเป็นผู้กำหนดจำนวนครั้งที่สอบได้',
    ]);
    expect(last.page.text).not.toContain('ลองทบทวนเนื้อหาแล้วทำใหม่ได้');
    expect(byTestId(last.page.text, 'quiz-again')).toBeUndefined();
    // Long after any wait: still no attempt left.
    now = new Date(now.getTime() + 24 * 60 * 60_000);
    const page = await get(learner, `/app/modules/${SLUG}`);
    expect(byTestId(page.text, 'quiz-link')).toBeUndefined();
    expect(textOfId(page.text, 'quiz-standing')).toContain('ใช้สิทธิ์สอบครบแล้ว 2 จาก 2 ครั้ง');
    expect(hrefOf(page.text, 'last-result')).toBe(`/app/modules/${SLUG}/quiz/attempts/${last.id}`);
    const before = await written();
    const direct = await get(learner, `/app/modules/${SLUG}/quiz`);
    expect(direct.status).toBe(303);
    expect(new URL(direct.headers.location as string, 'http://x').pathname).toBe(`/app/modules/${SLUG}`);
    const overview = await learner.agent.get(direct.headers.location as string);
    expect(overview.status).toBe(200);
    expect(textOfId(overview.text, 'quiz-standing')).toContain('ใช้สิทธิ์สอบครบแล้ว 2 จาก 2 ครั้ง');
    expect(await written()).toEqual(before);
  });

  it('when a submitted attempt is posted again, then 409 in the frame, its language switch leading to the module', async () => {
    const before = await written();
    const res = await postForm(learner, `/app/modules/${SLUG}/quiz`, {
      attempt: String(first.id),
      q0: '0',
      q1: '0',
    });
    expect(res.status).toBe(409);
    expect(new URL(switchHref(res.text), 'http://x').pathname).toBe(`/app/modules/${SLUG}`);
    expect(hrefOf(res.text, 'error-back')).toBe(`/app/modules/${SLUG}`);
    expect(await written()).toEqual(before);
  });

  it('for an instructor previewing, then the module page offers the quiz preview and no standing', async () => {
    const page = await get(admin, `/app/modules/${SLUG}`);
    expect(hrefOf(page.text, 'quiz-link')).toBe(`/app/modules/${SLUG}/quiz`);
    expect(byTestId(page.text, 'quiz-standing')).toBeUndefined();
  });
});
