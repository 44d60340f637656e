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
import { withoutIsolates } from '../support/isolates';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, module?: string): Promise<Session> => openSession(t, u, { module });
const url = withLtik;
const get = (s: Session, path: string) => s.agent.get(url(s, path));
const post = (s: Session, path: string, form: Record<string, string>) => postForm(s, path, form);

const RATINGS = {
  'rating.DL': '1',
  'rating.DG': '2',
  'rating.DT': '0',
  'rating.DPS': '0',
  'rating.PSM': '0',
  'rating.DLD': '0',
  'rating.DTF': '0',
};

async function completeModule(u: LmsUser, slug: string) {
  await passSampleModule(await open(u, slug), slug);
}

describe('self-assessment', () => {
  it('when the form misses ratings, then 422 with the messages and the choices kept', async () => {
    const s = await open(user({ locale: 'en' }));
    const res = await post(s, '/app/self-assessment', {
      group: 'SERV',
      stage: 'DEVELOPING',
      'rating.DL': '1',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Rate yourself in this skill set.');
    expect(res.text).toMatch(/value="SERV" selected/);
    expect(res.text).toMatch(/id="rating-DL-1" name="rating.DL" value="1" checked/);
  });

  it('when a learner rates themself, then each skill set says what every level means, and the result prints the short meaning of the level chosen', async () => {
    const s = await open(user({ locale: 'en' }));
    const form = await get(s, '/app/self-assessment');
    const dl = form.text.slice(
      form.text.indexOf('id="field-rating.DL"'),
      form.text.indexOf('</fieldset>', form.text.indexOf('id="field-rating.DL"')),
    );
    expect(dl).toContain('About this skill set and what each level means');
    expect(dl).toContain('Uses a computer, e-mail, the internet and word processing for own work');
    expect(dl.match(/<dt>/g)).toHaveLength(4);
    // A person's level is in proficiency words; the stages are the organisation's (issue #18 item 3).
    for (const level of ['Not yet', 'Level 1: basic', 'Level 2: working', 'Level 3: proficient'])
      expect(dl).toContain(level);
    expect(dl).not.toMatch(/Early|Developing|Mature/);
    expect(form.text).toContain('own wording, not official text');
    const res = await post(s, '/app/self-assessment', { group: 'SERV', stage: 'DEVELOPING', ...RATINGS });
    const page = await s.agent.get(res.headers.location as string);
    // DL rated 1 (Early), DG rated 2 (Developing).
    expect(page.text).toContain(
      '<span class="small muted" data-testid="rating-means">Uses everyday tools safely</span>',
    );
    expect(page.text).toContain('Applies rules and standards in the unit');
  });

  it('when a learner completes it, then the printable result shows name, group, gaps, recommended modules and signature lines, in Thai', async () => {
    const s = await open(user({ locale: 'th', name: 'สมศรี ใฝ่เรียน' }));
    const res = await post(s, '/app/self-assessment', { group: 'SERV', stage: 'DEVELOPING', ...RATINGS });
    expect(res.status).toBe(303);
    const page = await s.agent.get(res.headers.location as string);
    expect(page.status).toBe(200);
    expect(page.text).toContain('สมศรี ใฝ่เรียน');
    expect(page.text).toContain('ผู้ทำงานด้านบริการ');
    expect(page.text).toContain('ผู้บังคับบัญชา');
    expect(page.text).toMatch(/พ\.ศ\.|25\d\d/);
    // SERV develops DL, DG, DT and DPS: at "Developing" (level 2), DL (1), DT (0) and DPS (0) have gaps; DG (2) has none.
    expect(page.text).toContain('(มีช่องว่าง 3 กลุ่ม)');
    expect(page.text).toContain('/app/modules/dl-');
    // A different learner cannot open it.
    const other = await open(user());
    const id = (res.headers.location as string).split('?')[0]!.split('/').pop();
    expect((await get(other, `/app/self-assessment/${id}`)).status).toBe(404);
  });
});

describe('assessment eligibility on the progress page', () => {
  it('when requirements are missing, each is stated exactly; once met, the learner is eligible and the date is kept', async () => {
    const u = user({ locale: 'en' });
    const learner = await open(u);
    await post(learner, '/app/progress/target', { group: 'SERV', stage: 'DEVELOPING' });
    let page = withoutIsolates((await get(learner, '/app/progress')).text);
    expect(page).toContain('data-assessment="TPQI-DL" data-eligible="no"');
    expect(page).toContain('12 more hours in Digital Literacy Skill Set (you have 0 of 12).');
    expect(page).toContain('Complete the module &quot;Using a Computer and Managing Files at Work&quot;.');
    expect(page).toContain('Complete a self-assessment (within 12 months).');

    await completeModule(u, 'dl-computer-basics');
    await completeModule(u, 'dl-digital-security-threats');
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    for (const [type, hours] of [
      ['on-the-job', '7'],
      ['mentoring', '2'],
    ] as const)
      await post(learner, '/app/record', {
        activityType: type,
        title: type,
        occurredOn: today,
        hours,
        'skill.DL': hours,
      });
    page = withoutIsolates((await get(learner, '/app/progress')).text);
    // 3 h of modules counted; the logged 9 h wait for approval.
    expect(page).toContain('9 more hours in Digital Literacy Skill Set (you have 3 of 12).');

    const teacher = await open(user({ roles: [ROLE.instructor] }));
    const queue = (await get(teacher, '/app/approvals')).text;
    const ids = [...queue.matchAll(/name="entry" value="(\d+)"/g)].map((m) => m[1]!);
    await teacher.agent
      .post(url(teacher, '/app/approvals'))
      .type('form')
      .send(`${ids.map((i) => `entry=${i}`).join('&')}&decision=approve`);
    await post(learner, '/app/self-assessment', { group: 'SERV', stage: 'DEVELOPING', ...RATINGS });

    page = withoutIsolates((await get(learner, '/app/progress')).text);
    expect(page).toContain('data-assessment="TPQI-DL" data-eligible="yes"');
    expect(page).toContain('first eligible on');
    const rows = await t.db.query(
      `SELECT 1 FROM eligibility_firsts f JOIN people p ON p.id = f.person_id WHERE p.platform_user_id = $1 AND assessment_code = 'TPQI-DL'`,
      [u.sub],
    );
    expect(rows).toHaveLength(1);
    // Other skill-set assessments still say what is missing.
    expect(page).toContain('data-assessment="SKILL-DG" data-eligible="no"');
  });
});
