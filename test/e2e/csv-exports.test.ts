import fs from 'node:fs';
import path from 'node:path';
import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  passSampleModule,
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Every CSV export, fed a name or title that a spreadsheet would run as a formula: it comes out as text.
const HOSTILE = '=HYPERLINK("http://x")';
const NEUTRALISED = `"'=HYPERLINK(""http://x"")"`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const COURSE = 'course-csv';

async function completeModule(u: LmsUser, slug: string) {
  await passSampleModule(await openSession(t, u, { course: COURSE, module: slug }), slug);
}

describe('CSV exports neutralise formulas', () => {
  it('when a learner named like a formula is in the class and eligible, then the class and eligible-list CSVs write the name as text and hours as numbers', async () => {
    const evil = user({ name: HOSTILE, locale: 'en' });
    const learner = await openSession(t, evil, { course: COURSE });
    await postForm(learner, '/app/progress/target', { group: 'SERV', stage: 'DEVELOPING' });
    await completeModule(evil, 'dl-computer-basics');
    await completeModule(evil, 'dl-digital-security-threats');
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    for (const [type, hours] of [
      ['on-the-job', '7'],
      ['mentoring', '2'],
    ] as const)
      await postForm(learner, '/app/record', {
        activityType: type,
        title: type,
        occurredOn: today,
        hours,
        'skill.DL': hours,
      });
    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), {
      course: COURSE,
    });
    const queue = (await get(teacher, '/app/approvals')).text;
    const ids = [...queue.matchAll(/name="entry" value="(\d+)"/g)].map((m) => m[1]!);
    await postForm(teacher, '/app/approvals', { entry: ids, decision: 'approve' });
    const ratings = Object.fromEntries(
      ['DL', 'DG', 'DT', 'DPS', 'PSM', 'DLD', 'DTF'].map((s) => [`rating.${s}`, '1']),
    );
    await postForm(learner, '/app/self-assessment', { group: 'SERV', stage: 'DEVELOPING', ...ratings });

    for (const p of ['/app/class.csv?assessment=TPQI-DL', '/app/class/eligible.csv?assessment=TPQI-DL']) {
      const res = await get(teacher, p);
      expect(res.status).toBe(200);
      const row = res.text.split('\r\n').find((l) => l.startsWith(NEUTRALISED));
      expect(row).toBeDefined();
      expect(res.text).not.toContain(`,${HOSTILE}`);
      // Hours are written as numbers, not text: 12 in all.
      expect(row).toMatch(/,12,/);
    }
  });

  it('when an imported framework names a group and a dimension like formulas, then the Moodle competency CSV and the organisation report CSV write them as text', async () => {
    const ocsc = JSON.parse(
      fs.readFileSync(
        path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json'),
        'utf8',
      ),
    ) as {
      version: string;
      dimensions: Array<{ name: { th: string; en: string } }>;
      targetGroups: Array<{ name: { th: string; en: string } }>;
    };
    ocsc.version = '9.0.0';
    ocsc.dimensions[0]!.name = { th: HOSTILE, en: HOSTILE };
    ocsc.targetGroups[0]!.name = { th: `@SUM(1+1)`, en: `-2+3` };
    const admin = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }), { course: COURSE });
    const imported = await postForm(admin, '/app/framework/import', { json: JSON.stringify(ocsc) });
    expect(imported.status).toBe(303);

    const moodle = await get(admin, '/app/framework/export.csv?lang=en');
    expect(moodle.status).toBe(200);
    expect(moodle.text).toContain(`\n,ocsc-digital-government-skills/D1,${NEUTRALISED},`);
    expect(moodle.text).not.toContain(`,${HOSTILE}`);

    // The report names each group of the tenant's framework, in the reader's language.
    for (const [locale, name] of [
      ['en', `'-2+3`],
      ['th', `'@SUM(1+1)`],
    ] as const) {
      const reader = await openSession(t, user({ roles: [ROLE.sysAdmin], locale }), { course: COURSE });
      const report = await get(reader, '/app/organisation.csv');
      expect(report.status).toBe(200);
      expect(report.text.split('\r\n').filter((l) => l.includes(`,${name},`))).not.toEqual([]);
      expect(report.text).not.toMatch(/,[-@]/);
    }
  });
});
