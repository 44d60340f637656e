import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #18 item 7: administrators import target groups from a CSV file (LMS user id or e-mail address, group,
// optionally a second group): a preview of every row, nothing written until they confirm the exact previewed text,
// once, in one transaction, and only when no row has an error.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const IMPORT = '/app/organisation/target-groups/import';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: 'course-import' });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
/** What an import could change: it must stay as it is until a confirm. */
const written = async () =>
  (
    await t.db.query(
      `SELECT (SELECT string_agg(coalesce(target_group, '-') || ':' || target_state, ',' ORDER BY id) FROM people) AS groups,
              (SELECT count(*) FROM second_target_groups)::int AS seconds,
              (SELECT count(*) FROM target_group_imports)::int AS imports,
              (SELECT count(*) FROM audit_log)::int AS audit`,
    )
  )[0];
/** The hidden fields of the preview's confirm form. */
const confirmForm = (html: string): Record<string, string> => {
  const form = /<form[^>]*import\/confirm[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no confirm form on the page');
  const decode = (v: string) =>
    v
      .replace(/&#x3D;/g, '=')
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#x60;/g, '`')
      .replace(/&amp;/g, '&');
  return Object.fromEntries(
    [...form[1]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      decode(m[2]!),
    ]),
  );
};
const preview = (s: Session, csv: string) => postForm(s, `${IMPORT}/preview`, { csv });
const upload = (s: Session, bytes: Buffer, name = 'groups.csv') =>
  s.agent.post(withLtik(s, `${IMPORT}/preview`)).attach('file', bytes, name);

let adminTh: Session;
let adminEn: Session;
let learner: Session;
let instructor: Session;
const people: Session[] = [];
beforeAll(async () => {
  adminTh = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th' }));
  adminEn = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }));
  learner = await open(user({ roles: [ROLE.learner], locale: 'en' }));
  instructor = await open(user({ roles: [ROLE.instructor], locale: 'th' }));
  for (let i = 0; i < 4; i += 1) people.push(await open(user({ roles: [ROLE.learner] })));
  // Two people share an e-mail address (the LMS allows it).
  await t.db.query("UPDATE people SET email = 'shared@example.go.th' WHERE platform_user_id = ANY($1)", [
    [people[2]!.user.sub, people[3]!.user.sub],
  ]);
});

describe('who may import', () => {
  it.each([
    ['a learner', () => learner, 'Your role in this course does not allow this page.'],
    ['an instructor', () => instructor, 'บทบาทของคุณในรายวิชานี้ไม่สามารถเข้าถึงหน้านี้ได้'],
  ])(
    'when %s opens the page, previews or confirms, then 403 and nothing is written',
    async (_, s, sentence) => {
      const before = await written();
      const page = await get(s(), IMPORT);
      expect(page.status).toBe(403);
      expect(page.text).toContain(sentence);
      expect((await preview(s(), `lms_user_id,group\n${s().user.sub},EXEC\n`)).status).toBe(403);
      expect((await upload(s(), Buffer.from(`lms_user_id,group\n${s().user.sub},EXEC\n`))).status).toBe(403);
      const confirm = await postForm(s(), `${IMPORT}/confirm`, {
        text: `lms_user_id,group\n${s().user.sub},EXEC\n`,
        sha256: '0'.repeat(64),
        token: '00000000-0000-4000-8000-000000000000',
        expectedSet: '1',
      });
      expect(confirm.status).toBe(403);
      expect(await written()).toEqual(before);
    },
  );
});

describe('the preview: every row judged, nothing written', () => {
  it('when an administrator opens the page, then it says the columns, the encoding and the group codes', async () => {
    const page = text((await get(adminTh, IMPORT)).text);
    expect(page).toContain('บันทึกไฟล์เป็น "CSV UTF-8"');
    expect(page).toContain('SERV ผู้ทำงานด้านบริการ');
  });

  const file = () =>
    [
      'lms_user_id,group,second_group',
      `${people[0]!.user.sub},SERV,TECH`, // 2: will be set
      'nobody-here,SERV,', // 3: unknown person
      `${people[1]!.user.sub},NOPE,`, // 4: unknown group
      `${people[1]!.user.email!.toUpperCase()},ACAD,`, // 5: the same person as line 4, by e-mail
      'shared@example.go.th,ACAD,', // 6: two people have this address
      `${people[0]!.user.sub.replace(/./, 'x')},SERV,`, // 7: unknown person
      `,SERV,`, // 8: empty person
      `${adminTh.user.sub},EXEC,`, // 9: the importer's own row (for adminTh)
      `${people[2]!.user.sub},SERV,SERV`, // 10: second group same as first
      `${people[3]!.user.sub},,`, // 11: empty group
    ].join('\r\n');

  it.each([
    [
      'th',
      () => adminTh,
      [
        'บรรทัด 3: ไม่พบบุคลากรของหน่วยงานที่มีรหัสผู้ใช้ LMS หรืออีเมลนี้',
        'บรรทัด 4: เป็นคนเดียวกับบรรทัด 5',
        'บรรทัด 5: เป็นคนเดียวกับบรรทัด 4',
        'บรรทัด 6: มีบุคลากรมากกว่าหนึ่งคนใช้อีเมลนี้',
        'บรรทัด 8: ไม่มีรหัสผู้ใช้ LMS หรืออีเมล',
        'บรรทัด 9: เป็นตัวคุณเอง',
        'บรรทัด 10: กลุ่มที่สองซ้ำกับกลุ่มแรก',
        'บรรทัด 11: ไม่มีรหัสกลุ่ม',
        'จะกำหนด 1 แถว ไม่เปลี่ยน 0 แถว ผิดพลาด 9 แถว',
      ],
    ],
    [
      'en',
      () => adminEn,
      [
        'Line 3: no one of the organisation has this LMS user id or e-mail address',
        'Line 4: the same person as on line 5',
        'Line 6: two or more people have this e-mail address',
        'Line 8: the LMS user id or e-mail address is empty.',
        'Line 10: the second group is the same as the first.',
        'Line 11: the group code is empty.',
        '2 row(s) will be set, 0 unchanged, 8 with an error.',
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

  it('when a file has an unknown group, then that row names the value and the codes there are (Thai and English)', async () => {
    const csv = `email,group,second_group\n${people[0]!.user.email},serv\n${people[1]!.user.email},SERV,Nobody\n`;
    const codes = 'EXEC, MGMT, ACAD, SERV, TECH, OTHER';
    const th = text((await preview(adminTh, csv)).text);
    expect(th).toContain(`บรรทัด 2: ไม่รู้จักกลุ่ม “serv”: ใช้รหัส ${codes} หรือชื่อกลุ่ม`);
    expect(th).toContain(`บรรทัด 3: ไม่รู้จักกลุ่มที่สอง “Nobody”: ใช้รหัส ${codes} หรือชื่อกลุ่ม`);
    const en = text((await preview(adminEn, csv)).text);
    expect(en).toContain(`Line 2: unknown group “serv”: use a code (${codes}) or a group’s name.`);
    expect(en).toContain(`Line 3: unknown second group “Nobody”: use a code (${codes}) or a group’s name.`);
  });

  // Review of session 10: a file naming the group as every drop-down shows it was refused as an unknown code.
  it('when a file names the groups by their Thai or English names, then they are read as those groups', async () => {
    const csv = `email,group,second_group\n${people[0]!.user.email},ผู้ทำงานด้านบริการ,technology specialist\n${people[1]!.user.email}, Academic ,\n`;
    const res = await preview(adminEn, csv);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('2 row(s) will be set, 0 unchanged, 0 with an error.');
    expect(page).toContain('Service');
    expect(page).toContain('Technology Specialist');
    expect(res.text).toContain('import/confirm');
  });

  // Review of session 10: "Preview" on an empty form said "or paste text: the file is empty".
  it('when Preview is pressed with neither a file nor text, then 422 asks for one, at the file field (Thai and English)', async () => {
    const before = await written();
    // As a browser sends the form with no file chosen: a file part with an empty name, and an empty text.
    const emptyForm = (s: Session) =>
      s.agent
        .post(withLtik(s, `${IMPORT}/preview`))
        .set('Content-Type', 'multipart/form-data; boundary=b0undary')
        .send(
          [
            '--b0undary',
            'Content-Disposition: form-data; name="file"; filename=""',
            'Content-Type: application/octet-stream',
            '',
            '',
            '--b0undary',
            'Content-Disposition: form-data; name="csv"',
            '',
            '',
            '--b0undary--',
            '',
          ].join('\r\n'),
        );
    const th = await emptyForm(adminTh);
    expect(th.status).toBe(422);
    expect(text(th.text)).toContain('ไฟล์ CSV: เลือกไฟล์ หรือวางข้อความ');
    expect(th.text).toContain('href="#import-file"');
    expect(th.text).not.toContain('ไฟล์ว่างเปล่า');
    const en = await emptyForm(adminEn);
    expect(text(en.text)).toContain('CSV file: Choose a file or paste the text.');
    expect(en.text).not.toContain('The file is empty.');
    expect(text((await preview(adminEn, ' \n')).text)).toContain('Choose a file or paste the text.');
    // A file chosen with nothing in it is still an empty file.
    const empty = await upload(adminEn, Buffer.alloc(0));
    expect(empty.status).toBe(422);
    expect(text(empty.text)).toContain('CSV file: The file is empty.');
    expect(await written()).toEqual(before);
  });

  it.each([
    ['a bad header', 'user,grp\nx,SERV\n', 'บรรทัดแรกต้องเป็นหัวคอลัมน์', 'The first line must be the header'],
    ['nothing in it', '', 'เลือกไฟล์ หรือวางข้อความ', 'Choose a file or paste the text.'],
    ['a header only', 'email,group\n', 'ไฟล์มีหัวคอลัมน์แต่ไม่มีรายชื่อบุคลากร', 'The file has a header but no person.'],
    ['a broken quote', 'email,group\n"a@b.th,SERV\n', 'ไฟล์ไม่เป็น CSV ที่ถูกต้อง', 'The file is not valid CSV'],
  ])(
    'when the file has %s, then 422 with the problem at the field in both languages, nothing written',
    async (_, csv, th, en) => {
      const before = await written();
      const resTh = await preview(adminTh, csv);
      expect(resTh.status).toBe(422);
      expect(resTh.text).toContain('data-testid="error-summary"');
      expect(text(resTh.text)).toContain(th);
      expect(text((await preview(adminEn, csv)).text)).toContain(en);
      expect(await written()).toEqual(before);
    },
  );

  it('when an uploaded file is not text, then 422 naming the file field (Thai and English), nothing written', async () => {
    const before = await written();
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]);
    const th = await upload(adminTh, zip, 'groups.xlsx');
    expect(th.status).toBe(422);
    expect(text(th.text)).toContain('ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV');
    expect(th.text).toContain('href="#import-file"');
    expect(text((await upload(adminEn, zip)).text)).toContain('This is not a CSV text file');
    expect(await written()).toEqual(before);
  });

  it("when Excel's Thai CSV (Windows-874) or a UTF-8 file with a BOM is uploaded, then both are read", async () => {
    // "email,group" then a row whose group cell is followed by a Thai note column header is not allowed, so the Thai
    // is in a quoted LMS user id that matches nobody: what counts is that it reads back as Thai.
    const tis620 = Buffer.from([0xca, 0xc1, 0xaa, 0xd2, 0xc2]); // สมชาย
    const win = await upload(
      adminEn,
      Buffer.concat([
        Buffer.from('lms_user_id,group\n'),
        tis620,
        Buffer.from(`,SERV\n${people[1]!.user.sub},ACAD\n`),
      ]),
    );
    const winText = text(win.text);
    expect(winText).toContain('it was read as Thai Windows text (Windows-874)');
    expect(winText).toContain('สมชาย');
    const bom = await upload(adminEn, Buffer.from(`\uFEFFemail,group\r\n${people[1]!.user.email},ACAD\r\n`));
    expect(bom.status).toBe(200);
    expect(text(bom.text)).toContain('1 row(s) will be set, 0 unchanged, 0 with an error.');
    expect(bom.text).not.toContain('data-testid="import-encoding"');
  });
});

describe('the confirm: the exact previewed text, once', () => {
  const groupsOf = async (...ss: Session[]) =>
    t.db.query<{ target_group: string | null; target_state: string; second: string | null }>(
      `SELECT p.target_group, p.target_state, s.group_code || ':' || s.state AS second
         FROM people p LEFT JOIN second_target_groups s ON s.person_id = p.id
        WHERE p.platform_user_id = ANY($1) ORDER BY array_position($1, p.platform_user_id)`,
      [ss.map((s) => s.user.sub)],
    );

  it('when the text was changed after the preview, then 400 and nothing is written', async () => {
    const res = await preview(adminEn, `lms_user_id,group\n${people[0]!.user.sub},SERV\n`);
    const form = confirmForm(res.text);
    const before = await written();
    const tampered = await postForm(adminEn, `${IMPORT}/confirm`, {
      ...form,
      text: form.text!.replace('SERV', 'EXEC'),
    });
    expect(tampered.status).toBe(400);
    expect(await written()).toEqual(before);
  });

  it('when two confirms of one preview arrive at once, then it is written once, in one audit row with the counts', async () => {
    // people[1] already has ACAD agreed (set directly), so that row is unchanged.
    await t.db.query(
      "UPDATE people SET target_group = 'ACAD', target_state = 'agreed' WHERE platform_user_id = $1",
      [people[1]!.user.sub],
    );
    const csv = [
      'lms_user_id,group,second_group',
      `${people[0]!.user.sub},SERV,TECH`,
      `${people[1]!.user.sub},ACAD,`,
      `${people[2]!.user.sub},OTHER,`,
    ].join('\r\n'); // as Excel writes it
    const res = await preview(adminEn, csv);
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('2 row(s) will be set, 1 unchanged, 0 with an error.');
    // A browser sends the hidden field's line breaks as CRLF, whatever the page held: the same text all the same.
    const form = { ...confirmForm(res.text), text: confirmForm(res.text).text!.replace(/\n/g, '\r\n') };
    const auditBefore = (await written())!.audit as number;
    const answers = await Promise.all([
      postForm(adminEn, `${IMPORT}/confirm`, form),
      postForm(adminEn, `${IMPORT}/confirm`, form),
    ]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(answers.map((a) => /done=(\w+)/.exec(a.headers.location as string)?.[1]).sort()).toEqual([
      'already',
      'applied',
    ]);
    expect(await groupsOf(people[0]!, people[1]!, people[2]!)).toEqual([
      { target_group: 'SERV', target_state: 'agreed', second: 'TECH:approved' },
      { target_group: 'ACAD', target_state: 'agreed', second: null },
      { target_group: 'OTHER', target_state: 'agreed', second: null },
    ]);
    const after = (await written())!;
    expect(after.imports).toBe(1);
    expect(after.audit).toBe(auditBefore + 1);
    const [row] = await t.db.query<{ subject: string; details: { set: number; unchanged: number } }>(
      "SELECT subject, details FROM audit_log WHERE action = 'target_groups.imported'",
    );
    expect(row!.details).toMatchObject({ set: 2, unchanged: 1 });
    // A third submit of the same preview, later: nothing again.
    const again = await postForm(adminEn, `${IMPORT}/confirm`, form);
    expect(again.headers.location).toContain('done=already');
    expect((await written())!.audit).toBe(auditBefore + 1);
    const done = text((await get(adminEn, `${IMPORT}?done=applied&set=2&unchanged=1`)).text);
    expect(done).toContain('Imported: 2 person(s) set, 1 unchanged.');
  });

  it('when someone changed meanwhile so the preview no longer holds, then 409 with a new preview and nothing written', async () => {
    const res = await preview(adminTh, `lms_user_id,group\n${people[3]!.user.sub},MGMT\n`);
    const form = confirmForm(res.text);
    // Another administrator sets the same group first: the row is now unchanged.
    await t.db.query(
      "UPDATE people SET target_group = 'MGMT', target_state = 'agreed' WHERE platform_user_id = $1",
      [people[3]!.user.sub],
    );
    const before = await written();
    const confirm = await postForm(adminTh, `${IMPORT}/confirm`, form);
    expect(confirm.status).toBe(409);
    const page = text(confirm.text);
    expect(page).toContain('ข้อมูลบุคลากรบางคนเปลี่ยนไปหลังการดูตัวอย่าง');
    expect(page).toContain('จะกำหนด 0 แถว ไม่เปลี่ยน 1 แถว ผิดพลาด 0 แถว');
    expect(await written()).toEqual(before);
  });
});
