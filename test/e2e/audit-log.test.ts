import fs from 'node:fs';
import path from 'node:path';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  registerAnotherLms,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import { createRuleRepository } from '../../src/db/rule.repository';
import { personId as asPersonId, tenantId as asTenantId } from '../../src/shared/ids';

// Issue 20 item 5: what administrators and instructors change is recorded, who, when, what and from which LMS,
// in the same transaction as the change; administrators read it at /app/organisation/audit and export it as CSV.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-audit';
const FORBIDDEN_TH = 'บทบาทของคุณในรายวิชานี้ไม่สามารถเข้าถึงหน้านี้ได้';
const today = () => bangkokToday();
const fy = fiscalYearOf(today());
const open = (u: LmsUser, course = COURSE): Promise<Session> => openSession(t, u, { course });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const post = postForm;

const personId = async (sub: string) =>
  (await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [sub]))[0]!.id;

interface AuditDbRow {
  action: string;
  actor_kind: string;
  actor_person_id: number | null;
  issuer: string | null;
  deployment_id: string | null;
  subject: string;
  subject_person_id: number | null;
  details: Record<string, unknown>;
}
const auditRows = (action: string) =>
  t.db.query<AuditDbRow>(
    `SELECT action, actor_kind, actor_person_id, issuer, deployment_id, subject, subject_person_id, details
       FROM audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );
const auditCount = async () =>
  (
    await t.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM platform_audit_log) AS n',
    )
  )[0]!.n;

/** Logs an activity as the learner and returns its entry id. */
async function logged(s: Session, title: string, hours = '2'): Promise<number> {
  const res = await post(s, '/app/record', {
    activityType: 'mentoring',
    title,
    occurredOn: today(),
    hours,
    category: '',
    'skill.DL': hours,
  });
  expect(res.status).toBe(303);
  const [row] = await t.db.query<{ id: number }>('SELECT id FROM learning_entries WHERE title = $1', [title]);
  return row!.id;
}

let admin: Session;
let instructor: Session;
let learner: Session;
let adminId: number;
let instructorId: number;
let learnerId: number;
/** Who the row names and where from: the person of the session, from the simulated LMS's deployment. */
const byPerson = (id: number) => ({
  actor_kind: 'person',
  actor_person_id: id,
  issuer: t.lms.issuer,
  deployment_id: t.lms.deploymentId,
});

beforeAll(async () => {
  admin = await open(user({ sub: 'audit-admin', roles: MOODLE_ROLES.siteAdmin(), name: 'Ada Admin' }));
  instructor = await open(
    user({ sub: 'audit-teacher', roles: [ROLE.instructor], name: 'Ian Instructor', locale: 'en' }),
  );
  learner = await open(user({ sub: 'audit-learner', name: 'Lena Learner' }));
  adminId = await personId('audit-admin');
  instructorId = await personId('audit-teacher');
  learnerId = await personId('audit-learner');
});

describe('the audit row of each change: who, what, from which LMS', () => {
  it('when an instructor approves and rejects logged learning, then each decision has its row naming them, the learner and the entries', async () => {
    const a = await logged(learner, 'audit approve me');
    const r = await logged(learner, 'audit reject me');
    expect(
      (await post(instructor, '/app/approvals', { entry: [String(a)], decision: 'approve' })).status,
    ).toBe(303);
    expect(
      (
        await post(instructor, '/app/approvals', {
          entry: [String(r)],
          decision: 'reject',
          comment: 'no proof',
        })
      ).status,
    ).toBe(303);

    expect(await auditRows('entry.approved')).toEqual([
      expect.objectContaining({
        ...byPerson(instructorId),
        subject: `#${a}`,
        subject_person_id: learnerId,
        details: { entryIds: [a] },
      }),
    ]);
    expect(await auditRows('entry.rejected')).toEqual([
      expect.objectContaining({
        ...byPerson(instructorId),
        subject_person_id: learnerId,
        details: { entryIds: [r], comment: 'no proof' },
      }),
    ]);
  });

  it('when an instructor corrects and then reverses an entry, then the rows carry the old and new hours', async () => {
    const e = await logged(learner, 'audit correct me', '3');
    await post(instructor, '/app/approvals', { entry: [String(e)], decision: 'approve' });
    const fixed = await post(instructor, `/app/learners/${learnerId}/record/${e}`, {
      action: 'correct',
      hours: '1.5',
      category: '20',
      reason: 'only half',
    });
    expect(fixed.status).toBe(303);
    const reversed = await post(instructor, `/app/learners/${learnerId}/record/${e}`, {
      action: 'reverse',
      hours: '',
      category: '',
      reason: 'duplicate',
    });
    expect(reversed.status).toBe(303);

    const [corrected] = await auditRows('entry.corrected');
    expect(corrected).toMatchObject({ ...byPerson(instructorId), subject_person_id: learnerId });
    expect(corrected!.details).toMatchObject({
      entryId: e,
      before: { hours: 3 },
      after: { hours: 1.5, category: 20 },
      reason: 'only half',
    });
    const [reversal] = await auditRows('entry.reversed');
    expect(reversal).toMatchObject({ ...byPerson(instructorId), subject_person_id: learnerId });
    expect(reversal!.details).toMatchObject({ entryId: e, before: { hours: 1.5 }, reason: 'duplicate' });
  });

  it('when an instructor sets a learner’s target, or the learner chooses their own, then the row has the old and new group and stage', async () => {
    const res = await post(instructor, '/app/learners/target', {
      person: String(learnerId),
      group: 'SERV',
      stage: 'EARLY',
    });
    expect(res.status).toBe(303);
    expect(await auditRows('target.set')).toEqual([
      expect.objectContaining({
        ...byPerson(instructorId),
        subject_person_id: learnerId,
        // An instructor's setting is agreed at once (migration 0042 made every earlier target agreed).
        details: {
          before: { group: null, stage: null, state: 'agreed' },
          after: { group: 'SERV', stage: 'EARLY', state: 'agreed' },
        },
      }),
    ]);
    // The learner's own choice is recorded too, as theirs.
    expect(
      (await post(learner, '/app/progress/target', { group: 'OTHER', stage: 'DEVELOPING' })).status,
    ).toBe(303);
    expect(await auditRows('target.chosen')).toEqual([
      expect.objectContaining({
        ...byPerson(learnerId),
        subject_person_id: learnerId,
        details: {
          before: { group: 'SERV', stage: 'EARLY', state: 'agreed' },
          // The learner's own new group is a proposal, for an instructor to agree.
          after: { group: 'OTHER', stage: 'DEVELOPING', state: 'proposed' },
        },
      }),
    ]);
  });

  it('when a supervisor sends a plan back and then agrees it, then both decisions have their row', async () => {
    const saved = await post(learner, '/app/plan', {
      fy: String(fy),
      basedOn: '0',
      'plan.DL.h70': '6',
      'plan.DL.a70': 'ทำรายงานด้วย Google Sheets',
    });
    expect(saved.status).toBe(303);
    const back = await post(instructor, `/app/learners/${learnerId}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'commented',
      comment: 'more 20',
    });
    expect(back.status).toBe(303);
    const agreed = await post(instructor, `/app/learners/${learnerId}/plan`, {
      fy: String(fy),
      version: '1',
      decision: 'agreed',
    });
    expect(agreed.status).toBe(303);
    expect(await auditRows('plan.sent_back')).toEqual([
      expect.objectContaining({
        ...byPerson(instructorId),
        subject_person_id: learnerId,
        details: { fiscalYear: fy, version: 1, comment: 'more 20' },
      }),
    ]);
    expect(await auditRows('plan.agreed')).toEqual([
      expect.objectContaining({ ...byPerson(instructorId), subject_person_id: learnerId }),
    ]);
  });

  it("when an administrator edits an organisation's rule, then the row carries the rule before and after", async () => {
    const form = browserFormEntries(
      (await get(admin, '/app/assessments/TPQI-DL/*?scope=organisation')).text,
      { name: 'action', value: 'save' },
    );
    const entries = form.entries.map(([k, v]): [string, string] => [k, k === 'skill.DL.min' ? '40' : v]);
    const saved = await admin.agent.post(form.action).type('form').send(urlencoded(entries));
    expect(saved.status).toBe(303);

    const [edited] = await auditRows('rule.edited');
    expect(edited).toMatchObject({ ...byPerson(adminId), subject: 'TPQI-DL *' });
    expect(edited!.details).toMatchObject({ assessment: 'TPQI-DL', targetGroup: '*', scope: 'organisation' });
    const details = edited!.details as { before: unknown; after: { skillSets?: Record<string, unknown> } };
    expect(details.before).not.toEqual(details.after);
    expect(JSON.stringify(details.after)).toContain('40');
  });

  it('when an administrator names and removes a content manager, then both have their row', async () => {
    expect(
      (await post(admin, '/app/organisation/content-managers', { person: String(instructorId) })).status,
    ).toBe(303);
    expect(
      (await post(admin, '/app/organisation/content-managers/remove', { person: String(instructorId) }))
        .status,
    ).toBe(303);
    for (const action of ['content_manager.named', 'content_manager.removed'])
      expect(await auditRows(action)).toEqual([
        expect.objectContaining({ ...byPerson(adminId), subject_person_id: instructorId }),
      ]);
  });

  it('when an administrator imports a framework and chooses another, then each has its row with the framework before', async () => {
    const f = JSON.parse(
      fs.readFileSync(
        path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json'),
        'utf8',
      ),
    ) as { id: string; version: string };
    f.version = '9.2.0';
    const imported = await admin.agent
      .post(withLtik(admin, '/app/framework/import'))
      .type('form')
      .send({ json: JSON.stringify(f) });
    expect(imported.status).toBe(303);
    expect(await auditRows('framework.imported')).toEqual([
      expect.objectContaining({
        ...byPerson(adminId),
        subject: `${f.id}@9.2.0`,
        // A new version of the framework in use: its newest version applies (an import chooses nothing).
        details: { added: true, version: '9.2.0', inUse: true },
      }),
    ]);

    const chosen = await post(admin, '/app/framework/choose', {
      framework: 'teacher-digital-skills',
      confirm: '1',
    });
    expect(chosen.status).toBe(303);
    expect(await auditRows('framework.chosen')).toEqual([
      expect.objectContaining({
        ...byPerson(adminId),
        subject: 'teacher-digital-skills',
        details: expect.objectContaining({ before: f.id, after: 'teacher-digital-skills' }),
      }),
    ]);
    // Back to the default, for the other tests.
    await post(admin, '/app/framework/choose', { framework: f.id, confirm: '1' });
  });

  it('when the platform registry changes, then its row names the operator, and the administrators of that issuer see it', async () => {
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['audit-deployment']);
    const other = await registerAnotherLms(t);
    await t.app.platforms.remove(other.lms.issuer);
    await other.close();
    const rows = await t.db.query<{ action: string; actor_kind: string; issuer: string; details: unknown }>(
      'SELECT action, actor_kind, issuer, details FROM platform_audit_log WHERE issuer = ANY ($1) ORDER BY id',
      [[t.lms.issuer, other.lms.issuer]],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'platform.registered',
        actor_kind: 'operator',
        issuer: t.lms.issuer,
      }),
      {
        action: 'platform.deployments_added',
        actor_kind: 'operator',
        issuer: t.lms.issuer,
        details: { deploymentIds: ['audit-deployment'] },
      },
      expect.objectContaining({
        action: 'platform.registered',
        actor_kind: 'operator',
        issuer: other.lms.issuer,
      }),
      expect.objectContaining({
        action: 'platform.removed',
        actor_kind: 'operator',
        issuer: other.lms.issuer,
      }),
    ]);
    // Registering deployments already known changes nothing, and records nothing.
    const before = await auditCount();
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['audit-deployment']);
    expect(await auditCount()).toBe(before);

    const page = await get(admin, '/app/organisation/audit?action=platform.deployments_added&lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('operator (CLI)');
    expect(page.text).toContain('Deployments added to a platform');
    expect(page.text).not.toContain(other.lms.issuer);
  });
});

describe('a refused or failed change writes no audit row', () => {
  it('when a person with Learner and Instructor approves, corrects or sets the target of their own record, then 403 and no row', async () => {
    const sub = 'audit-dual';
    const mine = await logged(await open(user({ sub })), 'audit own entry');
    const me = await open(user({ sub, roles: [ROLE.learner, ROLE.instructor] }));
    const id = await personId(sub);
    const before = await auditCount();
    expect((await post(me, '/app/approvals', { entry: [String(mine)], decision: 'approve' })).status).toBe(
      403,
    );
    expect(
      (
        await post(me, `/app/learners/${id}/record/${mine}`, {
          action: 'correct',
          hours: '1',
          category: '',
          reason: 'mine',
        })
      ).status,
    ).toBe(403);
    expect(
      (await post(me, '/app/learners/target', { person: String(id), group: 'SERV', stage: 'EARLY' })).status,
    ).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  it('when a plan decision names a version no longer the latest, then nothing is recorded, audit row included', async () => {
    const before = await auditCount();
    const stale = await post(instructor, `/app/learners/${learnerId}/plan`, {
      fy: String(fy),
      version: '7',
      decision: 'agreed',
    });
    expect(stale.status).toBeLessThan(500);
    expect(await auditCount()).toBe(before);
  });

  it('when the audit row cannot be written, then the change is rolled back with it', async () => {
    const tenant = asTenantId(
      (await t.db.query<{ tenant_id: number }>('SELECT tenant_id FROM people WHERE id = $1', [adminId]))[0]!
        .tenant_id,
    );
    const rules = createRuleRepository(t.db);
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM eligibility_rule_overrides'))[0]!.n;
    const before = await count();
    // An author who is not a person of the organisation: the audit row's key refuses it.
    await expect(
      rules.record({
        tenantId: tenant,
        assessment: 'TPQI-DL',
        targetGroup: 'SERV',
        rule: null,
        recordedBy: asPersonId(adminId),
        audit: {
          by: {
            tenantId: tenant,
            personId: asPersonId(987_654_321),
            lms: { issuer: t.lms.issuer, deploymentId: '1' },
          },
          action: 'rule.reset',
          subject: 'TPQI-DL SERV',
        },
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
  });
});

describe('the audit page: administrators only, Thai and English, filters, pages, CSV', () => {
  it('when a learner or an instructor asks for the page or its CSV, then 403 in their language', async () => {
    for (const s of [learner, instructor]) {
      for (const p of ['/app/organisation/audit', '/app/organisation/audit.csv']) {
        const res = await get(s, p);
        expect(res.status).toBe(403);
        expect(res.text).not.toContain('data-testid="audit-log"');
      }
    }
    expect((await get(instructor, '/app/organisation/audit?lang=en')).text).toContain(
      'Your role in this course does not allow this page.',
    );
    expect((await get(learner, '/app/organisation/audit?lang=th')).text).toContain(FORBIDDEN_TH);
  });

  it('when an administrator opens it, then the newest change comes first, with who, what and the LMS, in Thai with a Buddhist-era year and in English', async () => {
    const th = await get(admin, '/app/organisation/audit?lang=th');
    expect(th.status).toBe(200);
    expect(th.text).toContain('บันทึกการเปลี่ยนแปลง');
    expect(th.text).toContain(String(new Date().getFullYear() + 543));
    expect(th.text).toContain('อนุมัติรายการเรียนรู้');
    const en = await get(admin, '/app/organisation/audit?lang=en');
    expect(en.status).toBe(200);
    expect(en.text).toContain('Audit log');
    const actions = [...en.text.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]);
    // The platform registry rows were the latest changes made; the first one here is the newest.
    expect(actions[0]).toBe('platform.deployments_added');
    expect(actions).toContain('entry.approved');
    expect(en.text).toContain('Ian Instructor');
    expect(en.text).toContain('Lena Learner');
    expect(en.text).toContain(t.lms.issuer);
  });

  it('when filtered by action or by person, then only those rows are shown', async () => {
    const byAction = await get(admin, '/app/organisation/audit?action=entry.corrected&lang=en');
    expect([...byAction.text.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'entry.corrected',
    ]);
    const byAdmin = await get(admin, `/app/organisation/audit?person=${adminId}&lang=en`);
    const actions = new Set([...byAdmin.text.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]));
    expect([...actions].sort()).toEqual([
      'content_manager.named',
      'content_manager.removed',
      'framework.chosen',
      'framework.imported',
      'rule.edited',
    ]);
    // A filter that does not parse is no filter (never a 5xx).
    expect((await get(admin, '/app/organisation/audit?action=%3Cscript%3E&person=abc&page=-1')).status).toBe(
      200,
    );
  });

  it('when there are more rows than a page holds, then the pager leads to the older ones', async () => {
    const tenant = asTenantId(
      (await t.db.query<{ tenant_id: number }>('SELECT tenant_id FROM people WHERE id = $1', [adminId]))[0]!
        .tenant_id,
    );
    await t.db.query(
      `INSERT INTO audit_log (tenant_id, action, actor_kind, actor_person_id, issuer, deployment_id, subject)
       SELECT $1, 'rule.reset', 'person', $2, $3, '1', 'paging ' || n FROM generate_series(1, 60) n`,
      [tenant, adminId, t.lms.issuer],
    );
    const first = await get(admin, '/app/organisation/audit?action=rule.reset&lang=en');
    expect(first.text.match(/data-action="rule.reset"/g)).toHaveLength(50);
    expect(first.text).toContain('rel="next"');
    const second = await get(admin, '/app/organisation/audit?action=rule.reset&page=2&lang=en');
    expect(second.text.match(/data-action="rule.reset"/g)).toHaveLength(10);
    expect(second.text).toContain('paging 1<');
  });

  it('when a row has details, then the page lists them readably in its language (Buddhist era in Thai) and the CSV keeps the JSON', async () => {
    const tenant = (
      await t.db.query<{ tenant_id: number }>('SELECT tenant_id FROM people WHERE id = $1', [adminId])
    )[0]!.tenant_id;
    await t.db.query(
      `INSERT INTO audit_log (tenant_id, action, actor_kind, actor_person_id, issuer, deployment_id, subject, details)
       VALUES ($1, 'report.snapshot_taken', 'person', $2, $3, '1', 'details shown', $4::jsonb)`,
      [
        tenant,
        adminId,
        t.lms.issuer,
        JSON.stringify({
          asOf: '2026-12-07',
          entryIds: [3, 4],
          before: { hours: 1.5 },
          after: { hours: 2 },
          futureKey: 'kept',
        }),
      ],
    );
    const detailsOf = (html: string) => {
      const row = html.slice(html.indexOf('details shown'));
      return row.slice(row.indexOf('data-testid="audit-details"'), row.indexOf('</ul>'));
    };
    const th = await get(admin, '/app/organisation/audit?action=report.snapshot_taken&lang=th');
    expect(th.status).toBe(200);
    const thDetails = detailsOf(th.text);
    expect(thDetails).toContain('ข้อมูล ณ วันที่:</span> <bdi>7 ธันวาคม 2569</bdi>');
    expect(thDetails).toContain('รายการ:</span> <bdi>3, 4</bdi>');
    expect(thDetails).toContain('ชั่วโมง:</span> <bdi>1.5 → 2</bdi>');
    expect(thDetails).toContain('futureKey:</span> <bdi>kept</bdi>');
    expect(thDetails).not.toContain('2026-12-07');
    expect(th.text).not.toContain('{&quot;');
    const en = await get(admin, '/app/organisation/audit?action=report.snapshot_taken&lang=en');
    const enDetails = detailsOf(en.text);
    expect(enDetails).toContain('As of:</span> <bdi>7 December 2026</bdi>');
    expect(enDetails).toContain('Entries:</span> <bdi>3, 4</bdi>');
    expect(en.text).toContain('<table class="stack audit-log"');
    const csv = await get(admin, '/app/organisation/audit.csv?action=report.snapshot_taken&lang=th');
    expect(csv.text).toContain('""asOf"":""2026-12-07""');
  });

  it('when exported as CSV, then a name or a comment that looks like a formula is written as text', async () => {
    const course = 'course-audit-csv';
    const evil = await open(
      user({ sub: 'audit-evil', roles: [ROLE.instructor], name: '=HYPERLINK("http://x.example","y")' }),
      course,
    );
    const someone = await open(user({ sub: 'audit-someone', name: '@SUM(1+1)' }), course);
    const e = await logged(someone, 'audit csv entry');
    expect((await post(evil, '/app/approvals', { entry: [String(e)], decision: 'approve' })).status).toBe(
      303,
    );

    const csv = await get(admin, '/app/organisation/audit.csv?action=entry.approved&lang=en');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain('"\'=HYPERLINK(""http://x.example"",""y"")"');
    expect(csv.text).toContain("'@SUM(1+1)");
    expect(csv.text).not.toMatch(/(^|,)[=@+-]/m);
    expect(csv.text).toContain('entry.approved');
    expect(csv.text).toContain(t.lms.issuer);
  });
});
