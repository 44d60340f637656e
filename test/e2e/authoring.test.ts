import { LTI, MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  launch,
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
  await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['agency-other']);
  // One Moodle hosting two organisations: the administrator split that deployment off.
  await t.app.platforms.splitDeployment(t.lms.issuer, 'agency-other', 'Other agency');
});
afterAll(async () => {
  await t.close();
});

// Modules are the organisation's content: written by its administrators (Moodle's site administrator here) and
// the content managers they name (test/e2e/content-managers.test.ts); instructors place them.
const AUTHOR = MOODLE_ROLES.siteAdmin;
const open = (
  u: LmsUser,
  o: { deploymentId?: string; module?: string; claims?: Record<string, unknown> } = {},
): Promise<Session> => openSession(t, u, o);
const url = withLtik;
const post = (s: Session, path: string, form: Record<string, string>) => postForm(s, path, form);

/** A small, valid module as the form posts it. */
const valid = (o: Record<string, string> = {}): Record<string, string> => ({
  'lang.th': 'on',
  'lang.en': 'on',
  'title.th': 'การใช้ AI อย่างรับผิดชอบ',
  'title.en': 'Using AI Responsibly',
  'summary.th': 'หลักการใช้ปัญญาประดิษฐ์ในงานราชการอย่างปลอดภัย',
  'summary.en': 'Principles for using AI safely at work',
  hours: '1',
  category: '70',
  rule: 'pages-and-quiz',
  pass: '100',
  'page.0.order': '1',
  'page.0.title.th': 'ข้อควรระวัง',
  'page.0.title.en': 'Take care',
  'page.0.body.th': 'อย่าใส่ **ข้อมูลส่วนบุคคล** ลงในเครื่องมือ AI สาธารณะ',
  'page.0.body.en': 'Never paste **personal data** into public AI tools.',
  'q.0.kind': 'single',
  'q.0.prompt.th': 'ใส่ข้อมูลส่วนบุคคลลงใน AI สาธารณะได้หรือไม่',
  'q.0.prompt.en': 'May you paste personal data into a public AI tool?',
  'q.0.opt.0.text.th': 'ได้',
  'q.0.opt.0.text.en': 'Yes',
  'q.0.opt.1.text.th': 'ไม่ได้',
  'q.0.opt.1.text.en': 'No',
  'q.0.opt.1.correct': 'on',
  'map.DG': '0.5',
  'map.DL.DL-SECURITY': '0.5',
  ...o,
});

const versions = (slug: string) =>
  t.db.query<{ version: number; status: string; title_en: string }>(
    `SELECT v.version, v.status, v.title_en FROM module_versions v JOIN modules m ON m.id = v.module_id
      WHERE m.slug = $1 ORDER BY v.version`,
    [slug],
  );

describe('module authoring', () => {
  it('when the form has errors, then 422 with every message next to its field, in Thai, and the input kept', async () => {
    const s = await open(user({ roles: AUTHOR(), locale: 'th' }));
    const blank = await s.agent.get(url(s, '/app/catalogue/new'));
    expect(blank.status).toBe(200);
    // A new module is written in both languages unless the author says otherwise.
    expect(blank.text).toContain('name="lang.th" checked');
    expect(blank.text).toContain('name="lang.en" checked');
    const res = await post(
      s,
      '/app/catalogue/new',
      valid({
        'title.en': '',
        'map.DG': '2',
        'q.0.opt.0.correct': 'on',
        'video.0.url': 'https://example.org/clip',
        'video.0.title.th': 'คลิป',
        'video.0.title.en': 'Clip',
        action: 'publish',
      }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="title.en-error"');
    expect(res.text).toContain('กรุณากรอกช่องนี้');
    expect(res.text).toContain('ชั่วโมงที่นับให้กลุ่มทักษะรวม 2.5 เกินชั่วโมงของโมดูล (1)');
    expect(res.text).toContain('คำถามเลือกข้อเดียวต้องมีตัวเลือกที่ถูกหนึ่งข้อพอดี');
    expect(res.text).toContain('รองรับเฉพาะ YouTube, Vimeo หรือไฟล์ MP4 ผ่าน https');
    expect(res.text).toContain('value="การใช้ AI อย่างรับผิดชอบ"');
    expect(res.text).toContain('อย่าใส่ **ข้อมูลส่วนบุคคล**');
    expect(await versions('using-ai-responsibly')).toHaveLength(0);
  });

  it('when asked for another page or a preview, then the form comes back with the input and the Markdown rendered safely', async () => {
    const s = await open(user({ roles: AUTHOR(), locale: 'en' }));
    const more = await post(s, '/app/catalogue/new', valid({ action: 'add-page' }));
    expect(more.status).toBe(200);
    expect(more.text).toContain('data-page="2"');
    const preview = await post(
      s,
      '/app/catalogue/new',
      valid({ 'page.0.body.en': 'Hi <script>alert(1)</script> [x](javascript:alert(1))', action: 'preview' }),
    );
    expect(preview.text).toContain('data-testid="preview"');
    expect(preview.text).toContain('&lt;script&gt;');
    expect(preview.text).not.toContain('<script>alert');
    expect(preview.text).not.toContain('href="javascript:');
  });

  it('when an instructor publishes, then learners can take it; editing it makes version 2 and completions keep pointing at version 1', async () => {
    const s = await open(user({ roles: AUTHOR(), locale: 'en' }));
    const res = await post(s, '/app/catalogue/new', valid({ action: 'publish' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('saved=using-ai-responsibly');
    expect(await versions('using-ai-responsibly')).toEqual([
      { version: 1, status: 'published', title_en: 'Using AI Responsibly' },
    ]);

    // A learner completes version 1.
    const learner = await open(user(), { module: 'using-ai-responsibly' });
    await learner.agent.get(url(learner, '/app/modules/using-ai-responsibly/pages/1'));
    const done = await learner.agent
      .post(url(learner, '/app/modules/using-ai-responsibly/quiz'))
      .type('form')
      .send('q0=1');
    expect(done.text).toContain('data-testid="completion"');

    const edit = await s.agent.get(url(s, '/app/catalogue/using-ai-responsibly/edit'));
    expect(edit.text).toContain('data-testid="new-version-note"');
    expect(
      (
        await post(
          s,
          '/app/catalogue/using-ai-responsibly/edit',
          valid({ 'title.en': 'Using AI Responsibly (2027)', action: 'publish' }),
        )
      ).status,
    ).toBe(303);
    expect(await versions('using-ai-responsibly')).toEqual([
      { version: 1, status: 'published', title_en: 'Using AI Responsibly' },
      { version: 2, status: 'published', title_en: 'Using AI Responsibly (2027)' },
    ]);
    const [entry] = await t.db.query<{ version: number }>(
      `SELECT v.version FROM learning_entries e JOIN module_versions v ON v.id = e.module_version_id
         JOIN modules m ON m.id = e.module_id WHERE m.slug = 'using-ai-responsibly'`,
    );
    expect(entry!.version).toBe(1);
  });

  it('when a draft is saved twice, then it stays one draft version; a second module with the same title gets its own slug', async () => {
    const s = await open(user({ roles: AUTHOR(), locale: 'en' }));
    const first = await post(
      s,
      '/app/catalogue/new',
      valid({ 'title.en': 'Draft Only', action: 'draft', 'map.DG': '', 'map.DL.DL-SECURITY': '' }),
    );
    expect(first.status).toBe(303);
    await post(
      s,
      '/app/catalogue/draft-only/edit',
      valid({ 'title.en': 'Draft Only', 'summary.en': 'changed', action: 'draft' }),
    );
    expect((await versions('draft-only')).map((v) => [v.version, v.status])).toEqual([[1, 'draft']]);
    // A draft is not offered to learners.
    const r = await launch(t, t.agent(), user(), {
      claims: { [`${LTI}custom`]: { module: 'draft-only' } },
      resourceLink: { id: 'link-draft' },
    });
    expect(r.page?.status).toBe(404);
    const second = await post(s, '/app/catalogue/new', valid({ 'title.en': 'Draft Only', action: 'draft' }));
    expect(second.headers.location).toContain('saved=draft-only-2');
  });

  it('when a module is written in Thai only, then English fields may stay empty, the picker filters by language, and English readers are told', async () => {
    const s = await open(user({ roles: AUTHOR(), locale: 'en' }));
    const thaiOnly = Object.fromEntries(
      Object.entries(valid({ action: 'publish', 'title.th': 'ภาษาไทยล้วน' })).filter(
        ([k]) => !k.endsWith('.en') && k !== 'lang.en',
      ),
    );
    const none = await post(s, '/app/catalogue/new', { ...thaiOnly, 'lang.th': '' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose at least one language.');
    const res = await post(s, '/app/catalogue/new', thaiOnly);
    expect(res.status).toBe(303);
    const slug = new URL(res.headers.location as string, 'http://x').searchParams.get('saved')!;

    const agent = t.agent();
    const r = await launch(t, agent, user({ roles: [ROLE.instructor] }), {
      claims: t.lms.deepLinkingClaims(),
    });
    const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
    const en = await agent.get(`/lti/launch?ltik=${encodeURIComponent(ltik)}&lang=en`);
    const th = await agent.get(`/lti/launch?ltik=${encodeURIComponent(ltik)}&lang=th`);
    expect(en.text).not.toContain(`data-module="${slug}"`);
    expect(th.text).toContain(`data-module="${slug}"`);

    const reader = await open(user({ locale: 'en' }), { module: slug });
    const overview = await reader.agent.get(url(reader, `/app/modules/${slug}`));
    expect(overview.text).toContain('This module is written in Thai only.');
    expect(overview.text).toContain('ภาษาไทยล้วน');
  });

  it("when a learner tries to author, then 403; another tenant cannot edit this tenant's module", async () => {
    const learner = await open(user({ locale: 'th' }));
    for (const path of ['/app/catalogue/new', '/app/catalogue/using-ai-responsibly/edit'])
      expect((await learner.agent.get(url(learner, path))).status).toBe(403);
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM module_versions');
    for (const action of ['publish', 'draft', 'preview', 'add-page', 'add-question'])
      expect((await post(learner, '/app/catalogue/new', valid({ action }))).status).toBe(403);
    expect(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM module_versions')).toEqual(before);
    expect(
      (await post(learner, '/app/catalogue/using-ai-responsibly/edit', valid({ action: 'publish' }))).status,
    ).toBe(403);
    const other = await open(user({ roles: AUTHOR() }), { deploymentId: 'agency-other' });
    expect((await other.agent.get(url(other, '/app/catalogue/using-ai-responsibly/edit'))).status).toBe(404);
    expect(
      (await post(other, '/app/catalogue/using-ai-responsibly/edit', valid({ action: 'publish' }))).status,
    ).toBe(404);
  });

  it('when there is no session, then authoring, matrix and catalogue answer 401 and nothing is written', async () => {
    const agent = t.agent();
    for (const path of [
      '/app/catalogue',
      '/app/catalogue/matrix',
      '/app/catalogue/new',
      '/app/catalogue/using-ai-responsibly/edit',
    ])
      expect((await agent.get(path)).status).toBe(401);
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM module_versions');
    const res = await agent
      .post('/app/catalogue/new')
      .type('form')
      .send(valid({ action: 'publish' }));
    expect(res.status).toBe(401);
    expect(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM module_versions')).toEqual(before);
  });

  it("when another tenant's people ask for this tenant's module on any route, then they never see it", async () => {
    // Tenant 1 owns a published module of its own.
    const owner = await open(user({ roles: AUTHOR(), locale: 'en' }));
    const made = await post(
      owner,
      '/app/catalogue/new',
      valid({ 'title.en': 'Tenant One Secret', action: 'publish' }),
    );
    expect(made.status).toBe(303);
    const slug = new URL(made.headers.location as string, 'http://x').searchParams.get('saved')!;
    expect((await owner.agent.get(url(owner, `/app/modules/${slug}`))).status).toBe(200);

    const o = { deploymentId: 'agency-other' };
    const staff = await open(user({ roles: AUTHOR(), locale: 'en' }), o);
    for (const path of ['/app/catalogue', '/app/catalogue?q=secret', '/app/catalogue/matrix'])
      expect((await staff.agent.get(url(staff, path))).text).not.toContain('Tenant One Secret');
    expect((await staff.agent.get(url(staff, `/app/catalogue/${slug}/edit`))).status).toBe(404);
    expect((await staff.agent.get(url(staff, `/app/modules/${slug}`))).status).toBe(404);
    const picker = await open(user({ roles: [ROLE.instructor], locale: 'en' }), {
      ...o,
      claims: t.lms.deepLinkingClaims(),
    });
    expect(picker.page.text).not.toContain('Tenant One Secret');
    expect((await post(picker, '/app/deep-link', { module: slug })).status).toBe(400);
    // A link in the other tenant's course that names the module opens nothing.
    const learner = await launch(t, t.agent(), user({ locale: 'en' }), {
      deploymentId: 'agency-other',
      claims: { [`${LTI}custom`]: { module: slug } },
    });
    expect(learner.page?.status).toBe(404);
  });
});
