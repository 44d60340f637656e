import fs from 'node:fs';
import path from 'node:path';
import { ROLE, user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type TestApp } from '../support/test-app';

// Text read after the control-character middleware (a multipart form, a held body), or that holds a control
// character only once parsed (a JSON escape), is checked where it is read: refused with a 400 page, nothing stored.
const TEACHER = fs.readFileSync(
  path.join(__dirname, '../../config/frameworks/teacher-digital-skills.json'),
  'utf8',
);
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The shipped framework as a new version, with a note in English. */
const framework = (version: string, note: string) => {
  const f = JSON.parse(TEACHER) as { version: string; notes: { en: string } };
  f.version = version;
  f.notes.en = note;
  return JSON.stringify(f);
};
const stored = async (version: string) =>
  (
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM frameworks WHERE code = 'teacher-digital-skills' AND version = $1`,
      [version],
    )
  )[0]!.n;
const admin = () => openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }));

describe('control characters past the middleware', () => {
  it('when pasted framework JSON escapes a control character (\\u0001), then it is refused with a 400 and not stored', async () => {
    const s = await admin();
    const json = framework('9.9.1', 'bell\u0001here');
    expect(json).toContain('\\u0001'); // plain ASCII in the form
    const res = await s.agent.post(withLtik(s, '/app/framework/import')).type('form').send({ json });
    expect({ status: res.status, stored: await stored('9.9.1') }).toEqual({ status: 400, stored: 0 });
    expect(res.text).toContain('lang="en"');
  });

  it('when a multipart field holds a raw C1 control character (U+0085), then it is refused with a 400 and not stored', async () => {
    const s = await admin();
    const json = framework('9.9.2', 'next\u0085line');
    const res = await s.agent.post(withLtik(s, '/app/framework/import')).field('json', json);
    expect({ status: res.status, stored: await stored('9.9.2') }).toEqual({ status: 400, stored: 0 });
  });

  it("when an uploaded file's JSON escapes a NUL, or its text or name holds a control character, then it is refused with a 400", async () => {
    const s = await admin();
    const post = (text: string, name: string) =>
      s.agent
        .post(withLtik(s, '/app/framework/import'))
        .attach('file', Buffer.from(text, 'utf8'), { filename: name, contentType: 'application/json' });
    expect((await post(framework('9.9.3', 'a\u0000b'), 'f.json')).status).toBe(400);
    expect((await post(framework('9.9.4', 'a\u0085b'), 'f.json')).status).toBe(400);
    // The name as RFC 5987 allows it (`filename*`), where a control character reaches the tool percent-encoded.
    const named = await s.agent
      .post(withLtik(s, '/app/framework/import'))
      .set('content-type', 'multipart/form-data; boundary=XyZ')
      .send(
        [
          '--XyZ',
          `Content-Disposition: form-data; name="file"; filename*=UTF-8''f%01.json`,
          'Content-Type: application/json',
          '',
          framework('9.9.5', 'fine'),
          '--XyZ--',
          '',
        ].join('\r\n'),
      );
    expect(named.status).toBe(400);
    expect(await stored('9.9.3')).toBe(0);
    expect(await stored('9.9.4')).toBe(0);
    expect(await stored('9.9.5')).toBe(0);
  });

  it('when an authoring form holds a control character, then it is refused with a 400 and no module is stored', async () => {
    const s = await admin();
    const before = await t.db.query('SELECT id FROM module_versions');
    const res = await s.agent
      .post(withLtik(s, '/app/catalogue/new'))
      .type('form')
      .send({ 'title.th': 'ชื่อ\u0001', 'title.en': 'Title', action: 'publish' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('lang="en"');
    expect(await t.db.query('SELECT id FROM module_versions')).toEqual(before);
  });

  it('when a form is refused by its parser after the session check (too many fields), then the error page is in the session language', async () => {
    // Thai is the default; the session is English.
    const s = await admin();
    const res = await s.agent
      .post(withLtik(s, '/app/framework/import'))
      .type('form')
      .send('a=1&b=2&c=3&d=4&e=5&f=6');
    expect(res.status).toBe(413);
    expect(res.text).toContain('lang="en"');
  });
});
