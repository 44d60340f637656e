import { parse } from 'csv-parse/sync';
import { MOODLE_ROLES, ROLE, user, type LmsUser } from '../support/simulated-lms';
import { withoutIsolates } from '../support/isolates';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Seed 002: the DG-SA (the OCSC's official online self-assessment) is THE self-assessment. Once an administrator
// imports DG-SA results (the official-results import, migration 0051), the class view's last self-assessment (page
// and CSV) is the later of the tool's own and the DG-SA, saying which; and the need analysis counts each person's
// newer one, saying how many came from the DG-SA. Dates are fixed in fiscal year 2569 (1 Oct 2025 – 30 Sep 2026): a
// self-assessment taken through the page is moved back to its day, as if taken then.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-dg-sa';
const IMPORT = '/app/organisation/official-results/import';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: COURSE });
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
const text = (html: string) =>
  withoutIsolates(html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
const decode = (v: string) =>
  v
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
/** Previews a file and confirms the exact previewed text, as the import page does. */
async function importResults(admin: Session, csv: string): Promise<void> {
  const preview = await postForm(admin, `${IMPORT}/preview`, { csv });
  expect(preview.status).toBe(200);
  const form = /<form[^>]*import\/confirm[^>]*>([\s\S]*?)<\/form>/.exec(preview.text);
  if (!form) throw new Error(`no confirm form on the preview: ${text(preview.text).slice(0, 400)}`);
  const fields = Object.fromEntries(
    [...form[1]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      decode(m[2]!),
    ]),
  );
  const confirm = await postForm(admin, `${IMPORT}/confirm`, fields);
  expect(confirm.status).toBe(303);
}
const RATINGS = {
  'rating.DL': '1',
  'rating.DG': '2',
  'rating.DT': '0',
  'rating.DPS': '0',
  'rating.PSM': '0',
  'rating.DLD': '0',
  'rating.DTF': '0',
};
/** The tool's own self-assessment, through its page, then moved back to `on`. */
async function selfAssess(s: Session, on: string): Promise<void> {
  const res = await postForm(s, '/app/self-assessment', { group: 'SERV', stage: 'DEVELOPING', ...RATINGS });
  expect(res.status).toBe(303);
  await t.db.query(
    `UPDATE self_assessments SET taken_on = $2
      WHERE person_id = (SELECT id FROM people WHERE platform_user_id = $1)`,
    [s.user.sub, on],
  );
}
/** The CSV as rows of cells. */
const rowsOf = (csv: string) => parse(csv, { bom: true }) as string[][];

let adminTh: Session;
let adminEn: Session;
let teacherTh: Session;
let teacherEn: Session;
const anan = user({ name: 'อนันต์ ดีจีเอสเอ', locale: 'th' }); // own 10 Nov 2025, DG-SA 7 Dec 2025: the DG-SA (no group)
const benja = user({ name: 'เบญจา ประเมินเอง', locale: 'th' }); // own 20 Jan 2026, DG-SA 7 Dec 2025: the own
const chai = user({ name: 'ชัย ทางการ', locale: 'th' }); // DG-SA only, 7 Dec 2025, group and stage chosen
const dao = user({ name: 'ดาว ยังไม่ประเมิน', locale: 'th' }); // neither
const eak = user({ name: 'เอก ไม่มีกลุ่ม', locale: 'th' }); // DG-SA only, no target group

beforeAll(async () => {
  t.lms.members = [anan, benja, chai, dao, eak].map((u) => ({
    user_id: u.sub,
    name: u.name,
    email: u.email,
    roles: [ROLE.learner],
  }));
  adminTh = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th' }));
  adminEn = await open(user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }));
  teacherTh = await open(user({ roles: [ROLE.instructor], locale: 'th' }));
  teacherEn = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
  const [a, b, c] = [await open(anan), await open(benja), await open(chai)];
  await open(dao);
  await open(eak);
  await selfAssess(a, '2025-11-10');
  await selfAssess(b, '2026-01-20');
  expect((await postForm(c, '/app/progress/target', { group: 'SERV', stage: 'DEVELOPING' })).status).toBe(
    303,
  );
  await importResults(
    adminTh,
    [
      'lms_user_id,kind,code,level,date,certificate_number',
      // An earlier DG-SA of Anan's: the later day's levels count.
      `${anan.sub},dg_sa,DL,0,2025-10-15,`,
      `${anan.sub},dg_sa,DL,3,2025-12-07,`,
      `${anan.sub},dg_sa,DG,0,7/12/2568,`,
      `${benja.sub},dg_sa,DL,0,2025-12-07,`,
      `${chai.sub},dg_sa,DL,1,2025-12-07,`,
      `${chai.sub},dg_sa,DG,2,2025-12-07,`,
      `${eak.sub},dg_sa,DL,0,2025-12-07,`,
      '',
    ].join('\n'),
  );
});

describe('the class view’s last self-assessment is the later of the tool’s own and an imported DG-SA result', () => {
  const rowOf = (html: string, name: string) => {
    const row = [...html.matchAll(/<tr data-launched[^>]*>([\s\S]*?)<\/tr>/g)]
      .map((m) => text(m[1]!))
      .find((r) => r.includes(name));
    if (!row) throw new Error(`no row for ${name}`);
    return row;
  };

  it('when an instructor opens the class in Thai, then each row gives the later one and marks a DG-SA result', async () => {
    const res = await get(teacherTh, '/app/class');
    expect(res.status).toBe(200);
    expect(rowOf(res.text, 'อนันต์')).toContain('7 ธันวาคม 2568 (DG-SA)');
    expect(rowOf(res.text, 'เบญจา')).toContain('20 มกราคม 2569');
    expect(rowOf(res.text, 'เบญจา')).not.toContain('DG-SA');
    expect(rowOf(res.text, 'ชัย')).toContain('7 ธันวาคม 2568 (DG-SA)');
    // Hours 0, no mix, no self-assessment.
    expect(rowOf(res.text, 'ดาว')).toContain(' 0 – – ');
    expect(text(res.text)).toContain(
      'ประเมินตนเอง: ครั้งที่ใหม่กว่าระหว่างแบบประเมินตนเองของระบบกับผลประเมิน DG-SA อย่างเป็นทางการที่ผู้ดูแลระบบนำเข้า ผลจาก DG-SA มีเครื่องหมาย (DG-SA)',
    );
  });

  it('when an instructor opens the class in English, then the same, in English', async () => {
    const res = await get(teacherEn, '/app/class');
    expect(res.status).toBe(200);
    expect(rowOf(res.text, 'อนันต์')).toContain('7 December 2025 (DG-SA)');
    expect(rowOf(res.text, 'เบญจา')).toContain('20 January 2026');
    expect(rowOf(res.text, 'เบญจา')).not.toContain('DG-SA');
    expect(text(res.text)).toContain(
      "Self-assessment: the later of the learner's own self-assessment in DigiSkill and an official DG-SA result an administrator imported; a DG-SA result is marked (DG-SA).",
    );
  });

  it('when the class is exported in Thai, then the CSV gives the later date in both eras and where it came from', async () => {
    const [header, ...rows] = rowsOf((await get(teacherTh, '/app/class.csv')).text);
    const at = header!.indexOf('ประเมินตนเองล่าสุด (ค.ศ.)');
    expect(header!.slice(at, at + 3)).toEqual([
      'ประเมินตนเองล่าสุด (ค.ศ.)',
      'ประเมินตนเองล่าสุด (พ.ศ.)',
      'ประเมินตนเองล่าสุดจาก',
    ]);
    const of = (name: string | undefined) => rows.find((r) => r[0] === name)!.slice(at, at + 3);
    expect(of(anan.name)).toEqual(['2025-12-07', '7/12/2568', 'DG-SA']);
    expect(of(benja.name)).toEqual(['2026-01-20', '20/1/2569', 'แบบประเมินตนเองของระบบ']);
    expect(of(chai.name)).toEqual(['2025-12-07', '7/12/2568', 'DG-SA']);
    expect(of(dao.name)).toEqual(['', '', '']);
  });

  it('when the class or its eligible learners are exported in English, then the CSV gives the later ISO date and where it came from', async () => {
    for (const path of ['/app/class.csv', '/app/class/eligible.csv']) {
      const res = await get(teacherEn, path);
      expect(res.status).toBe(200);
      const [header] = rowsOf(res.text);
      const at = header!.indexOf('Last self-assessment');
      expect(header!.slice(at, at + 3)).toEqual([
        'Last self-assessment',
        'Last self-assessment from',
        'Eligibility',
      ]);
    }
    const [header, ...rows] = rowsOf((await get(teacherEn, '/app/class.csv')).text);
    const at = header!.indexOf('Last self-assessment');
    const of = (name: string | undefined) => rows.find((r) => r[0] === name)!.slice(at, at + 2);
    expect(of(anan.name)).toEqual(['2025-12-07', 'DG-SA']);
    expect(of(benja.name)).toEqual(['2026-01-20', 'DigiSkill']);
    expect(of(eak.name)).toEqual(['2025-12-07', 'DG-SA']);
    expect(of(dao.name)).toEqual(['', '']);
  });
});

describe('the need analysis of the fiscal year asked for', () => {
  it('when an administrator picks a past fiscal year, then the page, its choice and its CSV are that year’s', async () => {
    const res = await get(adminEn, '/app/organisation/needs?fy=2569');
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain("From each person's latest self-assessment of fiscal year 2569 (B.E.)");
    expect(res.text).toContain('<option value="2569" selected>');
    expect(res.text).toContain('needs.csv?fy&#x3D;2569');
    const csv = await get(adminTh, '/app/organisation/needs.csv?fy=2569');
    expect(csv.headers['content-disposition']).toContain('need-analysis-2569.csv');
  });
});

describe('the need analysis counts each person’s newer self-assessment, the DG-SA’s levels included', () => {
  it('when an administrator opens it in Thai, then the DG-SA results count and the page says how many', async () => {
    const res = await get(adminTh, '/app/organisation/needs?fy=2569');
    expect(res.status).toBe(200);
    const page = text(res.text);
    // Anan (DG-SA, read against his own self-assessment's group and stage), Benja (own), Chai (DG-SA), Eak (DG-SA
    // without any group): four people.
    expect(page).toContain('มีผู้ประเมินตนเอง 4 คน');
    expect(page).toContain(
      'ในจำนวนนี้ 2 คนมาจากผล DG-SA อย่างเป็นทางการที่นำเข้า: แต่ละคนนับผลที่ใหม่กว่าระหว่างผล DG-SA กับแบบประเมินตนเองของระบบในปีนั้น',
    );
    expect(page).toContain('1 คนในจำนวนนี้มีผล DG-SA แต่ยังไม่มีกลุ่มเป้าหมายหรือระยะ ระดับของผู้นั้นจึงไม่อยู่ในตาราง');
    expect(page).toContain('ผล DG-SA นับเทียบกับกลุ่มเป้าหมายของผู้นั้นและระยะที่ใช้ในปีงบประมาณนั้น');
  });

  it('when an administrator opens it in English, then the lines hold the DG-SA levels beside the own ratings', async () => {
    const res = await get(adminEn, '/app/organisation/needs?fy=2569');
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('People who assessed themselves: 4.');
    expect(page).toContain(
      'Of them, 2 from the official DG-SA results imported: for each person the newer of their DG-SA result and their self-assessment in DigiSkill of the year counts.',
    );
    expect(page).toContain(
      '1 of them have a DG-SA result but no target group or stage yet, so their levels are not in the table.',
    );
    const csv = rowsOf((await get(adminEn, '/app/organisation/needs.csv?fy=2569')).text);
    const line = (skillSet: RegExp) => csv.find((r) => skillSet.test(r[2] ?? ''))!.slice(1, 6);
    // Service, Developing (level 2 needed). DL: Anan 3 (DG-SA), Benja 1 (own), Chai 1 (DG-SA) → 3 assessed, 2 below.
    expect(line(/^Digital Literacy/)).toEqual([
      'Service',
      expect.stringMatching(/^Digital Literacy/),
      '3',
      '2',
      '67',
    ]);
    // DG: Anan 0 (DG-SA), Benja 2 (own), Chai 2 (DG-SA) → 3 assessed, 1 below. DT: Benja only (own, 0).
    expect(line(/^Digital Governance/)).toEqual([
      'Service',
      expect.stringMatching(/^Digital Governance/),
      '3',
      '1',
      '33',
    ]);
  });

  it('when the year has no DG-SA result, then the page says nothing of it', async () => {
    const page = text((await get(adminEn, '/app/organisation/needs?fy=2568')).text);
    expect(page).toContain('People who assessed themselves: 0.');
    expect(page).not.toContain('DG-SA');
  });
});
