import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { withoutIsolates } from '../support/isolates';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #19 item 6: administrators import official results (the DG-SA self-assessment's level per skill set, TPQI
// certification with its number) from CSV: a preview of every row, nothing written until they confirm the exact
// previewed text, idempotent, undoable as a whole; a certification can meet an assessment's rule, and a DG-SA result
// counts as the self-assessment a rule asks for.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const IMPORT = '/app/organisation/official-results/import';
const HEADER = 'lms_user_id,kind,code,level,date,certificate_number';
const COURSE = 'course-official';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: COURSE });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const text = (html: string) =>
  withoutIsolates(html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
const today = () => bangkokToday();
/** Today as day/month/Buddhist-era year, as Thai staff type it. */
const todayThai = () => {
  const [y, m, d] = today().split('-').map(Number) as [number, number, number];
  return `${d}/${m}/${y + 543}`;
};
/** What an import could change: it must stay as it is until a confirm. */
const written = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*) FROM official_results)::int AS results,
              (SELECT count(*) FROM official_results WHERE current)::int AS current,
              (SELECT count(*) FROM official_result_imports)::int AS imports,
              (SELECT count(*) FROM audit_log)::int AS audit`,
    )
  )[0];
const decode = (v: string) =>
  v
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
/** The hidden fields of the preview's confirm form. */
const confirmForm = (html: string): Record<string, string> => {
  const form = /<form[^>]*import\/confirm[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no confirm form on the page');
  return Object.fromEntries(
    [...form[1]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      decode(m[2]!),
    ]),
  );
};
const preview = (s: Session, csv: string) => postForm(s, `${IMPORT}/preview`, { csv });
const upload = (s: Session, bytes: Buffer, name = 'results.csv') =>
  s.agent.post(withLtik(s, `${IMPORT}/preview`)).attach('file', bytes, name);
/** Previews and confirms a file; the confirm's answer. */
const importFile = async (s: Session, csv: string) => {
  const res = await preview(s, csv);
  expect(res.status).toBe(200);
  return postForm(s, `${IMPORT}/confirm`, confirmForm(res.text));
};
const resultsOf = (s: Session) =>
  t.db.query<{ kind: string; code: string; level: number; current: boolean; number: string | null }>(
    `SELECT o.kind, o.code, o.level, o.current, o.certificate_number AS number FROM official_results o
       JOIN people p ON p.id = o.person_id WHERE p.platform_user_id = $1 ORDER BY o.id`,
    [s.user.sub],
  );

let adminTh: Session;
let adminEn: Session;
let instructor: Session;
const people: Session[] = [];
beforeAll(async () => {
  adminTh = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th' }));
  adminEn = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }));
  instructor = await open(user({ roles: [ROLE.instructor], locale: 'th' }));
  for (let i = 0; i < 4; i += 1) people.push(await open(user({ roles: [ROLE.learner], locale: 'en' })));
});

describe('who may import', () => {
  it.each([
    ['a learner', () => people[0]!, 'Your role in this course does not allow this page.'],
    ['an instructor', () => instructor, 'บทบาทของคุณในรายวิชานี้ไม่สามารถเข้าถึงหน้านี้ได้'],
  ])(
    'when %s opens the page, the template, previews, confirms or undoes, then 403 and nothing is written',
    async (_, s, sentence) => {
      const before = await written();
      const page = await get(s(), IMPORT);
      expect(page.status).toBe(403);
      expect(page.text).toContain(sentence);
      expect((await get(s(), '/app/organisation/official-results/template.csv')).status).toBe(403);
      const csv = `${HEADER}\n${s().user.sub},tpqi_certification,DL,8,${today()},X1\n`;
      expect((await preview(s(), csv)).status).toBe(403);
      expect((await upload(s(), Buffer.from(csv))).status).toBe(403);
      const confirm = await postForm(s(), `${IMPORT}/confirm`, {
        text: csv,
        sha256: '0'.repeat(64),
        token: '00000000-0000-4000-8000-000000000000',
        expectedAdd: '1',
        expectedReplace: '0',
      });
      expect(confirm.status).toBe(403);
      expect((await postForm(s(), '/app/organisation/official-results/imports/1/undo', {})).status).toBe(403);
      expect(await written()).toEqual(before);
    },
  );
});

describe('the page and the preview: every row judged, nothing written', () => {
  it('when an administrator opens the page, then it says the columns, the dates, the levels and the codes, with a template', async () => {
    const page = text((await get(adminTh, IMPORT)).text);
    expect(page).toContain('วันที่: 2026-03-15 (ปี-เดือน-วัน เป็น ค.ศ.) หรือ 15/3/2569 (วัน/เดือน/ปี เป็น พ.ศ.)');
    expect(page).toContain('DG-SA ตั้งแต่ 0 (ยังไม่ถึง) ถึง 3');
    expect(page).toContain('DG-TNMQ-001 ใช้งานดิจิทัลขั้นต้น');
    const template = await get(adminEn, '/app/organisation/official-results/template.csv');
    expect(template.status).toBe(200);
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER);
  });

  const file = () =>
    [
      HEADER,
      `${people[0]!.user.sub},dg_sa,DL,2,${today()},`, // 2: will be added
      `nobody-here,dg_sa,DL,2,${today()},`, // 3: unknown person
      `${people[1]!.user.sub},dg_sa,NOPE,2,${today()},`, // 4: unknown code
      `${people[1]!.user.sub},dg_sa,DG,7,${today()},`, // 5: level out of range
      `${people[1]!.user.sub},dg_sa,DT,1,15/3/2026,`, // 6: a Christian year typed day first
      `${people[1]!.user.sub},tpqi_certification,DG-TNMQ-001,3,${today()},`, // 7: no certificate number
      `${people[2]!.user.sub},dg_sa,DPS,1,${today()},`, // 8: the same result as line 9
      `${people[2]!.user.email},dg_sa,dps,1,${todayThai()},`, // 9: the same as line 8, by e-mail and BE date
      `${people[3]!.user.sub},certificate,DL,1,${today()},`, // 10: unknown kind
      `${adminTh.user.sub},tpqi_certification,DL,8,${today()},X1`, // 11: the importer's own row (for adminTh)
    ].join('\r\n');

  it.each([
    [
      'th',
      () => adminTh,
      [
        'บรรทัด 3: ไม่พบบุคลากรของหน่วยงานที่มีรหัสผู้ใช้ LMS หรืออีเมลนี้',
        'บรรทัด 4: ไม่รู้จักรหัสนี้',
        'บรรทัด 5: ระดับต้องเป็นจำนวนเต็ม 0 ถึง 3',
        'บรรทัด 6: วันที่ต้องเป็น 2026-03-15 (ค.ศ.) หรือ 15/3/2569 (พ.ศ.)',
        'บรรทัด 7: การรับรองของ TPQI ต้องมีเลขที่ใบรับรอง',
        'บรรทัด 8: เป็นผลเดียวกับบรรทัด 9',
        'บรรทัด 9: เป็นผลเดียวกับบรรทัด 8',
        'บรรทัด 10: ประเภทต้องเป็น dg_sa หรือ tpqi_certification',
        'บรรทัด 11: เป็นตัวคุณเอง',
        'จะเพิ่ม 1 แถว แทนที่ 0 แถว ไม่เปลี่ยน 0 แถว ผิดพลาด 9 แถว',
      ],
    ],
    [
      'en',
      () => adminEn,
      [
        'Line 3: no one of the organisation has this LMS user id or e-mail address.',
        'Line 5: the level must be a whole number from 0 to 3.',
        'Line 6: the date must be 2026-03-15 (Christian era) or 15/3/2569 (Buddhist era).',
        'Line 7: a TPQI certification needs its certificate number.',
        'Line 9: the same result (person, kind, code and date) as on line 8.',
        '2 to add, 0 to replace, 0 unchanged, 8 with an error.',
      ],
    ],
  ])(
    'when a file has errors (%s), then each row says its outcome with its line, no confirm is offered, nothing written',
    async (_, s, sentences) => {
      const before = await written();
      const res = await preview(s(), file());
      expect(res.status).toBe(422);
      const page = text(res.text);
      for (const sentence of sentences) expect(page).toContain(sentence);
      expect(res.text).not.toContain('import/confirm');
      expect(res.text).toContain('data-testid="import-blocked"');
      expect(await written()).toEqual(before);
    },
  );

  it.each([
    [
      'the target-group header',
      'email,group\nx,SERV\n',
      'บรรทัดแรกต้องเป็นหัวคอลัมน์: lms_user_id',
      'The first line must be the header',
    ],
    ['nothing in it', '', 'เลือกไฟล์ หรือวางข้อความ', 'Choose a file or paste the text.'],
    ['an empty file uploaded', Buffer.alloc(0), 'ไฟล์ว่างเปล่า', 'The file is empty.'],
    ['a header only', `${HEADER}\n`, 'ไฟล์มีหัวคอลัมน์แต่ไม่มีผลการประเมิน', 'The file has a header but no result.'],
  ])(
    'when the file has %s, then 422 at the field in both languages, nothing written',
    async (_, csv, th, en) => {
      const before = await written();
      const send = (s: Session) => (typeof csv === 'string' ? preview(s, csv) : upload(s, csv));
      const resTh = await send(adminTh);
      expect(resTh.status).toBe(422);
      expect(resTh.text).toContain('data-testid="error-summary"');
      expect(text(resTh.text)).toContain(th);
      expect(text((await send(adminEn)).text)).toContain(en);
      expect(await written()).toEqual(before);
    },
  );

  it('when an administrator uploads a file over 1 MB, then 422 naming the limit (Thai and English), nothing written', async () => {
    const before = await written();
    const big = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.alloc(1_000_001, 0x61)]);
    const th = await upload(adminTh, big);
    expect(th.status).toBe(422);
    expect(text(th.text)).toContain('ไฟล์ใหญ่เกินไป (ไม่เกิน 1000000 ไบต์)');
    expect(text((await upload(adminEn, big)).text)).toContain(
      'The file is too large (at most 1000000 bytes).',
    );
    expect(await written()).toEqual(before);
  });
});

describe('the confirm, a re-import, a replacement and an undo', () => {
  it('when the text was changed after the preview, then 400 and nothing is written', async () => {
    const res = await preview(adminEn, `${HEADER}\n${people[0]!.user.sub},dg_sa,DL,2,${today()},\n`);
    const form = confirmForm(res.text);
    const before = await written();
    const tampered = await postForm(adminEn, `${IMPORT}/confirm`, {
      ...form,
      text: form.text!.replace(',2,', ',3,'),
    });
    expect(tampered.status).toBe(400);
    expect(await written()).toEqual(before);
  });

  it('when confirmed, then written once with its audit row; the same file again changes nothing; a new level replaces; undo restores', async () => {
    const csv = [
      HEADER,
      `${people[0]!.user.sub},dg_sa,DL,2,${today()},`,
      `${people[0]!.user.email},tpqi_certification,DG-TNMQ-001,3,${todayThai()},TPQI-2569-000123`,
    ].join('\r\n');
    const res = await preview(adminEn, csv);
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('2 to add, 0 to replace, 0 unchanged, 0 with an error.');
    const form = confirmForm(res.text);
    const auditBefore = (await written())!.audit as number;
    // Two confirms of one preview at once (a double click): written once.
    const answers = await Promise.all([
      postForm(adminEn, `${IMPORT}/confirm`, form),
      postForm(adminEn, `${IMPORT}/confirm`, form),
    ]);
    expect(answers.map((a) => /done=(\w+)/.exec(a.headers.location as string)?.[1]).sort()).toEqual([
      'already',
      'applied',
    ]);
    expect(await resultsOf(people[0]!)).toEqual([
      { kind: 'dg_sa', code: 'DL', level: 2, current: true, number: null },
      {
        kind: 'tpqi_certification',
        code: 'DG-TNMQ-001',
        level: 3,
        current: true,
        number: 'TPQI-2569-000123',
      },
    ]);
    expect((await written())!.audit).toBe(auditBefore + 1);
    const [audit] = await t.db.query<{ details: { added: number } }>(
      "SELECT details FROM audit_log WHERE action = 'official_results.imported'",
    );
    expect(audit!.details).toMatchObject({ added: 2, unchanged: 0 });
    expect(text((await get(adminEn, `${IMPORT}?done=applied&add=2&replace=0&unchanged=0`)).text)).toContain(
      'Imported: 2 added, 0 replaced, 0 unchanged.',
    );

    // The same file, previewed again: every row unchanged, nothing to confirm.
    const again = await preview(adminTh, csv);
    expect(again.status).toBe(200);
    expect(text(again.text)).toContain('จะเพิ่ม 0 แถว แทนที่ 0 แถว ไม่เปลี่ยน 2 แถว ผิดพลาด 0 แถว');
    expect(again.text).not.toContain('import/confirm');
    expect(again.text).toContain('data-testid="import-nothing"');

    // Another level for the same person, kind, code and date replaces it; the old one is kept, not current.
    const replace = await importFile(adminEn, `${HEADER}\n${people[0]!.user.sub},dg_sa,DL,3,${today()},\n`);
    expect(replace.headers.location).toContain('done=applied&add=0&replace=1');
    expect(await resultsOf(people[0]!)).toEqual([
      { kind: 'dg_sa', code: 'DL', level: 2, current: false, number: null },
      {
        kind: 'tpqi_certification',
        code: 'DG-TNMQ-001',
        level: 3,
        current: true,
        number: 'TPQI-2569-000123',
      },
      { kind: 'dg_sa', code: 'DL', level: 3, current: true, number: null },
    ]);
    const [first, second] = await t.db.query<{ id: number }>(
      'SELECT id FROM official_result_imports ORDER BY id',
    );
    // The first import cannot be undone while the second replaced one of its results.
    const refused = await postForm(
      adminEn,
      `/app/organisation/official-results/imports/${first!.id}/undo`,
      {},
    );
    expect(refused.headers.location).toContain('done=undoLater');
    expect(text((await adminEn.agent.get(refused.headers.location as string)).text)).toContain(
      'A later import replaced some of its results: undo that import first.',
    );
    // Undo the second: level 2 is current again; then the first: nothing of it counts.
    const undo = await postForm(adminEn, `/app/organisation/official-results/imports/${second!.id}/undo`, {});
    expect(undo.headers.location).toContain('done=undone');
    expect((await resultsOf(people[0]!)).filter((r) => r.current)).toEqual([
      { kind: 'dg_sa', code: 'DL', level: 2, current: true, number: null },
      {
        kind: 'tpqi_certification',
        code: 'DG-TNMQ-001',
        level: 3,
        current: true,
        number: 'TPQI-2569-000123',
      },
    ]);
    await postForm(adminEn, `/app/organisation/official-results/imports/${first!.id}/undo`, {});
    expect((await resultsOf(people[0]!)).filter((r) => r.current)).toEqual([]);
    const twice = await postForm(adminEn, `/app/organisation/official-results/imports/${first!.id}/undo`, {});
    expect(twice.headers.location).toContain('done=undoAlready');
    expect(
      await t.db.query("SELECT subject FROM audit_log WHERE action = 'official_results.undone' ORDER BY id"),
    ).toEqual([{ subject: String(second!.id) }, { subject: String(first!.id) }]);
    // The list says which imports were undone.
    const list = text((await get(adminEn, IMPORT)).text);
    expect(list).toContain('Undone on');
    expect(
      (await postForm(adminEn, '/app/organisation/official-results/imports/999999/undo', {})).status,
    ).toBe(404);
  });
});

describe('a certification meets the rule; a DG-SA result counts as the self-assessment', () => {
  const press = (s: Session, html: string, button: string) => {
    const form = browserFormEntries(html, { name: 'action', value: button });
    return s.agent.post(form.action).type('form').send(urlencoded(form.entries));
  };
  const verdict = async (s: Session) => {
    const page = (await get(s, '/app/progress')).text;
    const at = page.indexOf('data-assessment="TPQI-DL"');
    return text(page.slice(at, page.indexOf('</li>', page.indexOf('</ul>', at))));
  };

  it("when the organisation's rule asks TPQI level 3 in Digital Literacy and a recent self-assessment, then an import makes the learner eligible", async () => {
    const learner = people[3]!;
    await postForm(learner, '/app/progress/target', { group: 'SERV', stage: 'EARLY' });
    const form = await get(adminEn, '/app/assessments/TPQI-DL/*?scope=organisation');
    expect(form.text).toContain('id="cert-DG-TNMQ-001"');
    const ask = await postForm(adminEn, '/app/assessments/TPQI-DL/*', {
      scope: 'organisation',
      'cert.DL': '3',
      selfAssessment: '12',
    });
    // It drops the shipped hours and modules: confirmed as any looser rule is.
    expect(ask.status).toBe(200);
    expect((await press(adminEn, ask.text, 'confirm-save')).status).toBe(303);
    const before = await verdict(learner);
    expect(before).toContain('data-eligible="no"');
    expect(before).toContain('Get TPQI certification in DL at level 3 or above.');
    expect(before).toContain('Complete a self-assessment (within 12 months).');
    // A certification below the level says what is held.
    await importFile(adminEn, `${HEADER}\n${learner.user.sub},tpqi_certification,DL,2,${today()},N-1\n`);
    const dbg = await get(learner, '/app/progress');
    if (!dbg.text.includes('TPQI-DL')) throw new Error(dbg.status + dbg.text.slice(0, 3000));
    expect(await verdict(learner)).toContain('(yours is level 2)');
    // A unit of Digital Literacy at level 3, and the DG-SA taken today: eligible, recorded without a page view.
    await importFile(
      adminEn,
      `${HEADER}\n${learner.user.sub},tpqi_certification,DG-TNMQ-001,3,${today()},N-2\n${learner.user.sub},dg_sa,DG,1,${today()},\n`,
    );
    const [first] = await t.db.query(
      `SELECT f.assessment_code FROM eligibility_firsts f JOIN people p ON p.id = f.person_id
        WHERE p.platform_user_id = $1 AND f.assessment_code = 'TPQI-DL'`,
      [learner.user.sub],
    );
    expect(first).toBeDefined();
    expect(await verdict(learner)).toContain('data-eligible="yes"');
    // The progress page lists them beside the tool's own self-assessment, dated in the Buddhist era in Thai.
    const th = await open({ ...learner.user, locale: 'th' });
    const page = text((await get(th, '/app/progress')).text);
    expect(page).toContain('แบบประเมินตนเองของระบบ: ยังไม่ได้ทำ');
    expect(page).toContain('การรับรองสมรรถนะ TPQI DG-TNMQ-001 3');
    expect(page).toContain(String(Number(today().slice(0, 4)) + 543));
    // So does the instructor's view of their record.
    const [{ id }] = (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      learner.user.sub,
    ])) as [{ id: number }];
    const record = text((await get(instructor, `/app/learners/${id}/record`)).text);
    expect(record).toContain('ผลอย่างเป็นทางการ');
    expect(record).toContain('N-2');
  });
});
