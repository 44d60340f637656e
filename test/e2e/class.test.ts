import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type Session, type TestApp } from '../support/test-app';
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
    expect(res.text).toContain('2 learners, 2 shown, 0 eligible.');
    expect(withoutIsolates(res.text)).toContain(
      'Needs 12 more hours in Digital Literacy Skill Set (has 0 of 12).',
    );
    const filtered = await get(teacher, '/app/class?status=never-launched');
    expect(filtered.text).toContain('Bob Neverlaunched');
    expect(filtered.text).not.toContain('อลิสา ขยันเรียน');
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
