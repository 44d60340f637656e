import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #18 item 3 for TPQI 2567: an organisation that chose the TPQI framework (after the preview) shows what
// each level means per TPQI area on the self-assessment, and says of each that it was not checked against a
// source (config/level-descriptors/tpqi-digital-government-2567.json: TPQI defines no levels per area).
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const TPQI = 'tpqi-digital-government-2567';
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));

describe('the self-assessment under TPQI 2567', () => {
  beforeAll(async () => {
    const admin = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }), {
      course: 'tpqi-course',
    });
    expect((await postForm(admin, '/app/framework/choose', { framework: TPQI, confirm: '1' })).status).toBe(
      303,
    );
  });

  it('when a learner opens it, then each of the seven areas explains its four levels, each marked as not checked against a source, with where the wording comes from, in English and Thai', async () => {
    const en = (
      await get(
        await openSession(t, user({ locale: 'en' }), { course: 'tpqi-course' }),
        '/app/self-assessment',
      )
    ).text;
    const areas = [
      ...en.matchAll(
        /<details class="level-descriptors" data-testid="level-descriptors">([\s\S]*?)<\/details>/g,
      ),
    ];
    expect(areas).toHaveLength(7);
    for (const [, area] of areas) {
      expect([...area!.matchAll(/<dt>/g)]).toHaveLength(4);
      expect([
        ...area!.matchAll(/data-testid="descriptor-unverified">\(not checked against a source\)/g),
      ]).toHaveLength(4);
    }
    expect(en).toContain(
      'Looks at how the unit works to find its cyber security risks, and judges how serious each is.',
    );
    expect(en).toContain('The DigiSkill team&#x27;s own wording, not TPQI&#x27;s');

    const th = (
      await get(
        await openSession(t, user({ locale: 'th' }), { course: 'tpqi-course' }),
        '/app/self-assessment',
      )
    ).text;
    expect(th).toContain('พิจารณาการทำงานของหน่วยงานเพื่อหาความเสี่ยงด้านไซเบอร์ และประเมินว่ารุนแรงเพียงใด');
    expect(th).toContain('(ยังไม่ได้ตรวจสอบกับแหล่งอ้างอิง)');
    expect(th).toContain('ถ้อยคำของทีมพัฒนาเอง ไม่ใช่ถ้อยคำของ สคช.');
  });
});
