import fs from 'node:fs';
import path from 'node:path';
import type supertest from 'supertest';
import { MOODLE_COMPETENCY_CSV_HEADER } from '../../src/domain/framework/moodle-competency-csv';
import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

const OCSC = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json'),
    'utf8',
  ),
) as {
  id: string;
  version: string;
  name: { th: string; en: string };
};
const TEACHER = fs.readFileSync(
  path.join(__dirname, '../../config/frameworks/teacher-digital-skills.json'),
  'utf8',
);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Launch, then return an agent and its ltik for the pages that follow. */
async function session(u: LmsUser, deploymentId?: string): Promise<{ agent: supertest.Agent; ltik: string }> {
  const agent = t.agent();
  const r = await launch(t, agent, u, deploymentId ? { deploymentId } : {});
  expect(r.page?.status).toBe(200);
  const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
  return { agent, ltik };
}
const withLtik = (url: string, ltik: string) =>
  `${url}${url.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`;
const count = (html: string, attr: string) => html.split(attr).length - 1;

describe('skills framework pages', () => {
  it('when a learner opens the framework, then it shows the OCSC framework in Thai without export or admin tools', async () => {
    const { agent, ltik } = await session(user({ locale: 'th' }));
    const res = await agent.get(withLtik('/app/framework', ltik));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="th">');
    expect(res.text).toContain(OCSC.name.th);
    expect(count(res.text, 'data-skill-set=')).toBe(7);
    expect(count(res.text, 'data-area=')).toBe(9);
    expect(count(res.text, 'data-group=')).toBe(6);
    expect(res.text).not.toContain('data-testid="export-json"');
    expect(res.text).not.toContain('/app/framework/import');
  });

  const byRole = 'Your role in this course does not allow this page.';
  const contentOnly = 'administrators and the content managers they name';
  it.each([
    ['GET', '/app/framework/export.json', byRole],
    ['GET', '/app/framework/export.csv', byRole],
    ['POST', '/app/framework/import', contentOnly],
    ['POST', '/app/framework/choose', byRole],
    ['GET', '/app/framework/choose?framework=x', byRole],
  ])('when a learner requests %s %s, then a 403 page', async (method, url, message) => {
    const { agent, ltik } = await session(user({ locale: 'en' }));
    const res =
      method === 'GET'
        ? await agent.get(withLtik(url, ltik))
        : await agent.post(withLtik(url, ltik)).type('form').send({ framework: 'x', json: '{}' });
    expect(res.status).toBe(403);
    expect(res.text).toContain(message);
  });

  it('when an instructor exports, then the JSON is the loaded framework and the CSV is what Moodle imports, with a BOM for Excel', async () => {
    const { agent, ltik } = await session(user({ roles: [ROLE.instructor] }));
    const json = await agent.get(withLtik('/app/framework/export.json', ltik));
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toContain(`${OCSC.id}-${OCSC.version}.json`);
    expect(JSON.parse(json.text)).toMatchObject({ id: OCSC.id, version: OCSC.version, name: OCSC.name });

    const csv = await agent
      .get(withLtik('/app/framework/export.csv?lang=th', ltik))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = csv.body as string;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body.slice(1).split('\n')[0]).toBe(
      MOODLE_COMPETENCY_CSV_HEADER.map((h) => (/[",]/.test(h) ? `"${h}"` : h)).join(','),
    );
    expect(body).toContain('กลุ่มทักษะด้านความเข้าใจและใช้เทคโนโลยีดิจิทัล');
  });

  it('when an administrator pastes invalid JSON, then the form comes back with the problems and the input kept', async () => {
    const { agent, ltik } = await session(user({ roles: [ROLE.sysAdmin], locale: 'en' }));
    const broken = TEACHER.replace('"dimension": "D1"', '"dimension": "D9"');
    const res = await agent.post(withLtik('/app/framework/import', ltik)).type('form').send({ json: broken });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The framework was not imported:');
    expect(res.text).toMatch(/skillSets\[0\] \(DL\): dimension/);
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('&quot;dimension&quot;: &quot;D9&quot;');
  });

  it('when an administrator imports a framework, then it is offered but not used until chosen after the preview, a changed version is refused, and other tenants keep theirs', async () => {
    await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, ['other-agency']);
    await t.app.platforms.splitDeployment(t.lms.issuer, 'other-agency', 'Other agency');
    const admin = await session(user({ roles: [ROLE.sysAdmin], locale: 'en' }));
    const teacher = JSON.parse(TEACHER) as {
      id: string;
      version: string;
      name: { en: string };
      notes: { en: string };
    };
    const imported = {
      ...teacher,
      version: '9.0.0',
      notes: { ...teacher.notes, en: `${teacher.notes.en} (imported)` },
    };

    const ok = await admin.agent
      .post(withLtik('/app/framework/import', admin.ltik))
      .type('form')
      .send({ json: JSON.stringify(imported) });
    expect(ok.status).toBe(303);
    // Imported, not chosen: the page still shows the framework in use, and offers the imported one.
    const before = await admin.agent.get(withLtik('/app/framework', admin.ltik));
    expect(before.text).toContain(`<h1><bdi>${OCSC.name.en}</bdi></h1>`);
    expect(before.text).toContain(
      `<option dir="auto" value="${teacher.id}">${teacher.name.en} (9.0.0)</option>`,
    );
    // Choosing it asks for the preview first; confirmed, the tenant uses it.
    const unconfirmed = await admin.agent
      .post(withLtik('/app/framework/choose', admin.ltik))
      .type('form')
      .send({ framework: teacher.id });
    expect(unconfirmed.text).toContain('data-testid="framework-choice"');
    const chosen = await admin.agent
      .post(withLtik('/app/framework/choose', admin.ltik))
      .type('form')
      .send({ framework: teacher.id, confirm: '1' });
    expect(chosen.status).toBe(303);
    const page = await admin.agent.get(withLtik('/app/framework', admin.ltik));
    expect(page.text).toContain(teacher.name.en);
    expect(page.text).toContain('Version 9.0.0');
    expect(count(page.text, 'data-group=')).toBe(4);

    const changed = { ...imported, notes: { ...imported.notes, en: 'silently rewritten' } };
    const refused = await admin.agent
      .post(withLtik('/app/framework/import', admin.ltik))
      .type('form')
      .send({ json: JSON.stringify(changed) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('is already loaded with different content');

    const other = await session(user({ roles: [ROLE.instructor], locale: 'en' }), 'other-agency');
    const otherPage = await other.agent.get(withLtik('/app/framework', other.ltik));
    expect(otherPage.text).toContain(OCSC.name.en);
  });

  it('when an administrator chooses a loaded framework, then the page shows it; an unknown one is refused', async () => {
    const admin = await session(user({ roles: [ROLE.sysAdmin], locale: 'en' }), '1');
    const bad = await admin.agent
      .post(withLtik('/app/framework/choose', admin.ltik))
      .type('form')
      .send({ framework: 'nope' });
    expect(bad.status).toBe(400);
    const good = await admin.agent
      .post(withLtik('/app/framework/choose', admin.ltik))
      .type('form')
      .send({ framework: OCSC.id, confirm: '1' });
    expect(good.status).toBe(303);
    expect((await admin.agent.get(withLtik('/app/framework', admin.ltik))).text).toContain(OCSC.name.en);
  });
});
