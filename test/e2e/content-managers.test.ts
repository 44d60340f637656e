import fs from 'node:fs';
import path from 'node:path';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { MOODLE_ROLES, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  registerAnotherLms,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue 14 item 4: Moodle sends the same Instructor role to non-editing teachers, so organisation-wide content
// (the catalogue, the framework, the organisation's eligibility rules) is for the LMS's administrators and the
// content managers they name in the tool; plain instructors browse, preview, place and narrow their course's rules.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-a';
const SLUG = 'dl-computer-basics';
const open = (u: LmsUser, course = COURSE, deploymentId?: string): Promise<Session> =>
  openSession(t, u, { course, ...(deploymentId ? { deploymentId } : {}) });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const personId = async (s: Session) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [s.user.sub]))[0]!
    .id;

/** A small valid module as the authoring form posts it. */
const moduleForm = (title: string, action = 'publish'): Record<string, string> => ({
  action,
  'lang.th': 'on',
  'lang.en': 'on',
  'title.th': `บทเรียน ${title}`,
  'title.en': title,
  'summary.th': 'สรุป',
  'summary.en': 'Summary',
  hours: '1',
  category: '70',
  rule: 'pages',
  'page.0.order': '1',
  'page.0.title.th': 'หน้าแรก',
  'page.0.title.en': 'First page',
  'page.0.body.th': 'เนื้อหา',
  'page.0.body.en': 'Body',
  'map.DG': '1',
});

/** Opens a rule's form and saves it as it opened, but with `hours` for Digital Literacy (a stricter rule). */
const saveStricterRule = async (s: Session, scope: 'organisation' | 'course', hours: string) => {
  const form = browserFormEntries((await get(s, `/app/assessments/TPQI-DL/*?scope=${scope}`)).text, {
    name: 'action',
    value: 'save',
  });
  const entries = form.entries.map(([k, v]): [string, string] => [k, k === 'skill.DL.min' ? hours : v]);
  return s.agent.post(form.action).type('form').send(urlencoded(entries));
};

/** Everything an organisation-wide change would write: it must stay as it is after a refusal. */
const written = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*) FROM modules)::int AS modules,
              (SELECT count(*) FROM module_versions)::int AS versions,
              (SELECT count(*) FROM eligibility_rule_overrides)::int AS rules,
              (SELECT count(*) FROM content_managers)::int AS managers,
              (SELECT count(*) FROM frameworks)::int AS frameworks,
              (SELECT string_agg(coalesce(framework_code, '-'), ',' ORDER BY id) FROM tenants) AS chosen`,
    )
  )[0];

const ocscJson = () => {
  const f = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json'),
      'utf8',
    ),
  ) as { version: string };
  f.version = '9.1.0';
  return JSON.stringify(f);
};

describe('content managers: who may change organisation-wide content', () => {
  let admin: Session;
  let plainTh: Session;
  let plainEn: Session;
  let manager: Session;

  beforeAll(async () => {
    admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en', name: 'Ada Admin' }));
    plainTh = await open(
      user({ roles: MOODLE_ROLES.nonEditingTeacher(), locale: 'th', name: 'ครูผู้ช่วย สอนดี' }),
    );
    plainEn = await open(
      user({
        roles: MOODLE_ROLES.editingTeacher(),
        locale: 'en',
        name: 'Ed Teacher',
        email: 'ed@example.go.th',
      }),
    );
    manager = await open(
      user({
        roles: MOODLE_ROLES.editingTeacher(),
        locale: 'en',
        name: 'Cora Content',
        email: 'cora@example.go.th',
      }),
    );
    // The tenant's sample catalogue (and so a published module to edit) is there from the first launch.
    expect((await get(admin, '/app/catalogue')).status).toBe(200);
    const named = await postForm(admin, '/app/organisation/content-managers', {
      person: String(await personId(manager)),
    });
    expect(named.status).toBe(303);
  });

  it("when Moodle launches a non-editing teacher, then the tool sees Moodle's plain Instructor role: an instructor, not a content manager", async () => {
    expect(plainTh.user.roles).toEqual(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
    expect(plainTh.page.text).toContain('data-testid="role">ผู้สอน<');
    const catalogue = await get(plainTh, '/app/catalogue');
    expect(catalogue.status).toBe(200);
    expect(catalogue.text).not.toContain('data-testid="new-module"');
    expect(catalogue.text).not.toContain('/edit?');
    expect(catalogue.text).toContain(`data-testid="preview-${SLUG}"`);
    expect(catalogue.text).toContain('data-testid="content-managed-elsewhere"');
    // Browsing, previewing and the coverage matrix stay open.
    expect((await get(plainTh, `/app/modules/${SLUG}`)).status).toBe(200);
    expect((await get(plainTh, '/app/catalogue/matrix')).status).toBe(200);
    const framework = await get(plainTh, '/app/framework');
    expect(framework.text).not.toContain('data-testid="framework-manage"');
    expect(framework.text).not.toContain('/app/framework/import');
    const rules = await get(plainTh, '/app/assessments');
    expect(rules.status).toBe(200);
    expect(rules.text).not.toContain('data-testid="other-scope"');
    expect(rules.text).toContain('scope&#x3D;course');
    expect(rules.text).not.toContain('scope&#x3D;organisation');
  });

  it('when a content manager or an administrator opens the catalogue and framework, then they see the editing controls', async () => {
    for (const s of [manager, admin]) {
      const catalogue = await get(s, '/app/catalogue');
      expect(catalogue.text).toContain('data-testid="new-module"');
      expect(catalogue.text).toContain(`data-testid="edit-${SLUG}"`);
      expect(catalogue.text).not.toContain('data-testid="content-managed-elsewhere"');
      expect((await get(s, '/app/framework')).text).toContain('data-testid="framework-manage"');
      const rules = await get(s, '/app/assessments');
      expect(rules.text).toContain('data-testid="other-scope"');
      expect(rules.text).toContain('scope&#x3D;organisation');
    }
  });

  type Attempt = [string, (s: Session) => Promise<{ status: number; text: string }>];
  const attempts = (): Attempt[] => [
    ['GET /app/catalogue/new', (s) => get(s, '/app/catalogue/new')],
    ['POST /app/catalogue/new (publish)', (s) => postForm(s, '/app/catalogue/new', moduleForm('Refused'))],
    [
      'POST /app/catalogue/new (draft)',
      (s) => postForm(s, '/app/catalogue/new', moduleForm('Refused', 'draft')),
    ],
    [`GET /app/catalogue/${SLUG}/edit`, (s) => get(s, `/app/catalogue/${SLUG}/edit`)],
    [
      `POST /app/catalogue/${SLUG}/edit (publish)`,
      (s) => postForm(s, `/app/catalogue/${SLUG}/edit`, moduleForm('Refused edit')),
    ],
    ['POST /app/framework/import', (s) => postForm(s, '/app/framework/import', { json: ocscJson() })],
    ['GET /app/assessments?scope=organisation', (s) => get(s, '/app/assessments?scope=organisation')],
    [
      'GET /app/assessments/TPQI-DL/*?scope=organisation',
      (s) => get(s, '/app/assessments/TPQI-DL/*?scope=organisation'),
    ],
    [
      'POST /app/assessments/TPQI-DL/* (organisation)',
      (s) => postForm(s, '/app/assessments/TPQI-DL/*', { scope: 'organisation', 'skill.DL.min': '3' }),
    ],
  ];

  it.each(attempts().map(([name]) => [name]))(
    'when a plain instructor tries %s, then a 403 page in Thai or English and nothing is written',
    async (name) => {
      const attempt = attempts().find(([n]) => n === name)![1];
      const before = await written();
      const th = await attempt(plainTh);
      expect(th.status).toBe(403);
      expect(th.text).toContain('<html lang="th">');
      expect(th.text).toContain('ทำได้เฉพาะผู้ดูแลระบบของแพลตฟอร์มการเรียนรู้และผู้จัดการเนื้อหาที่ผู้ดูแลระบบแต่งตั้ง');
      const en = await attempt(plainEn);
      expect(en.status).toBe(403);
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('administrators and the content managers they name. Nothing was changed.');
      expect(en.text).not.toMatch(/at .*\.ts:\d+/);
      expect(await written()).toEqual(before);
    },
  );

  it('when a plain instructor narrows a rule for their own course, places nothing org-wide, it is allowed', async () => {
    const res = await saveStricterRule(plainEn, 'course', '30');
    expect(res.status).toBe(303);
    const rows = await t.db.query<{ context_id: number | null }>(
      'SELECT context_id FROM eligibility_rule_overrides ORDER BY id DESC LIMIT 1',
    );
    expect(rows[0]!.context_id).not.toBeNull();
  });

  it.each([
    ['a content manager', () => manager],
    ['an administrator', () => admin],
  ])(
    'when %s writes, publishes and edits a module and edits an organisation rule, then each is saved',
    async (who, session) => {
      const s = session();
      const title = `Allowed by ${who}`;
      const created = await postForm(s, '/app/catalogue/new', moduleForm(title));
      expect(created.status).toBe(303);
      const slug = new URL(created.headers.location as string, 'http://x').searchParams.get('saved')!;
      expect((await get(s, `/app/catalogue/${slug}/edit`)).status).toBe(200);
      const edited = await postForm(s, `/app/catalogue/${slug}/edit`, moduleForm(`${title}, edited`));
      expect(edited.status).toBe(303);
      const versions = await t.db.query<{ version: number; status: string }>(
        `SELECT v.version, v.status FROM module_versions v JOIN modules m ON m.id = v.module_id
        WHERE m.slug = $1 ORDER BY v.version`,
        [slug],
      );
      expect(versions).toEqual([
        { version: 1, status: 'published' },
        { version: 2, status: 'published' },
      ]);

      const org = await saveStricterRule(s, 'organisation', s === manager ? '20' : '25');
      expect(org.status).toBe(303);
      const rows = await t.db.query<{ context_id: number | null; recorded_by: number }>(
        'SELECT context_id, recorded_by FROM eligibility_rule_overrides ORDER BY id DESC LIMIT 1',
      );
      expect(rows[0]).toEqual({ context_id: null, recorded_by: await personId(s) });
    },
  );

  it('when a content manager imports a framework, then it is loaded and chosen', async () => {
    const res = await postForm(manager, '/app/framework/import', { json: ocscJson() });
    expect(res.status).toBe(303);
    expect(
      await t.db.query(
        "SELECT 1 FROM frameworks WHERE code = 'ocsc-digital-government-skills' AND version = '9.1.0'",
      ),
    ).toHaveLength(1);
  });
});

describe('naming and removing content managers', () => {
  let admin: Session;
  let adminTh: Session;
  let teacher: Session;
  let anonymousTeacher: Session;
  let learnerOnly: Session;
  let otherTenantTeacher: Session;
  let otherLms: TestApp;

  beforeAll(async () => {
    admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), 'course-n');
    adminTh = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th' }), 'course-n');
    teacher = await open(
      user({
        roles: MOODLE_ROLES.nonEditingTeacher(),
        locale: 'en',
        name: '\u202EPat Partner',
        email: 'pat.partner@example.go.th',
      }),
      'course-n',
    );
    // Moodle withholds name and email when "Share launcher's name/email" is off.
    anonymousTeacher = await open(
      user({
        roles: MOODLE_ROLES.editingTeacher(),
        locale: 'en',
        name: undefined,
        given_name: undefined,
        family_name: undefined,
        email: undefined,
      }),
      'course-n',
    );
    learnerOnly = await open(
      user({ locale: 'en', name: 'Lee Learner', email: 'lee@example.go.th' }),
      'course-n',
    );
    // Another organisation is another platform (one organisation per issuer).
    otherLms = await registerAnotherLms(t);
    otherTenantTeacher = await openSession(
      otherLms,
      user({ roles: MOODLE_ROLES.editingTeacher(), locale: 'en', name: 'Pat Elsewhere' }),
      { course: 'course-n' },
    );
  });
  afterAll(async () => {
    await otherLms.close();
  });

  it('when an administrator searches, then people who launched as instructors are found by name or email, isolated; learners and other organisations are not', async () => {
    const byName = await get(admin, '/app/organisation/content-managers?q=partner');
    expect(byName.status).toBe(200);
    expect(byName.text).toContain('<bdi>\u202EPat Partner</bdi>');
    expect(byName.text).toContain(`data-testid="name-${await personId(teacher)}"`);
    const byEmail = await get(admin, '/app/organisation/content-managers?q=PAT.PARTNER@');
    expect(byEmail.text).toContain(`data-testid="name-${await personId(teacher)}"`);
    const lee = await get(admin, '/app/organisation/content-managers?q=Lee');
    expect(lee.text).not.toContain('Lee Learner');
    expect(lee.text).toContain('data-testid="content-manager-candidates-none"');
    const elsewhere = await get(admin, '/app/organisation/content-managers?q=Elsewhere');
    expect(elsewhere.text).not.toContain('Pat Elsewhere');
    // A LIKE wildcard is taken literally.
    expect((await get(admin, '/app/organisation/content-managers?q=%25')).text).not.toContain('Pat Partner');
    const anonymous = await get(admin, `/app/organisation/content-managers?q=${anonymousTeacher.user.sub}`);
    expect(anonymous.text).toContain(`<bdi>${anonymousTeacher.user.sub}</bdi>`);
    expect(anonymous.text).toContain('Name and email withheld by the LMS');
    const th = await get(adminTh, '/app/organisation/content-managers');
    expect(th.text).toContain('<html lang="th">');
    expect(th.text).toContain('แต่งตั้งผู้จัดการเนื้อหา');
  });

  it('when an administrator names a teacher, then the teacher may edit content; once removed, the next request is refused', async () => {
    expect((await get(teacher, '/app/catalogue/new')).status).toBe(403);
    const id = await personId(teacher);
    const named = await postForm(admin, '/app/organisation/content-managers', { person: String(id) });
    expect(named.status).toBe(303);
    const page = await admin.agent.get(named.headers.location as string);
    expect(page.text).toContain('The content manager was named.');
    expect(page.text).toMatch(new RegExp(`data-person="${id}"[^]*data-testid="remove-${id}"`));
    const row = await t.db.query<{ named_by: number }>(
      'SELECT named_by FROM content_managers WHERE person_id = $1',
      [id],
    );
    expect(row).toEqual([{ named_by: await personId(admin) }]);
    // Named once: naming again changes nothing.
    const again = await postForm(admin, '/app/organisation/content-managers', { person: String(id) });
    expect(again.headers.location).toContain('done=alreadyNamed');
    expect(await t.db.query('SELECT 1 FROM content_managers WHERE person_id = $1', [id])).toHaveLength(1);

    // The same session, without launching again.
    expect((await get(teacher, '/app/catalogue/new')).status).toBe(200);
    const removed = await postForm(admin, '/app/organisation/content-managers/remove', {
      person: String(id),
    });
    expect(removed.status).toBe(303);
    const after = await admin.agent.get(removed.headers.location as string);
    expect(after.text).toContain('The content manager was removed.');
    expect(after.text).not.toContain(`data-testid="remove-${id}"`);
    const refused = await get(teacher, '/app/catalogue/new');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Ask an administrator of your learning platform to name you');
  });

  it('refuses to name a learner, a person of another organisation or nobody, and to remove someone not named: an error page, nothing written', async () => {
    const before = await t.db.query('SELECT * FROM content_managers');
    for (const [session, status, text] of [
      [learnerOnly, 422, 'only people of the organisation who have opened DigiSkill as an instructor'],
      [otherTenantTeacher, 422, 'only people of the organisation who have opened DigiSkill as an instructor'],
    ] as const) {
      const res = await postForm(admin, '/app/organisation/content-managers', {
        person: String(await personId(session)),
      });
      expect(res.status).toBe(status);
      expect(res.text).toContain(text);
    }
    const th = await postForm(adminTh, '/app/organisation/content-managers', {
      person: String(await personId(learnerOnly)),
    });
    expect(th.status).toBe(422);
    expect(th.text).toContain('ผู้จัดการเนื้อหาต้องเป็นบุคลากรของหน่วยงานที่เคยเปิด DigiSkill ในฐานะผู้สอน');
    for (const person of ['', 'abc', '-1', '99999999999999999999'])
      expect((await postForm(admin, '/app/organisation/content-managers', { person })).status).toBe(400);
    const notNamed = await postForm(admin, '/app/organisation/content-managers/remove', {
      person: String(await personId(learnerOnly)),
    });
    expect(notNamed.status).toBe(404);
    expect(notNamed.text).toContain('This person is not a content manager');
    expect(await t.db.query('SELECT * FROM content_managers')).toEqual(before);
  });

  it('refuses the page and its changes to instructors, content managers and learners (403), and to no session (401)', async () => {
    const id = String(await personId(teacher));
    await postForm(admin, '/app/organisation/content-managers', {
      person: String(await personId(anonymousTeacher)),
    });
    const before = await t.db.query('SELECT * FROM content_managers ORDER BY person_id');
    for (const s of [teacher, anonymousTeacher, learnerOnly]) {
      expect((await get(s, '/app/organisation/content-managers')).status).toBe(403);
      expect((await postForm(s, '/app/organisation/content-managers', { person: id })).status).toBe(403);
      expect(
        (
          await postForm(s, '/app/organisation/content-managers/remove', {
            person: String(await personId(anonymousTeacher)),
          })
        ).status,
      ).toBe(403);
    }
    expect((await t.agent().get('/app/organisation/content-managers')).status).toBe(401);
    expect(await t.db.query('SELECT * FROM content_managers ORDER BY person_id')).toEqual(before);
  });
});

describe('a content manager who is also a learner somewhere', () => {
  it('when they launch as a learner in another course, then they are a learner there: their own record works, content editing and self-approval are refused', async () => {
    const admin = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), 'course-x');
    const who = user({ roles: MOODLE_ROLES.editingTeacher(), locale: 'en', name: 'Dual Role' });
    const asTeacher = await open(who, 'course-x');
    expect(
      (
        await postForm(admin, '/app/organisation/content-managers', {
          person: String(await personId(asTeacher)),
        })
      ).status,
    ).toBe(303);
    const asLearner = await open({ ...who, roles: MOODLE_ROLES.student() }, 'course-y');
    expect(await personId(asLearner)).toBe(await personId(asTeacher));

    const before = await written();
    const refused = await postForm(asLearner, '/app/catalogue/new', moduleForm('From a learner launch'));
    expect(refused.status).toBe(403);
    expect((await get(asLearner, '/app/catalogue')).status).toBe(403);
    expect(
      (await postForm(asLearner, '/app/framework/choose', { framework: 'teacher-digital-skills' })).status,
    ).toBe(403);
    expect(await written()).toEqual(before);

    // Their learning record is theirs as in any course.
    expect((await get(asLearner, '/app/progress')).status).toBe(200);
    const logged = await postForm(asLearner, '/app/record', {
      activityType: 'mentoring',
      title: 'Mentoring by a colleague',
      occurredOn: new Date().toISOString().slice(0, 10),
      hours: '1',
      'skill.DL': '1',
    });
    expect(logged.status).toBe(303);
    const entry = (
      await t.db.query<{ id: number }>(
        `SELECT e.id FROM learning_entries e WHERE e.person_id = $1 ORDER BY e.id DESC LIMIT 1`,
        [await personId(asLearner)],
      )
    )[0]!;

    // Back in their own course as a teacher: content editing works, approving their own entry does not.
    expect((await get(asTeacher, '/app/catalogue/new')).status).toBe(200);
    const own = await postForm(asTeacher, '/app/approvals', {
      entry: [String(entry.id)],
      decision: 'approve',
    });
    expect(own.status).toBe(403);
    expect(own.text).toContain('You cannot approve learning you logged yourself.');
  });
});
