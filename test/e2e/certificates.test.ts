import { PDFParse } from 'pdf-parse';
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
import { formatDate } from '../../src/i18n/i18n';
import { browserFormEntries, urlencoded } from '../support/html-form';

// Issue #19 item 4: completion certificates as PDF in Thai and English, a public page that checks them, and the
// administrators' signatory and revocations.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-certificates';
const SLUG = 'dl-computer-basics';
const TITLE_TH = 'การใช้งานคอมพิวเตอร์และการจัดการไฟล์ในงานราชการ';
const TITLE_EN = 'Using a Computer and Managing Files at Work';
const NAME_TH = 'นางสาวกำไลทิพย์ ที่นี้สิ้นสุด';
const open = (u: LmsUser, o: { module?: string } = {}): Promise<Session> =>
  openSession(t, u, { course: COURSE, ...o });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));

/** The response body as bytes, whatever its type. */
const binary = (req: supertest.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/**
 * The PDF's text layer, NFKC-normalised: sara am is written as nikhahit + sara aa (its compatibility
 * decomposition; src/http/certificate-pdf.ts says why), so the expected Thai is compared in the same form (`th`).
 */
async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.normalize('NFKC');
  } finally {
    await parser.destroy();
  }
}

/** The entry id of the person's completion of the module (the download link's key). */
async function completionOf(sub: string): Promise<number> {
  const [row] = await t.db.query<{ id: number }>(
    `SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id
      WHERE p.platform_user_id = $1 AND e.source = 'module' AND e.kind = 'entry'`,
    [sub],
  );
  return row!.id;
}

/** The id of the person an LMS user is in the tool. */
async function personOf(sub: string): Promise<number> {
  const [p] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]);
  return p!.id;
}

/** The public id in a certificate PDF's verification link. */
const publicIdIn = (text: string) =>
  /\/certificates\/([A-Za-z0-9_-]{22})/.exec(text.replace(/\s+/g, ''))?.[1];
/** A page's text with the entities handlebars writes in attributes decoded. */
const decoded = (s: string) => s.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
/** Thai as the PDF's text layer gives it back (see pdfText). */
const th = (s: string) => s.normalize('NFKC');

let learner: Session;
let learnerSub: string;
let entry: number;
beforeAll(async () => {
  const u = user({ name: NAME_TH, locale: 'th' });
  learnerSub = u.sub;
  learner = await open(u, { module: SLUG });
  await passSampleModule(learner, SLUG);
  entry = await completionOf(u.sub);
});

describe('downloading a completion certificate', () => {
  it('when a learner downloads the Thai PDF, then it names them, the module and the Buddhist-era date, with a verification link', async () => {
    const res = await binary(get(learner, `/app/certificates/module/${entry}?in=th`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="certificate-[A-Za-z0-9_-]{22}-th\.pdf"$/,
    );
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(body);
    expect(text).toContain(th(NAME_TH));
    expect(text).toContain(th(TITLE_TH));
    expect(text).toContain(th('หนังสือรับรองการเรียนจบบทเรียน'));
    const [row] = await t.db.query<{ on: string }>(
      `SELECT occurred_on::text AS on FROM learning_entries WHERE id = $1`,
      [entry],
    );
    const thaiDate = formatDate('th', new Date(`${row!.on}T12:00:00+07:00`));
    expect(thaiDate).toMatch(/25\d\d$/);
    expect(text).toContain(th(thaiDate));
    // Not to be mistaken for TPQI's certificate.
    expect(text).toContain(th('มิใช่ประกาศนียบัตรรับรองสมรรถนะ'));
    expect(publicIdIn(text)).toBeDefined();
  });

  it('when the same certificate is asked for again, in English, then it is the same certificate (one row, one public id) with the Gregorian date', async () => {
    const th = await pdfText(
      (await binary(get(learner, `/app/certificates/module/${entry}?in=th`))).body as Buffer,
    );
    const en = await pdfText(
      (await binary(get(learner, `/app/certificates/module/${entry}?in=en`))).body as Buffer,
    );
    expect(publicIdIn(en)).toBe(publicIdIn(th));
    expect(en).toContain(TITLE_EN);
    expect(en).toContain('Certificate of Module Completion');
    expect(en).toMatch(/20\d\d/);
    const rows = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM certificates WHERE entry_root_id = $1`,
      [entry],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('when the progress page is shown, then it lists the certificate with a PDF link in each language', async () => {
    const res = await get(learner, '/app/progress');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="certificates"');
    expect(decoded(res.text)).toContain(`/app/certificates/module/${entry}?in=th&ltik=`);
    expect(decoded(res.text)).toContain(`/app/certificates/module/${entry}?in=en&ltik=`);
  });

  it("when another learner asks for someone else's certificate, then 404 and nothing is issued", async () => {
    const other = await open(user({ name: 'Other Learner' }));
    const before = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates`);
    const res = await get(other, `/app/certificates/module/${entry}?in=th`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('ไม่พบการเรียนจบบทเรียนนี้ในบันทึกการเรียนรู้');
    const after = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await get(other, `/app/certificates/module/not-a-number`)).status).toBe(404);
  });

  it('when an instructor of the course opens the learner record, then they can download the learner’s certificate; an instructor of another course cannot', async () => {
    const teacher = await open(user({ roles: [ROLE.instructor], name: 'Ian Instructor' }));
    const [p] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      learnerSub,
    ]);
    const record = await get(teacher, `/app/learners/${p!.id}/record`);
    expect(record.status).toBe(200);
    expect(decoded(record.text)).toContain(`/app/learners/${p!.id}/certificates/module/${entry}?in=th`);
    const pdf = await binary(get(teacher, `/app/learners/${p!.id}/certificates/module/${entry}?in=en`));
    expect(pdf.status).toBe(200);
    expect(await pdfText(pdf.body as Buffer)).toContain(th(NAME_TH));

    const elsewhere = await openSession(t, user({ roles: [ROLE.instructor] }), { course: 'another-course' });
    expect((await get(elsewhere, `/app/learners/${p!.id}/certificates/module/${entry}?in=th`)).status).toBe(
      404,
    );
    expect((await get(learner, `/app/learners/${p!.id}/certificates/module/${entry}?in=th`)).status).toBe(
      403,
    );
  });
});

describe('the public verification page', () => {
  let publicId: string;
  beforeAll(async () => {
    const text = await pdfText(
      (await binary(get(learner, `/app/certificates/module/${entry}?in=th`))).body as Buffer,
    );
    publicId = publicIdIn(text)!;
  });

  it('when a valid certificate is checked without a session, then it says who, what, when and which organisation, without the email, not indexed', async () => {
    const res = await t.agent().get(`/certificates/${publicId}`).set('Accept-Language', 'th');
    expect(res.status).toBe(200);
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(res.text).toContain('data-testid="certificate-valid"');
    expect(res.text).toContain(NAME_TH);
    expect(res.text).toContain(TITLE_TH);
    expect(res.text).not.toContain('@example.go.th');
    expect(res.text).not.toContain(learnerSub);
    const en = await t.agent().get(`/certificates/${publicId}?lang=en`);
    expect(en.text).toContain('This certificate is genuine');
    expect(en.text).toContain(TITLE_EN);
    expect(decoded(en.text)).toContain(`/certificates/${publicId}?lang=th`);
  });

  it('when an unknown or malformed id is checked, then 404 "not found" in the reader’s language', async () => {
    const unknown = await t.agent().get('/certificates/AAAAAAAAAAAAAAAAAAAAAA?lang=en');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Certificate not found');
    const malformed = await t.agent().get('/certificates/%27%3B--?lang=th');
    expect(malformed.status).toBe(404);
    expect(malformed.text).toContain('ไม่พบหนังสือรับรอง');
  });

  it('when an administrator revokes it with a reason, then the page says revoked with the date and reason, and the revocation is audited', async () => {
    const admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), name: 'Ada Admin', locale: 'en' }));
    const page = await get(admin, '/app/organisation/certificates');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-certificate="${publicId}"`);
    expect(page.text).toContain('Signatory not set: certificates carry no signature line.');

    const empty = await postForm(admin, '/app/organisation/certificates/revoke', {
      certificate: publicId,
      reason: ' ',
    });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Give a reason for revoking.');
    expect(
      (
        await t.db.query(`SELECT 1 FROM certificates WHERE public_id = $1 AND revoked_at IS NOT NULL`, [
          publicId,
        ])
      ).length,
    ).toBe(0);

    const learnerTries = await postForm(learner, '/app/organisation/certificates/revoke', {
      certificate: publicId,
      reason: 'mine',
    });
    expect(learnerTries.status).toBe(403);

    const done = await postForm(admin, '/app/organisation/certificates/revoke', {
      certificate: publicId,
      reason: 'Issued in error',
    });
    expect(done.status).toBe(303);
    const audit = await t.db.query<{ subject: string; details: { reason: string } }>(
      `SELECT subject, details FROM audit_log WHERE action = 'certificate.revoked'`,
    );
    expect(audit).toEqual([{ subject: publicId, details: { reason: 'Issued in error' } }]);

    const res = await t.agent().get(`/certificates/${publicId}?lang=en`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="certificate-revoked"');
    expect(res.text).toMatch(/This certificate was revoked on \d+ \w+ 20\d\d\./);
    expect(res.text).toContain('Issued in error');

    const again = await postForm(admin, '/app/organisation/certificates/revoke', {
      certificate: publicId,
      reason: 'twice',
    });
    expect(again.status).toBe(303);
    expect(again.headers.location).toContain('done=alreadyRevoked');
  });
});

describe('the signatory and a reversed completion', () => {
  it('when an administrator sets the signatory, then it is audited and later certificates carry it; a position without a name is refused', async () => {
    const admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), name: 'Ada Admin', locale: 'th' }));
    const bad = await postForm(admin, '/app/organisation/certificates', {
      organisationTh: '',
      organisationEn: '',
      signatoryName: '',
      signatoryPositionTh: 'ผู้อำนวยการ',
      signatoryPositionEn: '',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('ระบุชื่อผู้ลงนามด้วย');
    expect((await t.db.query(`SELECT 1 FROM certificate_settings`)).length).toBe(0);

    const ok = await postForm(admin, '/app/organisation/certificates', {
      organisationTh: 'สำนักงานปลัดกระทรวงมหาดไทย',
      organisationEn: 'Office of the Permanent Secretary, Ministry of Interior',
      signatoryName: 'นายสมชาย ผู้นำดี',
      signatoryPositionTh: 'ผู้อำนวยการกองการเจ้าหน้าที่',
      signatoryPositionEn: 'Director of Personnel',
    });
    expect(ok.status).toBe(303);
    const audit = await t.db.query<{ details: { after: Record<string, string> } }>(
      `SELECT details FROM audit_log WHERE action = 'certificate.settings_changed'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details.after.signatoryName).toBe('นายสมชาย ผู้นำดี');

    const u = user({ name: 'สมศักดิ์ ใฝ่รู้' });
    const s = await open(u, { module: SLUG });
    await passSampleModule(s, SLUG);
    const e = await completionOf(u.sub);
    const text = await pdfText((await binary(get(s, `/app/certificates/module/${e}?in=th`))).body as Buffer);
    expect(text).toContain(th('(นายสมชาย ผู้นำดี)'));
    expect(text).toContain(th('ผู้อำนวยการกองการเจ้าหน้าที่'));
    expect(text).toContain(th('สำนักงานปลัดกระทรวงมหาดไทย'));
  });

  it('when an instructor reverses the completion, then its certificate shows as revoked on the public page and is marked so in the learner’s list, with no download', async () => {
    const u = user({ name: 'สมใจ ทดสอบ' });
    const s = await open(u, { module: SLUG });
    await passSampleModule(s, SLUG);
    const e = await completionOf(u.sub);
    const text = await pdfText((await binary(get(s, `/app/certificates/module/${e}?in=en`))).body as Buffer);
    const id = publicIdIn(text)!;
    const teacher = await open(user({ roles: [ROLE.instructor], name: 'Rita Reviewer' }));
    const [p] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      u.sub,
    ]);
    const rev = await postForm(teacher, `/app/learners/${p!.id}/record/${e}`, {
      action: 'reverse',
      reason: 'completed by mistake',
      hours: '',
      category: '',
    });
    expect(rev.status).toBe(303);
    const res = await t.agent().get(`/certificates/${id}?lang=en`);
    expect(res.text).toContain('data-testid="certificate-revoked"');
    expect(res.text).toContain('was reversed in the learning record');
    const progress = await get(s, '/app/progress');
    expect(decoded(progress.text)).not.toContain(`/app/certificates/module/${e}?`);
    expect(progress.text).toContain('data-testid="certificate-withdrawn"');
  });
});

describe('the eligibility certificate of a fiscal year', () => {
  const ASSESSMENT_TH = 'การประเมินมาตรฐานสมรรถนะด้านการใช้ดิจิทัล (Digital Literacy)';
  let eligible: Session;
  beforeAll(async () => {
    // The organisation's rule lowered to 1 hour of Digital Literacy through the rules page (asked, then confirmed,
    // as an administrator does), so that one module completion makes a learner eligible.
    const admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), name: 'Ada Admin', locale: 'en' }));
    const ask = await postForm(admin, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'skill.DL.min': '1',
    });
    const form = browserFormEntries(ask.text, { name: 'action', value: 'confirm-save' });
    expect((await admin.agent.post(form.action).type('form').send(urlencoded(form.entries))).status).toBe(
      303,
    );
    eligible = await open(user({ name: 'นายคำนึง ที่นี่' }), { module: SLUG });
    await postForm(eligible, '/app/progress/target', { group: 'ACAD', stage: 'DEVELOPING' });
    await passSampleModule(eligible, SLUG);
  });

  it('when a learner is eligible, then progress lists the certificate and its Thai PDF names the assessment and the fiscal year, issued once', async () => {
    const progress = await get(eligible, '/app/progress');
    expect(decoded(progress.text)).toContain('/app/certificates/assessment/TPQI-DL?in=th&ltik=');
    const first = await binary(get(eligible, '/app/certificates/assessment/TPQI-DL?in=th'));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(first.body as Buffer);
    expect(text).toContain(th('หนังสือรับรองผู้มีสิทธิ์เข้ารับการประเมิน'));
    expect(text).toContain(th(ASSESSMENT_TH));
    expect(text).toContain(th('นายคำนึง ที่นี่'));
    expect(text).toMatch(/ปีงบประมาณ 25\d\d/);
    const again = await pdfText(
      (await binary(get(eligible, '/app/certificates/assessment/TPQI-DL?in=en'))).body as Buffer,
    );
    expect(publicIdIn(again)).toBe(publicIdIn(text));
    expect(again).toContain('Certificate of Eligibility for Assessment');
    const rows = await t.db.query<{ fiscal_year: number }>(
      `SELECT fiscal_year FROM certificates WHERE kind = 'assessment' AND assessment_code = 'TPQI-DL'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('when a learner is not eligible, or the assessment does not exist, then a page says so and nothing is issued', async () => {
    const notYet = await open(user({ name: 'ยังไม่ ถึงเกณฑ์', locale: 'en' }));
    const res = await get(notYet, '/app/certificates/assessment/TPQI-DL?in=en');
    expect(res.status).toBe(422);
    expect(res.text).toContain('You are not eligible for this assessment yet');
    expect((await get(notYet, '/app/certificates/assessment/NO-SUCH?in=en')).status).toBe(404);
    expect((await get(notYet, '/app/certificates/assessment/%3Cx%3E?in=en')).status).toBe(404);
    const [p] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      notYet.user.sub,
    ]);
    expect(await t.db.query('SELECT 1 FROM certificates WHERE person_id = $1', [p!.id])).toHaveLength(0);
  });

  // Review of session 10: the learner's progress listed the eligibility certificate, the instructor's view of the
  // same learner only the completion, under an intro promising both and addressing the instructor as "you".
  it('when an instructor opens an eligible learner’s record, then it lists the same certificates as the learner’s progress, worded for the instructor, and the PDF downloads', async () => {
    const personId = await personOf(eligible.user.sub);
    const path = `/app/learners/${personId}/certificates/assessment/TPQI-DL`;
    const teacher = await open(user({ roles: [ROLE.instructor], name: 'Ida Instructor', locale: 'en' }));
    const record = await get(teacher, `/app/learners/${personId}/record`);
    expect(record.status).toBe(200);
    expect(decoded(record.text)).toContain(`${path}?in=th&ltik=`);
    expect(decoded(record.text)).toContain(`${path}/badge?in=en&ltik=`);
    const progress = await get(eligible, '/app/progress');
    const listed = (html: string) => html.match(/data-testid="certificate"/g)?.length;
    expect(listed(record.text)).toBe(2);
    expect(listed(record.text)).toBe(listed(progress.text));
    expect(record.text).toContain('Certificates: 2');
    expect(record.text).toContain('each assessment they are eligible for');
    expect(record.text).not.toContain('you are eligible');
    const thai = await open(user({ roles: [ROLE.instructor], locale: 'th' }));
    const recordTh = await get(thai, `/app/learners/${personId}/record`);
    expect(recordTh.text).toContain('2 ฉบับ');
    expect(recordTh.text).toContain('ที่ผู้เรียนคนนี้เรียนจบ');

    const learnersOwn = await pdfText(
      (await binary(get(eligible, '/app/certificates/assessment/TPQI-DL?in=th'))).body as Buffer,
    );
    const pdf = await binary(get(teacher, `${path}?in=th`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(publicIdIn(await pdfText(pdf.body as Buffer))).toBe(publicIdIn(learnersOwn));

    const elsewhere = await openSession(t, user({ roles: [ROLE.instructor] }), { course: 'another-course' });
    expect((await get(elsewhere, `${path}?in=th`)).status).toBe(404);
    expect((await get(eligible, `${path}?in=th`)).status).toBe(403);
    const notYet = await open(user({ name: 'ยังไม่ ครบชั่วโมง' }));
    const refused = await get(
      teacher,
      `/app/learners/${await personOf(notYet.user.sub)}/certificates/assessment/TPQI-DL?in=en`,
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('This learner is not eligible for this assessment yet');
    expect(
      await t.db.query('SELECT 1 FROM certificates WHERE person_id = $1', [await personOf(notYet.user.sub)]),
    ).toHaveLength(0);
  });

  it('when an eligibility certificate is revoked, then the instructor’s view of the learner marks it revoked, with no download', async () => {
    const personId = await personOf(eligible.user.sub);
    const [c] = await t.db.query<{ public_id: string }>(
      `SELECT public_id FROM certificates WHERE person_id = $1 AND kind = 'assessment'`,
      [personId],
    );
    const admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), name: 'Ada Admin', locale: 'en' }));
    const done = await postForm(admin, '/app/organisation/certificates/revoke', {
      certificate: c!.public_id,
      reason: 'Rule lowered by mistake',
    });
    expect(done.status).toBe(303);
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
    const record = await get(teacher, `/app/learners/${personId}/record`);
    expect(record.text).toContain('data-withdrawn="true"');
    expect(record.text).toContain('Rule lowered by mistake');
    expect(decoded(record.text)).not.toContain(
      `/app/learners/${personId}/certificates/assessment/TPQI-DL?in=th`,
    );
    expect(
      (await get(teacher, `/app/learners/${personId}/certificates/assessment/TPQI-DL?in=th`)).status,
    ).toBe(410);
  });
});
