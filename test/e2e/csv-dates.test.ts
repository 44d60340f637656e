import { ROLE, user } from '../support/simulated-lms';
import { openSession, postForm, startTestApp, withLtik, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const RATINGS = {
  'rating.DL': '1',
  'rating.DG': '2',
  'rating.DT': '0',
  'rating.DPS': '0',
  'rating.PSM': '0',
  'rating.DLD': '0',
  'rating.DTF': '0',
};

/** The CSV as rows of cells (no cell here holds a comma or a quote). */
const rowsOf = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));

describe('dates in the class CSV', () => {
  const alice = user({ name: 'อลิสา ขยันเรียน', locale: 'th' });

  beforeAll(async () => {
    t.lms.members = [{ user_id: alice.sub, name: alice.name, email: alice.email, roles: [ROLE.learner] }];
    const s = await openSession(t, alice, { course: 'course-csv-dates' });
    const res = await postForm(s, '/app/self-assessment', { group: 'SERV', stage: 'DEVELOPING', ...RATINGS });
    expect(res.status).toBe(303);
  });

  it('when exported in Thai, then the self-assessment date is given in the Buddhist era next to the ISO date', async () => {
    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'th' }), {
      course: 'course-csv-dates',
    });
    const [header, ...rows] = rowsOf((await teacher.agent.get(withLtik(teacher, '/app/class.csv'))).text);
    const at = header!.indexOf('ประเมินตนเองล่าสุด (ค.ศ.)');
    expect(header![at + 1]).toBe('ประเมินตนเองล่าสุด (พ.ศ.)');
    expect(header![header!.indexOf('มีสิทธิ์ครั้งแรก (ค.ศ.)') + 1]).toBe('มีสิทธิ์ครั้งแรก (พ.ศ.)');
    const row = rows.find((r) => r[0] === 'อลิสา ขยันเรียน')!;
    const [y, m, d] = row[at]!.split('-').map(Number);
    expect(row[at]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row[at + 1]).toBe(`${d}/${m}/${y! + 543}`);
  });

  it('when exported in English, then dates stay ISO only', async () => {
    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), {
      course: 'course-csv-dates',
    });
    const [header, ...rows] = rowsOf((await teacher.agent.get(withLtik(teacher, '/app/class.csv'))).text);
    expect(header!.filter((h) => /Buddhist/.test(h))).toEqual([]);
    const at = header!.indexOf('Last self-assessment');
    expect(header!.slice(at + 1, at + 3)).toEqual(['Last self-assessment from', 'Eligibility']);
    expect(rows.find((r) => r[0] === 'อลิสา ขยันเรียน')![at]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
