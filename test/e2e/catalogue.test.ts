import type supertest from 'supertest';
import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, [
    'agency-b',
    'agency-matrix',
    'agency-paging',
  ]);
  // One Moodle hosting several organisations: each of these deployments was split off into its own.
  for (const d of ['agency-b', 'agency-matrix', 'agency-paging'])
    await t.app.platforms.splitDeployment(t.lms.issuer, d, d);
});
afterAll(async () => {
  await t.close();
});

async function session(u: LmsUser, deploymentId?: string): Promise<{ agent: supertest.Agent; ltik: string }> {
  const agent = t.agent();
  const r = await launch(t, agent, u, deploymentId ? { deploymentId } : {});
  expect(r.page?.status).toBe(200);
  return { agent, ltik: new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')! };
}
const catalogue = (s: { agent: supertest.Agent; ltik: string }) =>
  s.agent.get(`/app/catalogue?ltik=${encodeURIComponent(s.ltik)}`);
const rows = (html: string) => html.split('data-module=').length - 1;
/** Modules of a split deployment's organisation, or (none given) of the issuer's own. */
const moduleCount = async (deploymentId?: string) =>
  (
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM modules m JOIN tenants te ON te.id = m.tenant_id
        WHERE te.issuer = $1 AND te.deployment_id IS NOT DISTINCT FROM $2`,
      [t.lms.issuer, deploymentId ?? null],
    )
  )[0]!.n;

describe('module catalogue', () => {
  it('when a learner asks for the catalogue, then a 403 page in their language', async () => {
    const res = await catalogue(await session(user({ locale: 'th' })));
    expect(res.status).toBe(403);
    expect(res.text).toContain('ไม่ได้รับอนุญาต');
  });

  it('when an instructor first opens it, then the tenant gets the sample catalogue once, even on concurrent first visits', async () => {
    const instructor = await session(user({ roles: [ROLE.instructor], locale: 'th' }));
    const [a, b] = await Promise.all([catalogue(instructor), catalogue(instructor)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(rows(a.text)).toBe(17);
    expect(a.text).toContain('กฎหมายคุ้มครองข้อมูลส่วนบุคคล (PDPA) สำหรับเจ้าหน้าที่รัฐ');
    expect(a.text).toContain('เผยแพร่แล้ว');
    expect(await moduleCount()).toBe(17);
    expect(rows((await catalogue(instructor)).text)).toBe(17);
    expect(await moduleCount()).toBe(17);
  });

  it("shows each module's skill-set mappings with their hours, in English too", async () => {
    const res = await catalogue(await session(user({ roles: [ROLE.instructor], locale: 'en' })));
    const row = res.text.slice(res.text.indexOf('data-module="dg-pdpa-for-officials"'));
    expect(row.slice(0, row.indexOf('</tr>')).replace(/<\/?bdi>/g, '')).toMatch(
      /Digital Governance[^<]*— 1\.5 h/,
    );
  });

  it("when an instructor of another tenant opens it, then that tenant gets its own copy and sees none of the first tenant's rows", async () => {
    const other = await session(user({ roles: [ROLE.instructor], locale: 'en' }), 'agency-b');
    expect(rows((await catalogue(other)).text)).toBe(17);
    expect(await moduleCount('agency-b')).toBe(17);
    const mixed = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM module_versions v JOIN modules m ON m.id = v.module_id WHERE v.tenant_id <> m.tenant_id`,
    );
    expect(mixed[0]!.n).toBe(0);
  });
});

describe('coverage matrix', () => {
  it('when an instructor opens it, then modules × skill sets show, and a chosen group shows the skill sets no published module covers', async () => {
    const instructor = await session(user({ roles: [ROLE.instructor], locale: 'en' }), 'agency-matrix');
    const get = (q = '') =>
      instructor.agent.get(`/app/catalogue/matrix?ltik=${encodeURIComponent(instructor.ltik)}${q}`);
    await catalogue(instructor);
    const page = await get();
    expect(page.status).toBe(200);
    expect(page.text.split('<tr data-module=').length - 1).toBe(17);
    expect(page.text).toContain('data-skill-set="DLD"');
    // Every skill set of Executives is covered by the sample catalogue...
    expect((await get('&group=EXEC')).text).toContain('data-testid="no-gaps"');
    // ...until the leadership module is no longer published in this tenant.
    await t.db.query(
      `UPDATE module_versions v SET status = 'draft' FROM modules m, tenants te
        WHERE v.module_id = m.id AND m.tenant_id = te.id AND te.deployment_id = 'agency-matrix' AND m.slug = 'dld-digital-leadership'`,
    );
    const gaps = await get('&group=EXEC');
    expect(gaps.text).toContain('data-testid="gaps"');
    expect(gaps.text).toContain('Digital Leadership Skill Set');
    expect(gaps.text).toContain('default development targets');
    // Another tenant is untouched.
    const other = await session(user({ roles: [ROLE.instructor] }));
    expect(
      (await other.agent.get(`/app/catalogue/matrix?ltik=${encodeURIComponent(other.ltik)}&group=EXEC`)).text,
    ).toContain('data-testid="no-gaps"');
  });

  it('when a learner asks for the matrix, then 403', async () => {
    const learner = await session(user({ locale: 'th' }));
    const res = await learner.agent.get(`/app/catalogue/matrix?ltik=${encodeURIComponent(learner.ltik)}`);
    expect(res.status).toBe(403);
  });

  it('when an instructor searches or filters, then only matching modules show, with a count, and the filter survives paging', async () => {
    const s = await session(user({ roles: [ROLE.instructor], locale: 'en' }));
    const get = (query: string) => s.agent.get(`/app/catalogue?${query}&ltik=${encodeURIComponent(s.ltik)}`);
    const pdpa = await get('q=pdpa');
    expect(pdpa.status).toBe(200);
    expect(rows(pdpa.text)).toBe(1);
    expect(pdpa.text).toContain('data-module="dg-pdpa-for-officials"');
    expect(pdpa.text).toMatch(/Modules shown: 1 of 17/);
    // Thai titles match too, whatever the page's language.
    expect(rows((await get(`q=${encodeURIComponent('คุ้มครองข้อมูลส่วนบุคคล')}`)).text)).toBe(1);
    const dl = await get('skillSet=DL');
    expect(rows(dl.text)).toBe(10);
    expect(dl.text).toContain('<option dir="auto" value="DL" selected>');
    expect(rows((await get('status=draft')).text)).toBe(0);
    expect((await get('status=draft')).text).toContain('No module matches the filter');
    // Nonsense in the query is ignored, not an error.
    const junk = await get('skillSet=%00%ff&status=nope&page=-3');
    expect(junk.status).toBe(200);
    expect(rows(junk.text)).toBe(17);
  });

  it('when the catalogue is longer than a page, then it is paged by 50 and the links keep the filter', async () => {
    const s = await session(user({ roles: [ROLE.instructor], locale: 'th' }), 'agency-paging');
    await catalogue(s);
    const [tenant] = await t.db.query<{ id: number }>(
      "SELECT id FROM tenants WHERE deployment_id = 'agency-paging'",
    );
    // Copies of the sample modules up to 120 in this tenant, like an agency's grown catalogue.
    await t.db.query(
      `WITH src AS (
         SELECT m.id, m.slug, g.n FROM modules m CROSS JOIN generate_series(1, 6) g(n) WHERE m.tenant_id = $1
       ), ins AS (
         INSERT INTO modules (tenant_id, slug) SELECT $1, slug || '-copy-' || n FROM src RETURNING id, slug
       )
       INSERT INTO module_versions (tenant_id, module_id, framework_id, version, status, title_th, title_en, category,
                                    estimated_hours, content, languages)
       SELECT v.tenant_id, ins.id, v.framework_id, 1, v.status, v.title_th || ' ' || src.n, v.title_en || ' ' || src.n,
              v.category, v.estimated_hours, v.content, v.languages
         FROM ins JOIN src ON ins.slug = src.slug || '-copy-' || src.n
         JOIN module_versions v ON v.module_id = src.id`,
      [tenant!.id],
    );
    await t.db.query(
      `INSERT INTO module_mappings (tenant_id, module_version_id, framework_id, skill_set_code, area_code, hours)
       SELECT cv.tenant_id, cv.id, mm.framework_id, mm.skill_set_code, mm.area_code, mm.hours
         FROM modules cm JOIN module_versions cv ON cv.module_id = cm.id
         JOIN modules om ON om.tenant_id = cm.tenant_id AND cm.slug LIKE om.slug || '-copy-%'
         JOIN module_versions ov ON ov.module_id = om.id
         JOIN module_mappings mm ON mm.module_version_id = ov.id
        WHERE cm.tenant_id = $1`,
      [tenant!.id],
    );
    const first = await catalogue(s);
    expect(rows(first.text)).toBe(50);
    expect(first.text).toContain('หน้า 1 จาก 3 (119 รายการ)');
    const third = await s.agent.get(`/app/catalogue?page=3&ltik=${encodeURIComponent(s.ltik)}`);
    expect(rows(third.text)).toBe(19);
    expect(third.text).toContain('rel="prev" href="/app/catalogue?page&#x3D;2&amp;ltik&#x3D;');
    const filtered = await s.agent.get(`/app/catalogue?skillSet=DL&ltik=${encodeURIComponent(s.ltik)}`);
    expect(rows(filtered.text)).toBe(50);
    expect(filtered.text).toContain(
      'rel="next" href="/app/catalogue?skillSet&#x3D;DL&amp;page&#x3D;2&amp;ltik&#x3D;',
    );
  });
});
