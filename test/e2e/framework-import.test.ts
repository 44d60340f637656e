import fs from 'node:fs';
import path from 'node:path';
import { ROLE, user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type Session, type TestApp } from '../support/test-app';

const TEACHER = fs.readFileSync(
  path.join(__dirname, '../../config/frameworks/teacher-digital-skills.json'),
  'utf8',
);
const teacherWith = (changes: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ ...(JSON.parse(TEACHER) as object), ...changes }, null, 2));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const admin = (locale: 'th' | 'en', deploymentId?: string): Promise<Session> =>
  openSession(t, user({ roles: [ROLE.sysAdmin], locale }), deploymentId ? { deploymentId } : {});
const upload = (s: Session, file: Buffer, name = 'teacher.json') =>
  s.agent.post(withLtik(s, '/app/framework/import')).field('json', '').attach('file', file, name);
const versions = async (code: string) =>
  (await t.db.query<{ version: string }>('SELECT version FROM frameworks WHERE code = $1', [code])).map(
    (r) => r.version,
  );
const unescape = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

describe('framework import by file upload', () => {
  it("when an administrator uploads a framework file, then it is loaded and becomes the tenant's framework", async () => {
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['upload-agency']);
    await t.app.platforms.splitDeployment(t.lms.issuer, 'upload-agency', 'Upload agency');
    const s = await admin('en', 'upload-agency');
    const res = await upload(s, teacherWith({ version: '7.0.0' }));
    expect(res.status).toBe(303);
    expect(await versions('teacher-digital-skills')).toContain('7.0.0');
    const page = await s.agent.get(withLtik(s, '/app/framework'));
    expect(page.text).toContain('Framework for developing the digital skills of teachers');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('<input id="framework-file" name="file" type="file"');
  });

  it('when a Thai administrator uploads a file with a broken reference, then the problem names the file, entry and field in Thai', async () => {
    const s = await admin('th');
    const broken = Buffer.from(TEACHER.replace('"dimension": "D1"', '"dimension": "D9"'));
    const res = await upload(s, broken, 'ครู.json');
    expect(res.status).toBe(422);
    expect(unescape(res.text)).toContain('ครู.json: รายการ skillSets[0] (DL): ช่อง dimension: ไม่มีมิติ "D9"');
    expect(res.text).toContain('ไม่ได้นำเข้ากรอบ');
  });

  it.each([
    ['th', 'รายการ skillSets[0] (DL): ช่อง name.th: ต้องมีช่องนี้', 'ช่อง colour: ไม่รู้จักช่องนี้'],
    ['en', 'skillSets[0] (DL): name.th: required', 'colour: unknown field'],
  ] as const)(
    "when the shape is wrong (%s), then zod's findings read as sentences of the page's language",
    async (locale, missing, unknown) => {
      const s = await admin(locale);
      const f = JSON.parse(TEACHER) as { skillSets: Array<{ name: Record<string, string> }> };
      delete f.skillSets[0]!.name.th;
      const res = await upload(s, Buffer.from(JSON.stringify({ ...f, colour: 'blue' })));
      expect(res.status).toBe(422);
      expect(unescape(res.text)).toContain(missing);
      expect(unescape(res.text)).toContain(unknown);
    },
  );

  it('when pasted text is not JSON, then the line and column are given in Thai', async () => {
    const s = await admin('th');
    const res = await s.agent
      .post(withLtik(s, '/app/framework/import'))
      .type('form')
      .send({ json: '{\n  "id": "x",\n  }' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('JSON ที่วาง: ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด 3 ตำแหน่งที่ 3)');
  });

  it("when the file is larger than the pasted text's limit, then it is refused with a message and nothing is loaded", async () => {
    const s = await admin('th');
    const big = teacherWith({ version: '8.0.0', padding: 'x'.repeat(2_100_000) });
    const res = await upload(s, big);
    expect(res.status).toBe(422);
    expect(res.text).toContain('ไฟล์มีขนาดเกิน 2 MB');
    expect(await versions('teacher-digital-skills')).not.toContain('8.0.0');
  });

  it('when neither a file nor text is sent, or the file is not UTF-8, then the form says so', async () => {
    const s = await admin('en');
    const empty = await s.agent.post(withLtik(s, '/app/framework/import')).field('json', '');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('paste the JSON of a framework');
    const latin1 = await upload(s, Buffer.from([0x7b, 0xe9, 0x7d]), 'latin1.json');
    expect(latin1.status).toBe(422);
    expect(latin1.text).toContain('latin1.json: the file is not UTF-8 text');
  });

  it('when a learner uploads, then 403 and nothing is loaded', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    const res = await upload(s, teacherWith({ version: '9.9.9' }));
    expect(res.status).toBe(403);
    expect(await versions('teacher-digital-skills')).not.toContain('9.9.9');
  });
});
