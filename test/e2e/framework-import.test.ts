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
/** The framework an organisation (by its deployment) chose; [null] while it uses the default. */
const chosenOf = async (deploymentId: string) =>
  (
    await t.db.query<{ framework_code: string | null }>(
      'SELECT framework_code FROM tenants WHERE deployment_id = $1',
      [deploymentId],
    )
  ).map((r) => r.framework_code);
const unescape = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

describe('framework import by file upload', () => {
  it("when an administrator uploads a framework file, then it is loaded beside the others and the organisation's framework stays as it was", async () => {
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['upload-agency']);
    await t.app.platforms.splitDeployment(t.lms.issuer, 'upload-agency', 'Upload agency');
    const s = await admin('en', 'upload-agency');
    const before = await chosenOf('upload-agency');
    const res = await upload(s, teacherWith({ version: '7.0.0' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/app\/framework\?imported=teacher-digital-skills&ltik=/);
    expect(await versions('teacher-digital-skills')).toContain('7.0.0');
    // Importing chose nothing: the organisation keeps its framework, and the audit log has the import only.
    expect(await chosenOf('upload-agency')).toEqual(before);
    const audit = await t.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT a.action, a.details FROM audit_log a JOIN tenants n ON n.id = a.tenant_id
        WHERE n.deployment_id = 'upload-agency' AND a.action LIKE 'framework.%' ORDER BY a.id`,
    );
    expect(audit).toEqual([
      { action: 'framework.imported', details: { added: true, version: '7.0.0', inUse: false } },
    ]);
    const page = await s.agent.get(withLtik(s, '/app/framework?imported=teacher-digital-skills'));
    expect(page.text).toMatch(/<h1><bdi>Digital skills development guideline for civil servants/);
    expect(unescape(page.text)).toContain(
      'Framework for developing the digital skills of teachers and educational personnel\u2069 (7.0.0) was imported. It is not in use: this organisation still uses \u2068',
    );
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('<input id="framework-file" name="file" type="file"');
    expect(page.text).toContain(
      'Importing adds the framework; it does not change the framework this organisation uses.',
    );
  });

  it('when the administrator follows the notice, then the choice page previews the imported framework, and only confirming it switches', async () => {
    const s = await admin('en', 'upload-agency');
    const page = await s.agent.get(withLtik(s, '/app/framework?imported=teacher-digital-skills'));
    const href = /href="([^"]+)" data-testid="choose-imported"/
      .exec(page.text)![1]!
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    expect(href).toMatch(/^\/app\/framework\/choose\?framework=teacher-digital-skills&ltik=/);
    // The framework page's own choice offers it too.
    expect(page.text).toMatch(/<option dir="auto" value="teacher-digital-skills">[^<]*\(7\.0\.0\)<\/option>/);
    const preview = await s.agent.get(href);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('data-testid="framework-choice"');
    expect(preview.text).toContain('data-testid="confirm-choice"');
    expect(await chosenOf('upload-agency')).not.toEqual(['teacher-digital-skills']);
    const chosen = await s.agent
      .post(withLtik(s, '/app/framework/choose'))
      .type('form')
      .send({ framework: 'teacher-digital-skills', confirm: '1' });
    expect(chosen.status).toBe(303);
    expect(await chosenOf('upload-agency')).toEqual(['teacher-digital-skills']);

    const th = await admin('th', 'upload-agency');
    const thai = await th.agent.get(withLtik(th, '/app/framework?imported=ocsc-digital-government-skills'));
    expect(thai.text).toContain('ยังไม่ได้นำมาใช้ หน่วยงานนี้ยังใช้');
    expect(thai.text).toContain('ดูสิ่งที่จะเปลี่ยนแปลงและเลือกใช้กรอบนี้');
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
