import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { bangkokToday } from '../../src/shared/clock';
import { readChart } from '../support/chart-reader';
import { withoutIsolates } from '../support/isolates';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, course: string): Promise<Session> => openSession(t, u, { course });
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));

describe('class overview', () => {
  const alice = user({ name: 'อลิสา ขยันเรียน', locale: 'th' });
  const bob = {
    user_id: 'never-launched-bob',
    name: 'Bob Neverlaunched',
    email: 'bob@example.go.th',
    roles: [ROLE.learner],
  };

  beforeAll(async () => {
    t.lms.members = [
      { user_id: alice.sub, name: alice.name, email: alice.email, roles: [ROLE.learner] },
      bob,
      { user_id: 'teacher-1', name: 'Teacher', roles: [ROLE.instructor] },
    ];
    await open(alice, 'course-class');
  });

  it('when an instructor opens it, then the LMS roster shows, those who never launched included, with the eligibility of each', async () => {
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-class');
    const res = await get(teacher, '/app/class');
    expect(res.status).toBe(200);
    expect(res.text).toContain('อลิสา ขยันเรียน');
    expect(res.text).toContain('Bob Neverlaunched');
    expect(res.text).toContain('never opened the tool');
    expect(res.text).not.toContain('>Teacher<');
    expect(res.text).toContain('Learners: 2; shown: 2; eligible: 0.');
    expect(withoutIsolates(res.text)).toContain(
      'Needs 12 more hours in Digital Literacy Skill Set (has 0 of 12).',
    );
    const filtered = await get(teacher, '/app/class?status=never-launched');
    expect(filtered.text).toContain('Bob Neverlaunched');
    expect(filtered.text).not.toContain('อลิสา ขยันเรียน');
  });

  it('when an instructor opens it, then hours, mix and eligibility of the class show as charts with their tables', async () => {
    const course = 'course-charts';
    const carol = user({ name: 'Carol', locale: 'en' });
    const members = t.lms.members;
    t.lms.members = [
      { user_id: carol.sub, name: carol.name, roles: [ROLE.learner] },
      { user_id: 'never-launched-dan', name: 'Dan', roles: [ROLE.learner] },
    ];
    try {
      const c = await open(carol, course);
      expect((await postForm(c, '/app/progress/target', { group: 'SERV', stage: 'EARLY' })).status).toBe(303);
      const logged = await postForm(c, '/app/record', {
        activityType: 'mentoring',
        title: 'Mentoring on spreadsheets',
        occurredOn: bangkokToday(),
        hours: '3',
        category: '20',
        'skill.DL': '3',
      });
      expect(logged.status).toBe(303);
      const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), course);
      const [entry] = await t.db.query<{ id: number }>(
        'SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1',
        [carol.sub],
      );
      const approved = await postForm(teacher, '/app/approvals', {
        entry: [String(entry!.id)],
        decision: 'approve',
      });
      expect(approved.status).toBe(303);

      const res = await get(teacher, '/app/class');
      expect(res.status).toBe(200);
      const hours = readChart(res.text, 'chart-class-hours')!;
      expect(hours).toMatchObject({ role: 'img', name: 'Learners by hours that count' });
      expect(hours.table).toEqual([
        ['Hours that count', 'Learners'],
        ['Never opened the tool', '1'],
        ['No hours yet', '0'],
        ['over 0 up to 0.5 h', '0'],
        ['over 0.5 up to 1 h', '0'],
        ['over 1 up to 1.5 h', '0'],
        ['over 1.5 up to 2 h', '0'],
        ['over 2 up to 2.5 h', '0'],
        ['over 2.5 up to 3 h', '1'],
      ]);
      expect(hours.description).toContain('Never opened the tool: 1 learner');
      const mix = readChart(res.text, 'chart-class-mix')!;
      expect(mix.table).toEqual([
        [
          'Target group',
          '70 · learning by oneself and from doing the work',
          '20 · learning from others and from coaching',
          '10 · learning from training',
          'Hours',
        ],
        ['Whole class', '0%', '100%', '0%', '3'],
        ['Service', '0%', '100%', '0%', '3'],
      ]);
      const eligibility = readChart(res.text, 'chart-class-eligibility')!;
      expect(eligibility.legend).toEqual(['Eligible', 'Not yet', 'Never opened the tool']);
      expect(eligibility.table![0]).toEqual([
        'Assessment',
        'Eligible',
        'Not yet',
        'Never opened the tool',
        'Total',
      ]);
      // Carol is not eligible yet for any assessment, Dan never opened the tool.
      expect(eligibility.table!.slice(1).every((row) => row.slice(1).join('|') === '0|1|1|2')).toBe(true);

      const th = await get(
        await open(user({ roles: [ROLE.instructor], locale: 'th' }), course),
        '/app/class',
      );
      const thai = readChart(th.text, 'chart-class-mix')!;
      expect(thai.name).toBe('สัดส่วน 70:20:10 ของทั้งรายวิชาและของแต่ละกลุ่มเป้าหมาย');
      expect(thai.description).toBe(
        'ทั้งรายวิชา: 70 0%, 20 100%, 10 0% (3 ชม.); ผู้ทำงานด้านบริการ: 70 0%, 20 100%, 10 0% (3 ชม.)',
      );
    } finally {
      t.lms.members = members;
    }
  });

  it('when exported, then the CSV is UTF-8 with a BOM, Thai intact, and formula-looking cells defused', async () => {
    t.lms.members.push({ user_id: 'evil', name: '=HYPERLINK("http://x")', roles: [ROLE.learner] });
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-class');
    const res = await get(teacher, '/app/class.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    const text = res.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('ชื่อ-สกุล');
    expect(text).toContain('อลิสา ขยันเรียน');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const eligible = await get(teacher, '/app/class/eligible.csv?assessment=TPQI-DL');
    expect(eligible.text.trim().split('\r\n')).toHaveLength(1); // only the header: nobody is eligible yet
  });

  it('when the LMS roster cannot be read, then the page says so and lists those who launched', async () => {
    t.lms.failServicesWith = 503;
    try {
      const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-class');
      const res = await get(teacher, '/app/class');
      expect(res.status).toBe(200);
      expect(res.text).toContain('data-testid="roster-failed"');
      expect(res.text).toContain('อลิสา ขยันเรียน');
    } finally {
      t.lms.failServicesWith = undefined;
    }
  });

  describe('a roster longer than the tool reads (a hostile or broken LMS could make one page hold 50 x 16 MiB)', () => {
    const learners = (page: number, count: number, name: (i: number) => string) =>
      Array.from({ length: count }, (_, i) => ({
        user_id: `roster-p${page}-${i}`,
        name: name(i),
        roles: [ROLE.learner],
      }));
    afterEach(() => {
      t.lms.rosterPages = undefined;
    });

    it('when the LMS pages 12,000 members, then the page lists 10,000 of them (and those who launched) and says the roster was cut, in English and Thai', async () => {
      t.lms.rosterPages = { count: 3, members: (p) => learners(p, 4000, (i) => `Learner ${p}-${i}`) };
      // The launch lands on the instructor's home, which reads the roster too: count the class page's reads only.
      const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-class');
      const calls = t.lms.calls.memberships.length;
      const en = await get(teacher, '/app/class');
      expect(en.status).toBe(200);
      expect(en.text).toContain('data-testid="roster-cut"');
      expect(en.text).toContain('The LMS roster of this course is longer than DigiSkill reads');
      expect(en.text).toContain('it was cut after 10000 members');
      // 10,000 from the roster, and Alice, who launched but is past the cut.
      expect(en.text).toContain('Learners: 10001; shown: 10001; eligible: 0.');
      expect(t.lms.calls.memberships.length - calls).toBe(3);
      const th = await get(
        await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-class'),
        '/app/class',
      );
      expect(th.text).toContain('รายชื่อสมาชิกรายวิชานี้จาก LMS ยาวเกินกว่าที่ DigiSkill อ่านได้');
      expect(th.text).toContain('จึงตัดไว้ที่ 10000 คน');
    });

    it('when the pages hold more than 32 MiB in all, then the roster stops at the page that does not fit and the page says it was cut', async () => {
      // Four pages of about 12 MiB: two fit; the third would pass 32 MiB.
      const perPage = 3000;
      const name = 'น'.repeat(1400); // 4,200 bytes of UTF-8
      t.lms.rosterPages = { count: 4, members: (p) => learners(p, perPage, () => name) };
      // The launch lands on the instructor's home, which reads the roster too: count the class page's reads only.
      const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-class');
      const calls = t.lms.calls.memberships.length;
      const en = await get(teacher, '/app/class');
      expect(en.status).toBe(200);
      expect(en.text).toContain('data-testid="roster-cut"');
      expect(en.text).toContain(`it was cut after ${2 * perPage} members`);
      expect(en.text).toContain(`Learners: ${2 * perPage + 1};`);
      expect(t.lms.calls.memberships.length - calls).toBe(3);
    });

    it('when the roster is within the limits, then nothing is said about a cut', async () => {
      t.lms.rosterPages = { count: 2, members: (p) => learners(p, 10, (i) => `Learner ${p}-${i}`) };
      const en = await get(
        await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-class'),
        '/app/class',
      );
      expect(en.text).toContain('Learners: 21; shown: 21');
      expect(en.text).not.toContain('data-testid="roster-cut"');
    });
  });

  it('when a learner asks, then 403; an instructor of another course does not see these learners', async () => {
    const learner = await open(user(), 'course-class');
    expect((await get(learner, '/app/class')).status).toBe(403);
    expect((await get(learner, '/app/class.csv')).status).toBe(403);
    t.lms.members = [];
    const other = await open(user({ roles: [ROLE.instructor], locale: 'en' }), 'course-other');
    const res = await get(other, '/app/class');
    expect(res.text).not.toContain('อลิสา ขยันเรียน');
  });
});
