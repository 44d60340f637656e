import fs from 'node:fs';
import path from 'node:path';
import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  registerAnotherLms,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { withoutIsolates } from '../support/isolates';

/**
 * Learners and instructors read module titles, never internal codes, from the first launch of an organisation on;
 * every missing item links to what fixes it (issue 15, item 6).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['agency-titles']);
});
afterAll(async () => {
  await t.close();
});

const SAMPLE_MODULES = fs.readdirSync(path.join(__dirname, '../../config/catalogue/modules')).length;
const TITLE = {
  en: 'Using a Computer and Managing Files at Work',
  th: 'การใช้งานคอมพิวเตอร์และการจัดการไฟล์ในงานราชการ',
};
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));

/** The missing items of one assessment on a page, as [text, href] pairs (tags taken out of the text). */
function missingOf(html: string, assessment: string): Array<[string, string | undefined]> {
  const start = html.indexOf(`data-assessment="${assessment}"`);
  const section = start >= 0 ? html.slice(start) : html;
  const list = section.slice(section.indexOf('<ul class="missing'), section.indexOf('</ul>'));
  // The class view names each fix once, below the table: a row's item links to it on the page.
  const fixes = new Map(
    [...html.matchAll(/<li id="(fix-\d+)"><a href="([^"?#]*)/g)].map(([, id, href]) => [`#${id}`, href]),
  );
  return [...list.matchAll(/<li>(.*?)<\/li>/g)].map(([, li]) => {
    const href = /href="([^"?]*)/.exec(li!)?.[1];
    return [withoutIsolates(li!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"')), fixes.get(href!) ?? href];
  });
}

async function tenantOf(issuer: string) {
  const [row] = await t.db.query<{ id: number; seeded: boolean }>(
    'SELECT id, catalogue_seeded_at IS NOT NULL AS seeded FROM tenants WHERE issuer = $1',
    [issuer],
  );
  return row;
}

describe('the sample catalogue of a new organisation', () => {
  it('when an organisation launches for the first time (a learner), then it has the sample catalogue at once', async () => {
    // A new organisation is a new platform (one organisation per issuer).
    const agency = await registerAnotherLms(t);
    expect(await tenantOf(agency.lms.issuer)).toBeUndefined();
    await openSession(agency, user({ locale: 'th' }), { course: 'course-first' });
    const tenant = await tenantOf(agency.lms.issuer);
    expect(tenant?.seeded).toBe(true);
    const [modules] = await t.db.query<{ n: number; published: number }>(
      `SELECT count(DISTINCT m.id)::int AS n, count(*) FILTER (WHERE v.status = 'published')::int AS published
         FROM modules m JOIN module_versions v ON v.module_id = m.id WHERE m.tenant_id = $1`,
      [tenant!.id],
    );
    expect(modules).toEqual({ n: SAMPLE_MODULES, published: SAMPLE_MODULES });
    // A second launch gives nothing twice.
    await openSession(agency, user({ locale: 'en' }), { course: 'course-first' });
    const [again] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM modules WHERE tenant_id = $1',
      [tenant!.id],
    );
    expect(again!.n).toBe(SAMPLE_MODULES);
    await agency.close();
  });
});

describe('missing items, before anyone has opened the catalogue', () => {
  const o = { course: 'course-titles', deploymentId: 'agency-titles' };
  let learnerEn: Session;
  let learnerTh: Session;
  beforeAll(async () => {
    learnerEn = await openSession(t, user({ locale: 'en', name: 'Learner English' }), o);
    learnerTh = await openSession(t, user({ locale: 'th', name: 'ผู้เรียน ภาษาไทย' }), o);
    for (const s of [learnerEn, learnerTh])
      expect((await postForm(s, '/app/progress/target', { group: 'SERV', stage: 'DEVELOPING' })).status).toBe(
        303,
      );
  });

  it('when a learner opens the progress page, then the module is named by its title and each item links to its fix', async () => {
    const page = (await get(learnerEn, '/app/progress')).text;
    expect(page).not.toContain('dl-computer-basics&quot;');
    expect(missingOf(page, 'TPQI-DL')).toEqual([
      ['12 more hours in Digital Literacy Skill Set (you have 0 of 12).', '/app/record/new'],
      [
        '1.5 more hours of learning from others and from coaching (20) in Digital Literacy Skill Set (at least 10 %).',
        '/app/record/new',
      ],
      [`Complete the module "${TITLE.en}".`, '/app/modules/dl-computer-basics'],
      [
        'Complete the module "Digital Security: Phishing, Online Scams and Incident Response".',
        '/app/modules/dl-digital-security-threats',
      ],
      ['Complete a self-assessment (within 12 months).', '/app/self-assessment'],
    ]);
  });

  it('when a Thai learner opens it, then the Thai title is shown', async () => {
    const page = (await get(learnerTh, '/app/progress')).text;
    expect(missingOf(page, 'TPQI-DL')).toContainEqual([
      `เรียนโมดูล "${TITLE.th}" ให้จบ`,
      '/app/modules/dl-computer-basics',
    ]);
  });

  it('when the instructor opens the class view, then it speaks about the learner, names modules by title and links what the instructor can act on', async () => {
    const teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), o);
    const page = (await get(teacher, '/app/class')).text;
    expect(page).not.toContain('you have');
    expect(page).not.toContain('dl-computer-basics&quot;');
    const row = page.slice(page.indexOf('Learner English'));
    expect(missingOf(row, 'none')).toEqual([
      ['Needs 12 more hours in Digital Literacy Skill Set (has 0 of 12).', '/app/catalogue'],
      [
        'Needs 1.5 more hours of learning from others and from coaching (20) in Digital Literacy Skill Set (at least 10 %).',
        '/app/catalogue',
      ],
      [`Has not completed the module "${TITLE.en}".`, '/app/modules/dl-computer-basics'],
      [
        'Has not completed the module "Digital Security: Phishing, Online Scams and Incident Response".',
        '/app/modules/dl-digital-security-threats',
      ],
      ['Has not taken a self-assessment (within 12 months).', undefined],
    ]);
    // Each fix is listed once, with the session's ltik, however many rows need it.
    const fixes = withoutIsolates(page.slice(page.indexOf('<ul class="fixes"')));
    expect(fixes).toContain('href="/app/catalogue?skillSet&#x3D;DL&amp;ltik&#x3D;');
    expect(fixes).toContain(`Module: ${TITLE.en}</a>`);
    expect(fixes).toContain('Modules for Digital Literacy Skill Set in the catalogue</a>');
    expect(fixes.match(/<li id="fix-/g)).toHaveLength(3);
    const th = await openSession(t, user({ roles: [ROLE.instructor], locale: 'th' }), o);
    const thPage = withoutIsolates((await get(th, '/app/class')).text);
    expect(thPage).toContain(`ยังเรียนโมดูล &quot;${TITLE.th}&quot; ไม่จบ`);
    expect(thPage).toContain('ยังไม่ได้ทำแบบประเมินตนเอง (ภายใน 12 เดือน)');
  });
});
