import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';
import { readChart } from '../support/chart-reader';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['agency-other']);
  // One Moodle hosting two organisations: the administrator split that deployment off.
  await t.app.platforms.splitDeployment(t.lms.issuer, 'agency-other', 'Other agency');
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, course: string, deploymentId?: string): Promise<Session> =>
  openSession(t, u, { course, ...(deploymentId ? { deploymentId } : {}) });
const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));
const today = () => bangkokToday();
const thisYear = fiscalYearOf(today());

/** A learner in a course with a target group, who logs an activity that the course's instructor approves. */
async function learnerWithHours(
  teacher: Session,
  course: string,
  group: string,
  o: { hours: string; dl: string; dg: string; category: string; deploymentId?: string; horizon?: string },
): Promise<Session> {
  const s = await open(user({ locale: 'th' }), course, o.deploymentId);
  expect((await postForm(s, '/app/progress/target', { group, stage: 'EARLY' })).status).toBe(303);
  const logged = await postForm(s, '/app/record', {
    activityType: 'mentoring',
    title: 'พี่เลี้ยงสอนการใช้ Google Sheets',
    occurredOn: today(),
    hours: o.hours,
    category: o.category,
    horizon: o.horizon ?? 'current',
    // Training says how much was lecture: this one mostly (flagged over 60 %).
    lectureShare: o.category === '10' ? '80' : '',
    'skill.DL': o.dl,
    'skill.DG': o.dg,
  });
  expect(logged.status).toBe(303);
  const [entry] = await t.db.query<{ id: number }>(
    'SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1',
    [s.user.sub],
  );
  const approved = await postForm(teacher, '/app/approvals', {
    entry: [String(entry!.id)],
    decision: 'approve',
  });
  expect(approved.status).toBe(303);
  return s;
}

describe('organisation report', () => {
  let admin: Session;
  let servant: Session;
  beforeAll(async () => {
    const teacherA = await open(user({ roles: [ROLE.instructor] }), 'course-a');
    const teacherB = await open(user({ roles: [ROLE.instructor] }), 'course-b');
    await learnerWithHours(teacherA, 'course-a', 'ACAD', { hours: '4', dl: '3', dg: '1', category: '70' });
    await learnerWithHours(teacherA, 'course-a', 'ACAD', { hours: '2', dl: '2', dg: '', category: '20' });
    servant = await learnerWithHours(teacherB, 'course-b', 'SERV', {
      hours: '4',
      dl: '',
      dg: '4',
      category: '10',
      horizon: 'future',
    });
    // A learner who launched but has learned nothing yet, and one pending entry that must not count.
    await open(user(), 'course-b');
    const pending = await open(user(), 'course-b');
    await postForm(pending, '/app/progress/target', { group: 'SERV', stage: 'EARLY' });
    await postForm(pending, '/app/record', {
      activityType: 'workshop',
      title: 'pending',
      occurredOn: today(),
      hours: '9',
      category: '10',
      lectureShare: '90',
      'skill.DL': '9',
    });
    // Another tenant's learner never shows.
    const otherTeacher = await open(user({ roles: [ROLE.instructor] }), 'course-x', 'agency-other');
    await learnerWithHours(otherTeacher, 'course-x', 'ACAD', {
      hours: '50',
      dl: '50',
      dg: '',
      category: '70',
      deploymentId: 'agency-other',
    });
    admin = await open(user({ roles: [ROLE.sysAdmin], locale: 'en' }), 'course-a');
  });

  it('when an administrator opens it, then learners, hours and the 70:20:10 mix show per target group for this fiscal year', async () => {
    const res = await get(admin, '/app/organisation');
    expect(res.status).toBe(200);
    const groups = res.text.slice(res.text.indexOf('data-testid="report-groups"'));
    const row = (name: string) => {
      const at = groups.search(new RegExp(`<th scope="row">(<bdi>)?${name}(</bdi>)?</th>`));
      return groups
        .slice(at, groups.indexOf('</tr>', at))
        .replace(/<[^>]+>/g, '|')
        .replace(/\|+/g, '|');
    };
    // headcount | learners with hours | hours | 70 | 20 | 10 | mix
    expect(row('Academic')).toBe('|Academic|2|2|6|4|2|0|67:33:0|');
    expect(row('Service')).toBe('|Service|2|1|4|0|0|4|0:0:100|');
    expect(row('No target group yet')).toBe('|No target group yet|1|0|0|0|0|0|–|');
    expect(row('Total')).toBe('|Total|5|3|10|4|2|4|40:20:40|');
    expect(res.text).toContain(`Fiscal year ${thisYear} (B.E.)`);
    const skills = res.text.slice(res.text.indexOf('data-testid="report-skill-sets"'));
    const dl = skills.slice(skills.indexOf('Digital Literacy'));
    expect(
      dl
        .slice(0, dl.indexOf('</tr>'))
        .replace(/<[^>]+>/g, '|')
        .replace(/\|+/g, '|'),
    ).toMatch(/^Digital Literacy[^|]*\|2\|5\|3\|2\|0\|/);
  });

  it('when an administrator opens it, then the 70, 20 and 10 columns are headed by their number, with the full wording for screen readers and in a legend under each table', async () => {
    for (const [lang, legend, full] of [
      // Thai first: the session goes on in English, as the other tests expect.
      ['th', '70: เรียนรู้ด้วยตนเองและจากการปฏิบัติงาน', 'ชม. 70 (เรียนรู้ด้วยตนเองและจากการปฏิบัติงาน)'],
      [
        'en',
        '70: learning by oneself and from doing the work',
        'Hours 70 (learning by oneself and from doing the work)',
      ],
    ] as const) {
      const res = await get(admin, `/app/organisation?lang=${lang}`);
      for (const table of ['report-groups', 'report-skill-sets']) {
        const html = res.text.slice(res.text.indexOf(`data-testid="${table}"`));
        const head = html.slice(html.indexOf('<thead>'), html.indexOf('</thead>'));
        expect(head).toContain(
          `<th scope="col"><span aria-hidden="true">70</span><span class="visually-hidden">${full}</span></th>`,
        );
        const after = html.slice(html.indexOf('</table>'));
        expect(after.slice(0, after.indexOf('</p>'))).toContain(legend);
      }
    }
  });

  it("when an administrator opens it, then the organisation's other pages are links in three labelled groups, the year's pages for the year shown", async () => {
    const res = await get(admin, '/app/organisation');
    const nav = res.text.slice(
      res.text.indexOf('<nav class="org-sections"'),
      res.text.indexOf('</nav>', res.text.indexOf('<nav class="org-sections"')),
    );
    expect(nav).toContain('aria-label="More for the organisation"');
    const groups = [
      ...nav.matchAll(
        /<h2 id="(org-[a-z]+)">[^]*?<\/svg> ([^<]+)<\/h2>\s*<ul aria-labelledby="\1">([^]*?)<\/ul>/g,
      ),
    ].map((m) => [
      m[2],
      [...m[3]!.matchAll(/<a href="([^"?]+)[^"]*"[^>]*>([^<]+)<\/a>/g)].map((a) => `${a[2]} ${a[1]}`),
    ]);
    expect(groups).toEqual([
      [
        'Reports and analysis',
        [
          'Download CSV /app/organisation.csv',
          'Committee snapshots /app/organisation/snapshots',
          'Need analysis /app/organisation/needs',
          expect.stringMatching(/ \/app\/organisation\/gains$/),
          expect.stringMatching(/ \/app\/organisation\/follow-ups$/),
        ],
      ],
      [
        'Learners, results and certificates',
        [
          expect.stringMatching(/ \/app\/organisation\/stage$/),
          expect.stringMatching(/ \/app\/organisation\/hand-ins$/),
          expect.stringMatching(/ \/app\/organisation\/official-results\/import$/),
          expect.stringMatching(/ \/app\/organisation\/certificates$/),
        ],
      ],
      [
        'Administration',
        [
          expect.stringMatching(/ \/app\/organisation\/content-managers$/),
          'Audit log /app/organisation/audit',
        ],
      ],
    ]);
    expect(nav).toContain(`/app/organisation/gains?fy&#x3D;${thisYear}&amp;ltik`);
    expect(nav).not.toContain('class="button');
  });

  it('when an administrator opens it, then hours, the mix, skill sets and eligibility show as charts, each with its text', async () => {
    const res = await get(admin, '/app/organisation');
    const hours = readChart(res.text, 'chart-group-hours')!;
    expect(hours.role).toBe('img');
    expect(hours.name).toBe(`Hours that count per target group, by 70:20:10, fiscal year ${thisYear} (B.E.)`);
    // The description says what the table beside it says: Academic 4 h of 70 and 2 h of 20, Service 4 h of 10.
    expect(hours.description).toContain('Academic: 70 4 h, 20 2 h, 10 0 h (6 h)');
    expect(hours.description).toContain('Service: 70 0 h, 20 0 h, 10 4 h (4 h)');
    expect(hours.bars).toBe(3);
    expect(hours.legend).toEqual([
      '70 · learning by oneself and from doing the work',
      '20 · learning from others and from coaching',
      '10 · learning from training',
    ]);
    const mix = readChart(res.text, 'chart-group-mix')!;
    expect(mix.description).toBe(
      'Academic: 70 67%, 20 33%, 10 0% (6 h); Service: 70 0%, 20 0%, 10 100% (4 h); Total: 70 40%, 20 20%, 10 40% (10 h)',
    );
    expect(readChart(res.text, 'chart-skill-set-hours')!.description).toMatch(
      /^Digital Literacy[^:]*: 70 3 h, 20 2 h, 10 0 h \(5 h\)/,
    );
    expect(readChart(res.text, 'chart-eligibility')!.name).toBe(
      `Learners eligible per assessment by the end of fiscal year ${thisYear} (B.E.)`,
    );
    // The tables stay: they are the charts' text equivalent for everyone.
    expect(res.text).toContain('data-testid="report-groups"');

    const th = await open(user({ roles: [ROLE.sysAdmin], locale: 'th' }), 'course-a');
    const thai = readChart((await get(th, '/app/organisation')).text, 'chart-group-hours')!;
    expect(thai.name).toContain(`ปีงบประมาณ พ.ศ. ${thisYear}`);
    expect(thai.description).toMatch(/: 70 4 ชม\., 20 2 ชม\., 10 0 ชม\. \(6 ชม\.\)/);

    const before = await get(admin, `/app/organisation?fy=${thisYear - 1}`);
    expect(readChart(before.text, 'chart-group-hours')).toMatchObject({
      empty: 'No data for this chart yet',
    });
  });

  it('when an earlier fiscal year is chosen, then it has no hours; a learner who moves group takes their hours along', async () => {
    const before = await get(admin, `/app/organisation?fy=${thisYear - 1}`);
    expect(before.status).toBe(200);
    expect(before.text).toContain('data-testid="report-empty"');
    expect((await get(admin, '/app/organisation?fy=garbage')).status).toBe(200);

    expect((await postForm(servant, '/app/progress/target', { group: 'TECH', stage: 'EARLY' })).status).toBe(
      303,
    );
    const after = await get(admin, '/app/organisation');
    const groups = after.text.slice(after.text.indexOf('data-testid="report-groups"'));
    const cells = (name: string) => {
      const at = groups.search(new RegExp(`<th scope="row">(<bdi>)?${name}(</bdi>)?</th>`));
      return groups
        .slice(at, groups.indexOf('</tr>', at))
        .replace(/<[^>]+>/g, '|')
        .replace(/\|+/g, '|');
    };
    expect(cells('Service')).toBe('|Service|1|0|0|0|0|0|–|');
    expect(cells('Technology Specialist')).toMatch(/\|1\|1\|4\|0\|0\|4\|0:0:100\|$/);
    expect(cells('Total')).toBe('|Total|5|3|10|4|2|4|40:20:40|');
    await postForm(servant, '/app/progress/target', { group: 'SERV', stage: 'EARLY' });
  });

  it('when eligibility was found, then the learners first eligible in the year and by its end are counted per assessment', async () => {
    const people = await t.db.query<{ id: number; tenant_id: number }>(
      `SELECT id, tenant_id FROM people WHERE target_group = 'ACAD' AND tenant_id = (SELECT id FROM tenants WHERE deployment_id IS NULL)`,
    );
    expect(people.length).toBe(2);
    await t.db.query(
      `INSERT INTO eligibility_firsts (tenant_id, person_id, assessment_code, first_eligible_at)
       VALUES ($1, $2, 'TPQI-DL', now()), ($1, $3, 'TPQI-DL', now() - interval '2 years')`,
      [people[0]!.tenant_id, people[0]!.id, people[1]!.id],
    );
    const res = await get(admin, '/app/organisation');
    const elig = res.text.slice(res.text.indexOf('data-testid="report-eligibility"'));
    const row = elig
      .slice(elig.indexOf('<tbody>'), elig.indexOf('</tr>', elig.indexOf('<tbody>')))
      .replace(/<[^>]+>/g, '|')
      .replace(/\|+/g, '|');
    expect(row).toMatch(/\|1\|2\|/);
  });

  it("exports the report as CSV with a BOM, in the reader's language", async () => {
    const th = await open(user({ roles: [ROLE.instAdmin], locale: 'th' }), 'course-a');
    const res = await get(th, `/app/organisation.csv?fy=${thisYear}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="organisation-${thisYear}.csv"`);
    const text = res.text;
    expect(text.startsWith('\uFEFFปีงบประมาณ (พ.ศ.),หมวด,กลุ่มเป้าหมาย')).toBe(true);
    const lines = text.split('\r\n');
    // The 70:30 and lecture-share columns: 6 h current, 4 h future, none unstated; one training over 60 % lecture.
    expect(lines).toContain(`${thisYear},ตามกลุ่มเป้าหมาย,รวม,,5,3,10,4,2,4,40:20:40,,,6,4,0,60:40,1,1,4`);
    expect(lines).toContain(
      `${thisYear},ตามกลุ่มเป้าหมาย,ผู้ทำงานด้านบริการ,,2,1,4,0,0,4,0:0:100,,,0,4,0,0:100,1,1,4`,
    );
  });

  it('when an administrator opens it, then the 70:30 split per target group and the training over 60 % lecture show, in English and Thai', async () => {
    const res = await get(admin, '/app/organisation');
    const table = res.text.slice(res.text.indexOf('data-testid="report-seventy-thirty"'));
    const row = (name: string) => {
      const at = table.search(new RegExp(`<th scope="row">(<bdi>)?${name}(</bdi>)?</th>`));
      return table
        .slice(at, table.indexOf('</tr>', at))
        .replace(/<[^>]+>/g, '|')
        .replace(/\|+/g, '|');
    };
    // current h | future h | not stated h | current:future | training with a share | over 60 % | their hours
    expect(row('Academic')).toBe('|Academic|6|0|0|100:0|0|0|0|');
    expect(row('Service')).toBe('|Service|0|4|0|0:100|1|1|4|');
    expect(row('Total')).toBe('|Total|6|4|0|60:40|1|1|4|');
    // The pending workshop (90 % lecture) is not approved: it is not counted.
    expect(res.text).toContain(
      '1 of 1 training entries with a recorded lecture share were over 60 % lecture (4 of 4 h).',
    );
    const chart = readChart(res.text, 'report-split');
    expect(chart?.description).toBe('Current work 60 %, future work 40 %; the target is 70 % and 30 %.');

    const th = await open(user({ roles: [ROLE.sysAdmin], locale: 'th' }), 'course-a');
    const thai = (await get(th, '/app/organisation')).text;
    expect(thai).toContain('70:30 ตามกลุ่มเป้าหมาย');
    expect(thai).toContain('1 จาก 1 รายการฝึกอบรมที่ระบุสัดส่วนการบรรยาย บรรยายเกินร้อยละ 60 (4 จาก 4 ชั่วโมง)');
  });

  it('when a learner, an instructor or nobody asks for it, then 403, 403 and 401', async () => {
    const learner = await open(user(), 'course-a');
    const teacher = await open(user({ roles: [ROLE.instructor] }), 'course-a');
    for (const path of ['/app/organisation', '/app/organisation.csv']) {
      expect((await get(learner, path)).status).toBe(403);
      expect((await get(teacher, path)).status).toBe(403);
      expect((await t.agent().get(path)).status).toBe(401);
    }
  });
});
