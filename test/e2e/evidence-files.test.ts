import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import {
  openSession,
  registerAnotherLms,
  startTestApp,
  withLtik,
  TOOL_BASE_URL,
  type Session,
  type TestApp,
} from '../support/test-app';

// Evidence files of logged learning (issue 19 item 8), with a 64 kB limit so that "too large" is cheap to send.
const LIMIT = 64 * 1024;
let t: TestApp;
let server: http.Server;
beforeAll(async () => {
  t = await startTestApp({ EVIDENCE_MAX_BYTES: String(LIMIT) });
  server = http.createServer(t.app.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452', 'hex'),
  Buffer.alloc(32, 1),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');

const open = (u: LmsUser, course = 'course-1', app: TestApp = t): Promise<Session> =>
  openSession(app, u, { course });
const activity = (overrides: Record<string, string> = {}): Record<string, string> => ({
  activityType: 'self-study',
  title: 'อบรมการใช้ AI ในงานราชการ',
  occurredOn: bangkokToday(),
  hours: '3',
  category: '',
  'skill.DL': '3',
  reflection: 'ได้ใช้ ChatGPT ร่างหนังสือราชการ',
  evidenceUrl: '',
  ...overrides,
});

/** Posts the log form as a browser does (multipart, the file last), with a file or none. */
function logWithFile(
  s: Session,
  file?: { bytes: Buffer; name: string; type?: string },
  overrides: Record<string, string> = {},
) {
  let req = s.agent.post(withLtik(s, '/app/record'));
  for (const [k, v] of Object.entries(activity(overrides))) req = req.field(k, v);
  return file
    ? req.attach('evidenceFile', file.bytes, {
        filename: file.name,
        contentType: file.type ?? 'application/octet-stream',
      })
    : req.field('evidenceFile', '');
}

const filesOf = async (sub: string) =>
  t.db.query<{
    id: number;
    name: string;
    media_type: string;
    size: number;
    sha256: string;
    entry_id: number;
  }>(
    `SELECT f.id, f.name, f.media_type, f.size, f.sha256, f.entry_id
       FROM evidence_files f JOIN learning_entries e ON e.tenant_id = f.tenant_id AND e.id = f.entry_id
       JOIN people p ON p.id = e.person_id
      WHERE p.platform_user_id = $1 ORDER BY f.id`,
    [sub],
  );
const entriesOf = async (sub: string) =>
  (
    await t.db.query<{ id: number }>(
      `SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1`,
      [sub],
    )
  ).map((r) => r.id);

const download = (s: Session, id: number) =>
  s.agent
    .get(withLtik(s, `/app/evidence/${id}`))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

describe('evidence files of logged learning', () => {
  it('when a learner logs learning with a PDF, then the file is stored with the entry and listed in their history', async () => {
    const s = await open(user({ locale: 'en' }));
    const res = await logWithFile(s, { bytes: PDF, name: 'วุฒิบัตร อบรม AI.pdf', type: 'application/pdf' });
    expect(res.status).toBe(303);
    const [file] = await filesOf(s.user.sub);
    expect(file).toMatchObject({
      name: 'วุฒิบัตร อบรม AI.pdf',
      media_type: 'application/pdf',
      size: PDF.length,
    });
    expect(file!.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect(file!.entry_id).toBe((await entriesOf(s.user.sub))[0]);
    const progress = await s.agent.get(withLtik(s, '/app/progress/history'));
    expect(progress.text).toContain('วุฒิบัตร อบรม AI.pdf');
    expect(progress.text).toContain(`href="/app/evidence/${file!.id}?ltik`);
  });

  it('when a PNG is attached later to a pending entry, then it is told an image by its bytes, whatever its name', async () => {
    const s = await open(user({ locale: 'en' }));
    expect((await logWithFile(s)).status).toBe(303);
    const [entry] = await entriesOf(s.user.sub);
    const res = await s.agent
      .post(withLtik(s, `/app/evidence/entry/${entry}`))
      .attach('evidenceFile', PNG, { filename: 'photo.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/app/progress/history?evidence=added');
    const [file] = await filesOf(s.user.sub);
    expect(file).toMatchObject({ media_type: 'image/png', name: 'photo.pdf.png' });
  });

  it.each([
    ['a program renamed .pdf', EXE, 'certificate.pdf', 'th', 'ไม่ใช่ไฟล์ PDF, PNG, JPEG หรือ WebP'],
    ['a web page renamed .pdf', HTML, 'certificate.pdf', 'en', 'is not a PDF, PNG, JPEG or WebP file'],
  ])(
    'when %s is attached, then the form comes back 422 with the typed fields kept and nothing is written',
    async (_what, bytes, name, locale, message) => {
      const s = await open(user({ locale }));
      const res = await logWithFile(s, { bytes, name, type: 'application/pdf' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('href="#evidenceFile"');
      expect(res.text).toContain('value="อบรมการใช้ AI ในงานราชการ"');
      expect(await entriesOf(s.user.sub)).toHaveLength(0);
      expect(await filesOf(s.user.sub)).toHaveLength(0);
    },
  );

  it('when a file is larger than EVIDENCE_MAX_BYTES, then the form names the limit (Thai and English), keeps the typed fields and writes nothing', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(LIMIT, 0x20)]);
    for (const [locale, limit] of [
      ['en', 'larger than 64 kB'],
      ['th', 'ไฟล์มีขนาดเกิน 64 กิโลไบต์'],
    ] as const) {
      const s = await open(user({ locale }));
      const res = await logWithFile(s, { bytes: big, name: 'big.pdf', type: 'application/pdf' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(limit);
      expect(res.text).toContain('value="อบรมการใช้ AI ในงานราชการ"');
      expect(res.text).toContain('ได้ใช้ ChatGPT ร่างหนังสือราชการ');
      expect(await entriesOf(s.user.sub)).toHaveLength(0);
    }
  });

  it('when the owner, a reviewer of the course and an administrator download a file, then each gets it with the exact headers', async () => {
    const owner = await open(user({ locale: 'en' }));
    expect((await logWithFile(owner, { bytes: PDF, name: 'ใบรับรอง "final".pdf' })).status).toBe(303);
    const [file] = await filesOf(owner.user.sub);
    const reviewer = await open(user({ roles: [ROLE.instructor], locale: 'th' }));
    const admin = await open(user({ roles: [ROLE.sysAdmin] }), 'course-9');
    for (const s of [owner, reviewer, admin]) {
      const res = await download(s, file!.id);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
      expect(res.headers['content-type']).toBe('application/pdf');
      // The quotes are dropped from the name; the ASCII fallback stands an underscore for each Thai letter.
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="________ final.pdf"; filename*=UTF-8''${encodeURIComponent('ใบรับรอง final.pdf')}`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(res.headers['cache-control']).toBe('private, no-store');
    }
    // The reviewer's approval queue and the learner's record list it too.
    const queue = await reviewer.agent.get(withLtik(reviewer, '/app/approvals'));
    expect(queue.text).toContain(`href="/app/evidence/${file!.id}?ltik`);
    const ownerId = (
      await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [owner.user.sub])
    )[0]!.id;
    const record = await reviewer.agent.get(withLtik(reviewer, `/app/learners/${ownerId}/record`));
    expect(record.text).toContain(`href="/app/evidence/${file!.id}?ltik`);
  });

  it('when another learner, an instructor of another course or another organisation asks for a file, then it does not exist (404)', async () => {
    const owner = await open(user({ locale: 'en' }));
    expect((await logWithFile(owner, { bytes: PNG, name: 'scan.png' })).status).toBe(303);
    const [file] = await filesOf(owner.user.sub);
    const classmate = await open(user({ locale: 'en' }));
    const otherInstructor = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-2');
    const other = await registerAnotherLms(t);
    try {
      const otherAdmin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }), 'course-1', other);
      for (const s of [classmate, otherInstructor, otherAdmin]) {
        const res = await s.agent.get(withLtik(s, `/app/evidence/${file!.id}`));
        expect(res.status).toBe(404);
        expect(res.headers['content-disposition']).toBeUndefined();
      }
      // An id that does not exist answers the same.
      expect((await classmate.agent.get(withLtik(classmate, `/app/evidence/999999999`))).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('when the learner removes a file from a pending entry, then it is gone; once the entry is approved its files stay', async () => {
    const owner = await open(user({ locale: 'en' }));
    expect((await logWithFile(owner, { bytes: PDF, name: 'a.pdf' })).status).toBe(303);
    const [entry] = await entriesOf(owner.user.sub);
    await owner.agent
      .post(withLtik(owner, `/app/evidence/entry/${entry}`))
      .attach('evidenceFile', PNG, { filename: 'b.png' });
    const [a, b] = await filesOf(owner.user.sub);
    const removed = await owner.agent
      .post(withLtik(owner, `/app/evidence/${a!.id}/remove`))
      .type('form')
      .send('');
    expect(removed.status).toBe(303);
    expect((await filesOf(owner.user.sub)).map((f) => f.id)).toEqual([b!.id]);
    // Someone else cannot remove it: the same 404 as a file that does not exist.
    const classmate = await open(user({ locale: 'en' }));
    expect(
      (
        await classmate.agent
          .post(withLtik(classmate, `/app/evidence/${b!.id}/remove`))
          .type('form')
          .send('')
      ).status,
    ).toBe(404);
    const reviewer = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
    expect(
      (
        await reviewer.agent
          .post(withLtik(reviewer, '/app/approvals'))
          .type('form')
          .send(`entry=${entry}&decision=approve`)
      ).status,
    ).toBe(303);
    const refused = await owner.agent
      .post(withLtik(owner, `/app/evidence/${b!.id}/remove`))
      .type('form')
      .send('');
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('A reviewed entry keeps its files');
    const late = await owner.agent
      .post(withLtik(owner, `/app/evidence/entry/${entry}`))
      .attach('evidenceFile', PNG, { filename: 'c.png' });
    expect(late.status).toBe(409);
    expect((await filesOf(owner.user.sub)).map((f) => f.id)).toEqual([b!.id]);
  });

  it('when an entry already holds five files, then a sixth is refused', async () => {
    const owner = await open(user({ locale: 'en' }));
    expect((await logWithFile(owner, { bytes: PDF, name: '1.pdf' })).status).toBe(303);
    const [entry] = await entriesOf(owner.user.sub);
    const attach = (n: number) =>
      owner.agent
        .post(withLtik(owner, `/app/evidence/entry/${entry}`))
        .attach('evidenceFile', PNG, { filename: `${n}.png` });
    for (const n of [2, 3, 4, 5]) expect((await attach(n)).status).toBe(303);
    const sixth = await attach(6);
    expect(sixth.status).toBe(422);
    expect(sixth.text).toContain('at most 5 files');
    expect(await filesOf(owner.user.sub)).toHaveLength(5);
  });
});

/** Sends the headers of a `length`-byte multipart body and its first 64 kB, never the rest; resolves with the status. */
function partialPost(path: string, cookie: string, length: number): Promise<number> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: {
        host: new URL(TOOL_BASE_URL).host,
        cookie,
        'content-type': 'multipart/form-data; boundary=XyZ',
        'content-length': String(length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.write(
      '--XyZ\r\nContent-Disposition: form-data; name="evidenceFile"; filename="x.pdf"\r\n\r\n%PDF-' +
        'x'.repeat(64 * 1024),
    );
  });
}

describe('an evidence upload is read only after the caller is checked', () => {
  it("when a request without a session starts a 20 MB upload, then the 401 comes back before the body's end", async () => {
    expect(await partialPost('/app/record', '', 20 * 1024 * 1024)).toBe(401);
    expect(await partialPost('/app/evidence/entry/1', '', 20 * 1024 * 1024)).toBe(401);
  });

  it("when a learner declares a body far over the limit, then the form comes back before the body's end", async () => {
    const s = await open(user({ locale: 'en' }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CookieAccessInfo } = require('cookiejar') as { CookieAccessInfo: { All: object } };
    const jar = (s.agent as unknown as { jar: { getCookies(o: object): Array<{ toValueString(): string }> } })
      .jar;
    const cookie = jar
      .getCookies(CookieAccessInfo.All)
      .map((c) => c.toValueString())
      .join('; ');
    expect(await partialPost(withLtik(s, '/app/record'), cookie, 20 * 1024 * 1024)).toBe(422);
    expect(await entriesOf(s.user.sub)).toHaveLength(0);
  });
});
