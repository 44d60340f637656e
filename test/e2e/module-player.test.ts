import crypto from 'node:crypto';
import type supertest from 'supertest';
import { LTI, ROLE, user, type LmsUser } from '../support/simulated-lms';
import { launch, registerAnotherLms, startTestApp, type TestApp } from '../support/test-app';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { createGradeOutbox } from '../../src/db/grade-outbox.repository';
import { createAgsClient } from '../../src/lti/ags-client';
import { deliverDueGrades } from '../../src/use-cases/deliver-grades';

const SLUG = 'dg-digital-government-laws';
const mod = sampleModule(SLUG);

let t: TestApp;
beforeAll(async () => {
  // A long poll interval: the tests drain the outbox themselves (a completion still kicks one round).
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

interface Session {
  agent: supertest.Agent;
  ltik: string;
  user: LmsUser;
}

const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';

async function open(
  u: LmsUser = user(),
  slug = SLUG,
  link = `link-${slug}`,
  lineitem?: string,
  course?: string,
): Promise<Session & { page: supertest.Response }> {
  const agent = t.agent();
  const ags = lineitem
    ? {
        [AGS_CLAIM]: {
          scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
          lineitems: `${t.lms.issuer}/mod/lti/services.php/2/lineitems?type_id=1`,
          lineitem,
        },
      }
    : {};
  const r = await launch(t, agent, u, {
    claims: { [`${LTI}custom`]: { module: slug }, ...ags },
    resourceLink: { id: link, title: slug },
    ...(course ? { context: { id: course, title: course } } : {}),
  });
  expect(r.page?.status).toBe(200);
  const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
  return { agent, ltik, user: u, page: r.page! };
}
const q = (s: Session) => `ltik=${encodeURIComponent(s.ltik)}`;
const get = (s: Session, path: string) => s.agent.get(`${path}?${q(s)}`);
const postQuiz = (s: Session, body: string, slug = SLUG) =>
  s.agent
    .post(`/app/modules/${slug}/quiz?${q(s)}`)
    .type('form')
    .send(body);

const entriesOf = (sub: string) =>
  t.db.query<{
    id: number;
    module_version_id: number;
    hours: string;
    category: number;
    score_percent: string;
    skill_hours: unknown;
  }>(
    `SELECT e.id, e.module_version_id, e.hours::text, e.category, e.score_percent::text, e.skill_hours
       FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1`,
    [sub],
  );
const gradesOf = (sub: string) =>
  t.db.query<{
    status: string;
    rejection: string | null;
    score_given: string;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT g.status, g.rejection, g.score_given::text, g.attempts, g.last_error FROM grade_outbox g
       JOIN people p ON p.id = g.person_id WHERE p.platform_user_id = $1 ORDER BY g.id`,
    [sub],
  );

async function viewAllPages(s: Session) {
  for (let i = 1; i <= mod.pages.length; i += 1) {
    const res = await get(s, `/app/modules/${SLUG}/pages/${i}`);
    expect(res.status).toBe(200);
  }
}

describe('module player', () => {
  it('when a learner launches a placed module, then they see its overview with a start button and its rule', async () => {
    const s = await open(user({ locale: 'en' }));
    expect(s.page.text).toContain('data-testid="continue"');
    expect(s.page.text).toContain('Start');
    expect(s.page.text).toContain('View every page and pass the quiz with 70 % or more');
    expect(s.page.text).toContain(`Pages viewed: 0 of ${mod.pages.length}`);
  });

  it('when the learner reads pages, then they are rendered from Markdown and the place is remembered across launches', async () => {
    const u = user({ locale: 'th' });
    const s = await open(u);
    const page = await get(s, `/app/modules/${SLUG}/pages/2`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`หน้า 2 จาก ${mod.pages.length}`);
    expect(page.text).toMatch(/<table>|<ul>|<p>/);
    expect(page.text).toContain(`/app/modules/${SLUG}/pages/3?ltik`);
    // A new launch (a new session) continues at page 2.
    const again = await open(u);
    expect(again.page.text).toContain(`/app/modules/${SLUG}/pages/2?ltik`);
    expect(again.page.text).toContain('เรียนต่อ');
    expect(again.page.text).toContain(`อ่านแล้ว 1 จาก ${mod.pages.length} หน้า`);
  });

  it('when a page number does not exist, then a 404 page', async () => {
    const s = await open();
    expect((await get(s, `/app/modules/${SLUG}/pages/99`)).status).toBe(404);
    expect((await get(s, `/app/modules/${SLUG}/pages/abc`)).status).toBe(404);
    expect((await get(s, '/app/modules/no-such-module')).status).toBe(404);
  });

  it('when the quiz is failed, then the score and feedback show and nothing is recorded; passing after all pages completes the module once', async () => {
    const s = await open(user({ locale: 'en' }));
    const failed = await postQuiz(s, quizAnswers(mod, false));
    expect(failed.status).toBe(200);
    expect(failed.text).toContain('0 % (0 of 5 correct)');
    expect(failed.text).toContain('Not yet at the pass mark of 70 %');
    expect(failed.text).toContain('class="feedback"');
    // Passing before all pages are viewed does not complete a pages-and-quiz module.
    const passedEarly = await postQuiz(s, quizAnswers(mod));
    expect(passedEarly.text).toContain('100 % (5 of 5 correct)');
    expect(passedEarly.text).not.toContain('data-testid="completion"');
    expect(await entriesOf(s.user.sub)).toHaveLength(0);
    await viewAllPages(s);
    const entries = await entriesOf(s.user.sub);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      hours: Number(mod.estimatedHours).toFixed(2),
      category: 70,
      score_percent: '100.00',
    });
    const overview = await get(s, `/app/modules/${SLUG}`);
    expect(overview.text).toContain('data-testid="completion"');
    expect(overview.text).toContain('score 100 %');
  });

  it('when 20 quiz submissions that complete the module arrive at once, then exactly one entry and one grade are recorded', async () => {
    const s = await open();
    await viewAllPages(s);
    const results = await Promise.all(Array.from({ length: 20 }, () => postQuiz(s, quizAnswers(mod))));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await entriesOf(s.user.sub)).toHaveLength(1);
    expect(await gradesOf(s.user.sub)).toHaveLength(1);
    expect(results.filter((r) => r.text.includes('data-testid="completion"'))).toHaveLength(20);
  });

  it('when an instructor previews the module, then nothing is recorded for them', async () => {
    const s = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
    expect(s.page.text).toContain('You are previewing as an instructor');
    await viewAllPages(s);
    const res = await postQuiz(s, quizAnswers(mod));
    expect(res.text).toContain('100 % (5 of 5 correct)');
    expect(await entriesOf(s.user.sub)).toHaveLength(0);
    const progress = await t.db.query(
      'SELECT 1 FROM module_progress m JOIN people p ON p.id = m.person_id WHERE p.platform_user_id = $1',
      [s.user.sub],
    );
    expect(progress).toHaveLength(0);
  });

  it('when answers are not well formed, then a 400 page and nothing recorded', async () => {
    const s = await open();
    const res = await postQuiz(s, 'q0=abc&evil=1');
    expect(res.status).toBe(400);
    expect(
      await t.db.query(
        'SELECT 1 FROM quiz_attempts a JOIN people p ON p.id = a.person_id WHERE p.platform_user_id = $1',
        [s.user.sub],
      ),
    ).toHaveLength(0);
  });
});

/** Makes a learner's failing grade due now, as the backoff's time passing would. */
const dueNow = (sub: string) =>
  t.db.query(
    `UPDATE grade_outbox SET next_attempt_at = now() WHERE person_id = (SELECT id FROM people WHERE platform_user_id = $1)`,
    [sub],
  );
const scoresFor = (sub: string) =>
  t.lms.calls.scores
    .filter((c) => (c.body as { userId?: string }).userId === sub)
    .map((c) => c.body as { timestamp: string });

async function completeModule(s: Session) {
  await viewAllPages(s);
  expect((await postQuiz(s, quizAnswers(mod))).text).toContain('data-testid="completion"');
  await t.app.grades.drain();
}

/** The course's grades page as its instructor sees it (through the given placement, by default the shared one). */
async function instructorGrades(
  locale: 'th' | 'en',
  placement: { link?: string; lineitem?: string; course?: string } = {},
) {
  const teacher = await open(
    user({ roles: [ROLE.instructor], locale }),
    SLUG,
    placement.link,
    placement.lineitem,
    placement.course,
  );
  const page = await get(teacher, '/app/grades');
  expect(page.status).toBe(200);
  return page.text;
}

describe('grade passback as Moodle answers it', () => {
  it('when Moodle stored the score but its answer was lost, then the retry with the same timestamp gets 409 and the grade ends delivered', async () => {
    const s = await open();
    t.lms.loseScoreAnswers = 1;
    await completeModule(s);
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({ status: 'failing', attempts: 1 });
    // Moodle holds the score already.
    expect(
      t.lms.grades.get(t.lms.gradeKey('/mod/lti/services.php/2/lineitems/7/lineitem', s.user.sub)),
    ).toMatchObject({
      scoreGiven: 100,
    });

    await dueNow(s.user.sub);
    await t.app.grades.drain();
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      last_error: null,
    });
    const sent = scoresFor(s.user.sub);
    expect(sent).toHaveLength(2);
    // Both attempts carry the completion's timestamp: a fresh one would overwrite a newer grade held meanwhile.
    expect(sent[1]!.timestamp).toBe(sent[0]!.timestamp);

    // Delivered is final: the grade is not claimed again.
    await dueNow(s.user.sub);
    await t.app.grades.drain();
    expect(scoresFor(s.user.sub)).toHaveLength(2);
  });

  it('when Moodle already holds a newer grade (a teacher set it), then the first attempt gets 409 and the grade ends rejected, not forced over it', async () => {
    const s = await open();
    const key = t.lms.gradeKey('/mod/lti/services.php/2/lineitems/7/lineitem', s.user.sub);
    t.lms.grades.set(key, { scoreGiven: 55, timemodified: Math.floor(Date.now() / 1000) + 3600 });
    await completeModule(s);
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({
      status: 'rejected',
      rejection: 'not_newer',
      attempts: 1,
      last_error: 'score: HTTP 409',
    });
    expect(t.lms.grades.get(key)).toMatchObject({ scoreGiven: 55 });
    await dueNow(s.user.sub);
    await t.app.grades.drain();
    expect(scoresFor(s.user.sub)).toHaveLength(1);
    expect(await instructorGrades('en')).toContain(
      'The LMS gradebook already holds a newer grade for this learner',
    );
  });

  it('when the token request failed and no score was sent, then a 409 on the next attempt means a newer grade of the teacher: not delivered, and the instructor reads why', async () => {
    // A Moodle of its own, so that no access token is cached from the other tests: the first attempt asks for one.
    const moodle = await registerAnotherLms(t);
    try {
      const openOn = async (u: LmsUser) => {
        const agent = t.agent();
        const r = await launch(moodle, agent, u, {
          claims: { [`${LTI}custom`]: { module: SLUG } },
          resourceLink: { id: `link-${SLUG}`, title: SLUG },
        });
        expect(r.page?.status).toBe(200);
        const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
        return { agent, ltik, user: u };
      };
      const s = await openOn(user());
      moodle.lms.failServicesWith = 503;
      try {
        await completeModule(s);
      } finally {
        moodle.lms.failServicesWith = undefined;
      }
      expect((await gradesOf(s.user.sub))[0]).toMatchObject({ status: 'failing', attempts: 1 });
      expect(moodle.lms.calls.token.length).toBeGreaterThanOrEqual(1);
      expect(moodle.lms.calls.scores).toHaveLength(0);

      // Meanwhile the teacher sets a grade in Moodle's gradebook: newer than the learner's score.
      const key = moodle.lms.gradeKey('/mod/lti/services.php/2/lineitems/7/lineitem', s.user.sub);
      moodle.lms.grades.set(key, { scoreGiven: 55, timemodified: Math.floor(Date.now() / 1000) + 3600 });
      await dueNow(s.user.sub);
      await t.app.grades.drain();
      expect((await gradesOf(s.user.sub))[0]).toMatchObject({
        status: 'rejected',
        rejection: 'not_newer',
        attempts: 2,
        last_error: 'score: HTTP 409',
      });
      expect(moodle.lms.grades.get(key)).toMatchObject({ scoreGiven: 55 });
      const teacher = await openOn(user({ roles: [ROLE.instructor], locale: 'en' }));
      const page = await get(teacher, '/app/grades');
      expect(page.text).toContain('The LMS gradebook already holds a newer grade for this learner');
      expect(page.text).toContain('Not delivered, stopped');
    } finally {
      await moodle.close();
    }
  });

  it('when two workers whose leases overlapped post the same score, then exactly one of them is told no POST went out before', async () => {
    const s = await open();
    await completeModule(s);
    const [row] = await t.db.query<{ id: number }>(
      'SELECT g.id FROM grade_outbox g JOIN people p ON p.id = g.person_id WHERE p.platform_user_id = $1',
      [s.user.sub],
    );
    await t.db.query('UPDATE grade_outbox SET score_sent_at = NULL WHERE id = $1', [row!.id]);
    const outbox = createGradeOutbox(t.db);
    const seen = await Promise.all([outbox.markScoreSent(row!.id), outbox.markScoreSent(row!.id)]);
    expect(seen.sort()).toEqual([false, true]);
    expect(await outbox.markScoreSent(row!.id)).toBe(true);
  });

  it('when the gradebook column was deleted (Moodle answers 404), then the grade stops as rejected and the instructor reads why in Thai and English', async () => {
    const item = '/mod/lti/services.php/2/lineitems/31/lineitem';
    t.lms.deletedLineItems.add(item);
    // In a course of its own: the module's placement in the shared course would get the grade too.
    const placement = {
      link: 'link-deleted-column',
      lineitem: `${t.lms.issuer}${item}?type_id=1`,
      course: 'course-deleted-column',
    };
    const s = await open(user(), SLUG, placement.link, placement.lineitem, placement.course);
    await completeModule(s);
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({
      status: 'rejected',
      rejection: 'refused',
      last_error: 'score: HTTP 404',
    });
    await dueNow(s.user.sub);
    await t.app.grades.drain();
    expect(scoresFor(s.user.sub)).toHaveLength(1);
    const en = await instructorGrades('en', placement);
    expect(en).toContain('Not delivered, stopped');
    expect(en).toContain('The gradebook column of this activity was deleted in the LMS.');
    expect(en).toContain('score: HTTP 404');
    const th = await instructorGrades('th', placement);
    expect(th).toContain('ไม่ได้ส่ง หยุดส่งแล้ว');
    expect(th).toContain('คอลัมน์คะแนนของกิจกรรมนี้ถูกลบใน LMS แล้ว');
  });

  it('when Moodle is busy (429) or down (503), then the grade keeps retrying and is delivered once Moodle answers', async () => {
    const s = await open();
    await viewAllPages(s);
    for (const status of [429, 503]) {
      t.lms.failServicesWith = status;
      try {
        if (status === 429) expect((await postQuiz(s, quizAnswers(mod))).status).toBe(200);
        else await dueNow(s.user.sub);
        await t.app.grades.drain();
        expect((await gradesOf(s.user.sub))[0]).toMatchObject({ status: 'failing' });
      } finally {
        t.lms.failServicesWith = undefined;
      }
    }
    await dueNow(s.user.sub);
    await t.app.grades.drain();
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({ status: 'delivered', attempts: 3 });
  });
});

describe('grade passback', () => {
  it('when a learner completes a placed module, then the score reaches the line item as Completed / FullyGraded', async () => {
    const s = await open();
    await viewAllPages(s);
    const before = t.lms.calls.scores.length;
    await postQuiz(s, quizAnswers(mod));
    await t.app.grades.drain();
    await t.app.grades.drain();
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({
      last_error: null,
      status: 'delivered',
      score_given: '100.00',
    });
    const sent = t.lms.calls.scores.slice(before).map((c) => c.body as Record<string, unknown>);
    const mine = sent.find((b) => b.userId === s.user.sub)!;
    expect(mine).toMatchObject({
      scoreGiven: 100,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(new Date(mine.timestamp as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const call = t.lms.calls.scores
      .slice(before)
      .find((c) => (c.body as { userId?: string }).userId === s.user.sub)!;
    expect(call.headers['content-type']).toContain('application/vnd.ims.lis.v1.score+json');
    expect(call.path).toBe('/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1');
  });

  it('when the LMS fails, then the grade waits as failing with the reason; after a restart and the LMS back, it is delivered', async () => {
    const s = await open();
    await viewAllPages(s);
    t.lms.failServicesWith = 503;
    try {
      const res = await postQuiz(s, quizAnswers(mod));
      // The learner's page does not wait on the LMS.
      expect(res.status).toBe(200);
      expect(res.text).toContain('data-testid="completion"');
      await t.app.grades.drain();
      const [failing] = await gradesOf(s.user.sub);
      expect(failing).toMatchObject({ status: 'failing' });
      expect(failing!.last_error).toMatch(/HTTP 503/);
    } finally {
      t.lms.failServicesWith = undefined;
    }
    // "Restart": the app's worker stops; a fresh worker with a fresh AGS client (no cached token) takes over
    // the same database. The retry is due later (backoff), so make it due now as time would.
    await t.app.grades.stop();
    await t.db.query(
      `UPDATE grade_outbox SET next_attempt_at = now() WHERE person_id = (SELECT id FROM people WHERE platform_user_id = $1)`,
      [s.user.sub],
    );
    const round = await deliverDueGrades({
      outbox: createGradeOutbox(t.db),
      sender: createAgsClient({
        credentials: (iss, clientId) => t.app.lti.serviceCredentials(iss, clientId),
        fetch: t.app.outbound.fetch,
      }),
    });
    expect(round.delivered).toBeGreaterThanOrEqual(1);
    expect((await gradesOf(s.user.sub))[0]).toMatchObject({ status: 'delivered' });
  });
});

/**
 * Delivers what is due: the app's worker finishes the round a completion kicked (it may hold the grades), then a
 * worker of the test's own runs one, since the restart test above stops the app's worker and these tests must not
 * depend on running before it.
 */
async function deliverNow() {
  await t.app.grades.drain();
  await deliverDueGrades({
    outbox: createGradeOutbox(t.db),
    sender: createAgsClient({
      fetch: t.app.outbound.fetch,
      credentials: (iss, clientId) => t.app.lti.serviceCredentials(iss, clientId),
    }),
  });
}

/** Form fields answering the quiz with the first `wrong` questions wrong and the rest right. */
function answersWith(wrong: number): string {
  const right = new URLSearchParams(quizAnswers(mod));
  const bad = new URLSearchParams(quizAnswers(mod, false));
  const out = new URLSearchParams();
  mod.quiz!.questions.forEach((_q, i) => {
    for (const v of (i < wrong ? bad : right).getAll(`q${i}`)) out.append(`q${i}`, v);
  });
  return out.toString();
}

let placements = 0;
/** A new placement of the module in a course: its own link and gradebook column (line item). */
function placement(course: string) {
  placements += 1;
  const path = `/mod/lti/services.php/${100 + placements}/lineitems/${500 + placements}/lineitem`;
  return { link: `link-placed-${placements}`, lineitem: `${t.lms.issuer}${path}?type_id=1`, path, course };
}
type Placement = ReturnType<typeof placement>;

const openAt = (u: LmsUser, p: Placement) => open(u, SLUG, p.link, p.lineitem, p.course);
/** The score Moodle's gradebook holds for the learner in the placement's column. */
const heldIn = (p: Placement, u: LmsUser) => t.lms.grades.get(t.lms.gradeKey(p.path, u.sub))?.scoreGiven;
const gradesIn = (p: Placement, u: LmsUser) =>
  t.db.query<{ score_given: string; status: string; scored_at: Date }>(
    `SELECT g.score_given::text, g.status, g.scored_at FROM grade_outbox g JOIN people p ON p.id = g.person_id
      WHERE p.platform_user_id = $1 AND g.lineitem_url = $2 ORDER BY g.id`,
    [u.sub, p.lineitem],
  );

async function completeAt(s: Session, answers = quizAnswers(mod)) {
  await viewAllPages(s);
  expect((await postQuiz(s, answers)).text).toContain('data-testid="completion"');
  await deliverNow();
}

describe('grades in every course that places the module (issue 14)', () => {
  it('when a learner completes a module in course A and opens it placed in course B, then B gets the score and the record keeps one completion, its hours once', async () => {
    const u = user({ name: `Learner ${crypto.randomUUID()}`, locale: 'en' });
    const a = placement(`course-a-${placements}`);
    const b = placement(`course-b-${placements}`);
    await completeAt(await openAt(u, a));
    expect(heldIn(a, u)).toBe(100);
    expect(heldIn(b, u)).toBeUndefined();

    const inB = await openAt(u, b);
    expect(inB.page.text).toContain('data-testid="completion"');
    await deliverNow();
    expect(heldIn(b, u)).toBe(100);
    expect(await gradesIn(b, u)).toMatchObject([{ score_given: '100.00', status: 'delivered' }]);

    // The record is unchanged: one completion, the module's hours once.
    const entries = await entriesOf(u.sub);
    expect(entries).toHaveLength(1);
    expect(Number(entries[0]!.hours)).toBe(mod.estimatedHours);
    const [rollup] = await t.db.query<{ hours: string }>(
      `SELECT coalesce(sum(hours), 0)::text AS hours FROM learning_entries e JOIN people p ON p.id = e.person_id
        WHERE p.platform_user_id = $1`,
      [u.sub],
    );
    expect(Number(rollup!.hours)).toBe(mod.estimatedHours);

    // Opening B again, or at once from two windows, queues nothing more.
    await Promise.all([openAt(u, b), openAt(u, b)]);
    await get(inB, `/app/modules/${SLUG}`);
    expect(await gradesIn(b, u)).toHaveLength(1);

    // B's instructor sees the grade on B's grades page.
    const teacher = await openAt(user({ roles: [ROLE.instructor], locale: 'en' }), b);
    expect((await get(teacher, '/app/grades')).text).toContain(u.name);
  });

  it('when the learner is already in course B and its placement is known, then completing in A sends the score to B at once', async () => {
    const u = user();
    const a = placement(`course-a-${placements}`);
    const b = placement(`course-b-${placements}`);
    await openAt(u, b);
    await completeAt(await openAt(u, a));
    expect(heldIn(a, u)).toBe(100);
    expect(heldIn(b, u)).toBe(100);
  });

  it('when the learner teaches a course that places the module, then completing it elsewhere sends that course no grade', async () => {
    const u = user();
    const a = placement(`course-a-${placements}`);
    const taught = placement(`course-taught-${placements}`);
    await openAt({ ...u, roles: [ROLE.instructor] }, taught);
    await completeAt(await openAt(u, a));
    expect(heldIn(a, u)).toBe(100);
    expect(await gradesIn(taught, u)).toEqual([]);
  });

  it('when a placement is made after the completion, or a placement gets its gradebook column later, then the first launch of it sends the grade', async () => {
    const u = user();
    const a = placement(`course-a-${placements}`);
    const noColumn = placement(a.course);
    // The learner opened a placement that had no gradebook column yet (no AGS line item in the launch).
    await open(u, SLUG, noColumn.link, undefined, noColumn.course);
    await completeAt(await openAt(u, a));
    expect(heldIn(noColumn, u)).toBeUndefined();

    // A new activity in the same course, made after the completion: its first launch grades it.
    const later = placement(a.course);
    await openAt(u, later);
    await deliverNow();
    expect(heldIn(later, u)).toBe(100);

    // The column appears (the teacher switched grading on): the next launch carries it and grades it.
    await openAt(u, noColumn);
    await deliverNow();
    expect(heldIn(noColumn, u)).toBe(100);
    expect(await entriesOf(u.sub)).toHaveLength(1);
  });

  it('when the learner retakes the quiz with a better score, then every placement gets the new best with a newer timestamp; a worse retake sends nothing', async () => {
    const u = user({ locale: 'en' });
    const a = placement(`course-a-${placements}`);
    const b = placement(`course-b-${placements}`);
    const inA = await openAt(u, a);
    await completeAt(inA, answersWith(1)); // 80 %, the pass mark is 70 %
    await openAt(u, b);
    await deliverNow();
    expect([heldIn(a, u), heldIn(b, u)]).toEqual([80, 80]);

    const better = await postQuiz(inA, quizAnswers(mod));
    expect(better.text).toContain('100 % (5 of 5 correct)');
    await deliverNow();
    // Moodle took the new score (it refuses one that is not newer, in whole seconds).
    expect([heldIn(a, u), heldIn(b, u)]).toEqual([100, 100]);
    for (const p of [a, b]) {
      const rows = await gradesIn(p, u);
      expect(rows.map((r) => [r.score_given, r.status])).toEqual([
        ['80.00', 'delivered'],
        ['100.00', 'delivered'],
      ]);
      expect(Math.floor(rows[1]!.scored_at.getTime() / 1000)).toBeGreaterThan(
        Math.floor(rows[0]!.scored_at.getTime() / 1000),
      );
    }

    const callsBefore = t.lms.calls.scores.length;
    const worse = await postQuiz(inA, answersWith(2)); // 60 %
    expect(worse.text).toContain('60 % (3 of 5 correct)');
    // And the same best again, retaken through the other course.
    await postQuiz(await openAt(u, b), quizAnswers(mod));
    await deliverNow();
    expect(t.lms.calls.scores.length).toBe(callsBefore);
    expect([heldIn(a, u), heldIn(b, u)]).toEqual([100, 100]);
    expect((await gradesIn(a, u)).length + (await gradesIn(b, u)).length).toBe(4);
    expect(await entriesOf(u.sub)).toHaveLength(1);
    const overview = await get(inA, `/app/modules/${SLUG}`);
    expect(overview.text).toContain('100 %');
  });

  it('when two better retakes are submitted at once, then each placement gets one row', async () => {
    const u = user();
    const a = placement(`course-a-${placements}`);
    const b = placement(`course-b-${placements}`);
    const inA = await openAt(u, a);
    await completeAt(inA, answersWith(1));
    await openAt(u, b);
    const results = await Promise.all([
      postQuiz(inA, quizAnswers(mod)),
      postQuiz(inA, quizAnswers(mod)),
      postQuiz(inA, quizAnswers(mod)),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await deliverNow();
    for (const p of [a, b]) {
      expect((await gradesIn(p, u)).map((r) => r.score_given)).toEqual(['80.00', '100.00']);
      expect(heldIn(p, u)).toBe(100);
    }
  });
});
