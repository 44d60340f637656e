import type supertest from 'supertest';
import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  passSampleModule,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #19 item 4, after review: a certificate that no longer stands (revoked by an administrator, or its
// completion reversed) is never handed out as valid. The lists mark it, its PDF and badge answer 410 Gone with a
// page saying when and why, also when the PDF was downloaded before, and the public check page is unchanged.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-revoked-certificates';
const SLUG = 'dl-computer-basics';
const open = (u: LmsUser, o: { module?: string } = {}): Promise<Session> =>
  openSession(t, u, { course: COURSE, ...o });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const decoded = (s: string) => s.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

/** The response body as bytes, whatever its type. */
const binary = (req: supertest.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** A learner who completed the sample module and downloaded its certificate once: their session, entry, public id. */
async function certifiedLearner(name: string, locale: 'th' | 'en' = 'th') {
  const u = user({ name, locale });
  const s = await open(u, { module: SLUG });
  await passSampleModule(s, SLUG);
  const [row] = await t.db.query<{ id: number; person_id: number }>(
    `SELECT e.id, e.person_id FROM learning_entries e JOIN people p ON p.id = e.person_id
      WHERE p.platform_user_id = $1 AND e.source = 'module' AND e.kind = 'entry'`,
    [u.sub],
  );
  const entry = row!.id;
  const first = await binary(get(s, `/app/certificates/module/${entry}?in=th`));
  expect(first.status).toBe(200);
  expect((first.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  const [c] = await t.db.query<{ public_id: string }>(
    `SELECT public_id FROM certificates WHERE entry_root_id = $1`,
    [entry],
  );
  return { session: s, entry, personId: row!.person_id, publicId: c!.public_id };
}

/** A withdrawn certificate's answer: 410, an HTML page in the session, never PDF bytes. */
async function expectGone(s: Session, path: string) {
  const res = await binary(get(s, path));
  expect(res.status).toBe(410);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.headers['content-disposition']).toBeUndefined();
  expect(res.headers['cache-control']).toBe('no-store');
  const body = (res.body as Buffer).toString('utf8');
  expect(body).not.toContain('%PDF');
  // Framed inside the session: the app bar's home link carries the session.
  expect(body).toContain('data-testid="error-home"');
  return body;
}

describe('a certificate revoked by an administrator', () => {
  const REASON = 'ชื่อผู้เรียนสะกดผิด';
  let learner: Awaited<ReturnType<typeof certifiedLearner>>;
  let publicBefore: string;
  beforeAll(async () => {
    learner = await certifiedLearner('นางสาวเพิกถอน ทดสอบ');
    publicBefore = (await t.agent().get(`/certificates/${learner.publicId}?lang=th`)).text;
    const admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), name: 'Ada Admin', locale: 'en' }));
    const done = await postForm(admin, '/app/organisation/certificates/revoke', {
      certificate: learner.publicId,
      reason: REASON,
    });
    expect(done.status).toBe(303);
  });

  it('when the learner asks for its PDF again (downloaded before the revocation), then 410 in Thai with the date, the reason and the public check link, never the PDF', async () => {
    const body = await expectGone(learner.session, `/app/certificates/module/${learner.entry}?in=th`);
    expect(body).toContain('หนังสือรับรองนี้ถูกเพิกถอนแล้ว');
    expect(body).toMatch(/เพิกถอนหนังสือรับรอง “[^”]+” เมื่อวันที่ \d+ \S+ 25\d\d/);
    expect(body).toContain(`เหตุผล: ${REASON}`);
    expect(body).toContain('หนังสือรับรองที่ถูกเพิกถอนจะไม่ออกให้ใหม่');
    expect(decoded(body)).toContain(`href="/certificates/${learner.publicId}?lang=th"`);
  });

  it('when the learner’s session is in English, then the 410 page is in English; the English PDF and the badge are refused too', async () => {
    const en = await open(user({ ...learner.session.user, locale: 'en' }));
    const body = await expectGone(en, `/app/certificates/module/${learner.entry}?in=en`);
    expect(body).toContain('This certificate was revoked');
    expect(body).toMatch(/An administrator revoked the certificate “[^”]+” on \d+ \w+ 20\d\d\./);
    expect(body).toContain(`Reason: ${REASON}`);
    expect(decoded(body)).toContain(`href="/certificates/${learner.publicId}?lang=en"`);
    await expectGone(en, `/app/certificates/module/${learner.entry}?in=th`);
    const badge = await expectGone(en, `/app/certificates/module/${learner.entry}/badge?in=en`);
    expect(badge).not.toContain('/credentials/');
  });

  it('when the progress page is shown, then the certificate is marked revoked with the date and reason, and has no download link', async () => {
    const res = await get(learner.session, '/app/progress');
    expect(res.status).toBe(200);
    const text = decoded(res.text);
    expect(text).toContain('data-withdrawn="true"');
    expect(text).toContain(
      '<span class="status status-rejected" data-testid="certificate-withdrawn">ถูกเพิกถอน</span>',
    );
    expect(text).toMatch(/เพิกถอนเมื่อวันที่ \d+ \S+ 25\d\d/);
    expect(text).toContain(REASON);
    expect(text).toContain(`href="/certificates/${learner.publicId}?lang=th"`);
    expect(text).not.toContain(`/app/certificates/module/${learner.entry}?`);
    expect(text).not.toContain(`/app/certificates/module/${learner.entry}/badge`);
    expect(text).not.toContain('data-testid="certificates-none"');
  });

  it('when an instructor opens the learner record, then it is marked revoked, and the learner’s PDF is 410 for them too', async () => {
    const teacher = await open(user({ roles: [ROLE.instructor], name: 'Ian Instructor', locale: 'en' }));
    const record = await get(teacher, `/app/learners/${learner.personId}/record`);
    expect(record.status).toBe(200);
    const text = decoded(record.text);
    expect(text).toContain('data-testid="certificate-withdrawn">Revoked</span>');
    expect(text).toMatch(/Revoked on \d+ \w+ 20\d\d/);
    expect(text).toContain(REASON);
    expect(text).not.toContain(`/certificates/module/${learner.entry}?in=`);
    const body = await expectGone(
      teacher,
      `/app/learners/${learner.personId}/certificates/module/${learner.entry}?in=en`,
    );
    expect(body).toContain('This certificate was revoked');
  });

  it('when its completion still stands, then asking again issues no new certificate (no automatic re-issue) and the public page is unchanged', async () => {
    await expectGone(learner.session, `/app/certificates/module/${learner.entry}?in=th`);
    const rows = await t.db.query<{ public_id: string }>(
      `SELECT public_id FROM certificates WHERE entry_root_id = $1`,
      [learner.entry],
    );
    expect(rows).toEqual([{ public_id: learner.publicId }]);
    const res = await t.agent().get(`/certificates/${learner.publicId}?lang=th`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="certificate-revoked"');
    expect(res.text).toContain(REASON);
    expect(publicBefore).toContain('data-testid="certificate-valid"');
  });
});

describe('a certificate whose completion was reversed', () => {
  let learner: Awaited<ReturnType<typeof certifiedLearner>>;
  beforeAll(async () => {
    learner = await certifiedLearner('นายย้อนกลับ ทดสอบ');
    const teacher = await open(user({ roles: [ROLE.instructor], name: 'Rita Reviewer' }));
    const rev = await postForm(teacher, `/app/learners/${learner.personId}/record/${learner.entry}`, {
      action: 'reverse',
      reason: 'completed by mistake',
      hours: '',
      category: '',
    });
    expect(rev.status).toBe(303);
  });

  it('when its PDF is asked for again, then 410 in Thai and in English saying the completion was reversed, never the PDF', async () => {
    const th = await expectGone(learner.session, `/app/certificates/module/${learner.entry}?in=th`);
    expect(th).toContain('หนังสือรับรองนี้ใช้ไม่ได้แล้ว');
    expect(th).toMatch(/ถูกยกเลิกในบันทึกการเรียนรู้เมื่อวันที่ \d+ \S+ 25\d\d/);
    expect(decoded(th)).toContain(`href="/certificates/${learner.publicId}?lang=th"`);
    const en = await expectGone(
      await open(user({ ...learner.session.user, locale: 'en' })),
      `/app/certificates/module/${learner.entry}?in=en`,
    );
    expect(en).toContain('This certificate no longer stands');
    expect(en).toMatch(/was reversed in the learning record on \d+ \w+ 20\d\d\./);
  });

  it('when the progress page is shown, then the certificate is still listed, marked as reversed, with no download link', async () => {
    const text = decoded((await get(learner.session, '/app/progress')).text);
    expect(text).toContain('data-testid="certificate-withdrawn">การเรียนจบถูกยกเลิก</span>');
    expect(text).toContain(`href="/certificates/${learner.publicId}?lang=th"`);
    expect(text).not.toContain(`/app/certificates/module/${learner.entry}?`);
  });

  it('when the public page is checked, then it still says the completion was reversed', async () => {
    const res = await t.agent().get(`/certificates/${learner.publicId}?lang=en`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="certificate-revoked"');
    expect(res.text).toContain('was reversed in the learning record');
  });
});
