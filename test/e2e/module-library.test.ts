import { formatDate } from '../../src/i18n/i18n';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  passSampleModule,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const split = ['agency-lib-b', 'agency-lib-paging', 'agency-lib-empty'];
  await t.app.platforms.addDeployments(t.lms.issuer, t.lms.clientId, split);
  // One Moodle hosting several organisations: each of these deployments was split off into its own.
  for (const d of split) await t.app.platforms.splitDeployment(t.lms.issuer, d, d);
});
afterAll(async () => {
  await t.close();
});

const library = (s: Session, query = '') =>
  s.agent.get(withLtik(s, `/app/modules${query ? `?${query}` : ''}`));

/** The cards of a library page: slug, status and the card's text, in page order. */
function cards(html: string) {
  return html
    .split('<li class="module-card"')
    .slice(1)
    .map((chunk) => {
      const card = chunk.slice(0, chunk.indexOf('</li>'));
      return {
        slug: /data-module="([^"]+)"/.exec(card)![1]!,
        status: /data-status="([^"]+)"/.exec(card)![1]!,
        text: card.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '),
      };
    });
}
const slugs = (html: string) => cards(html).map((c) => c.slug);

async function tenantOf(deploymentId: string | null): Promise<number> {
  const [row] = await t.db.query<{ id: number }>(
    'SELECT id FROM tenants WHERE issuer = $1 AND deployment_id IS NOT DISTINCT FROM $2',
    [t.lms.issuer, deploymentId],
  );
  return row!.id;
}

describe('the module library', () => {
  it('when a learner has completed one module, started another and left the rest, then each card says so, with the best score and the date in the Buddhist era', async () => {
    const s = await openSession(t, user({ locale: 'th' }));
    // Completed with 80 % (one question of five wrong), then a retake at 100 %: the best score is 100.
    const mod = sampleModule('dl-computer-basics');
    for (let p = 1; p <= mod.pages.length; p += 1)
      await s.agent.get(withLtik(s, `/app/modules/dl-computer-basics/pages/${p}`));
    const fourRight = new URLSearchParams(quizAnswers(mod));
    fourRight.set('q0', String(mod.quiz!.questions[0]!.options.findIndex((o) => !o.correct)));
    const first = await s.agent
      .post(withLtik(s, '/app/modules/dl-computer-basics/quiz'))
      .type('form')
      .send(fourRight.toString());
    expect(first.text).toContain('data-testid="completion"');
    // One page read of another module.
    expect((await s.agent.get(withLtik(s, '/app/modules/dg-digital-government-laws/pages/1'))).status).toBe(
      200,
    );

    const before = cards((await library(s)).text);
    expect(before.find((c) => c.slug === 'dl-computer-basics')?.text).toContain('คะแนนสูงสุด 80 %');
    await s.agent
      .post(withLtik(s, '/app/modules/dl-computer-basics/quiz'))
      .type('form')
      .send(quizAnswers(mod));

    const res = await library(s);
    expect(res.status).toBe(200);
    const all = cards(res.text);
    expect(all).toHaveLength(17);
    const done = all.find((c) => c.slug === 'dl-computer-basics')!;
    expect(done.status).toBe('completed');
    expect(done.text).toContain('เรียนจบแล้ว');
    expect(done.text).toContain('คะแนนสูงสุด 100 %');
    // Today in Bangkok, in the Buddhist era (e.g. "12 มกราคม 2569").
    const today = formatDate('th', new Date());
    expect(today).toMatch(/25\d\d$/);
    expect(done.text).toContain(`เรียนจบเมื่อ ${today}`);
    const started = all.find((c) => c.slug === 'dg-digital-government-laws')!;
    expect(started.status).toBe('in-progress');
    expect(started.text).toContain('กำลังเรียน');
    expect(started.text).toMatch(/อ่านแล้ว 1 จาก \d+ หน้า/);
    expect(all.filter((c) => c.status === 'not-started')).toHaveLength(15);
    expect(all.find((c) => c.slug === 'dl-online-collaboration')?.text).toContain('ยังไม่เริ่ม');
    // The card's facts: hours, the 70:20:10 category in the seeds' words, the skill sets by name.
    expect(done.text).toContain('1.5 ชม.');
    expect(done.text).toContain('70 เรียนรู้ด้วยตนเองและจากการปฏิบัติงาน');
    expect(done.text).toContain('กลุ่มทักษะด้านความเข้าใจและใช้เทคโนโลยีดิจิทัล');

    // The status filter.
    expect(slugs((await library(s, 'status=completed')).text)).toEqual(['dl-computer-basics']);
    expect(slugs((await library(s, 'status=in-progress')).text)).toEqual(['dg-digital-government-laws']);
    expect(slugs((await library(s, 'status=not-started')).text)).toHaveLength(15);
  });

  it('when a learner opens a module from the library, then it plays there and its completion is recorded, with no grade for a link that did not place it', async () => {
    const s = await openSession(t, user({ locale: 'en' }), { course: 'course-lib' });
    const res = await library(s);
    expect(res.text).toContain('href="/app/modules/dl-online-collaboration?ltik&#x3D;');
    expect(res.text).toContain('Open any module to study it here.');
    const overview = await s.agent.get(withLtik(s, '/app/modules/dl-online-collaboration'));
    expect(overview.status).toBe(200);
    await passSampleModule(s, 'dl-online-collaboration');
    const [row] = await t.db.query<{ entries: number; grades: number }>(
      `SELECT (SELECT count(*) FROM learning_entries e JOIN people p ON p.id = e.person_id
                WHERE p.platform_user_id = $1 AND e.source = 'module')::int AS entries,
              (SELECT count(*) FROM grade_outbox g JOIN people p ON p.id = g.person_id
                WHERE p.platform_user_id = $1)::int AS grades`,
      [s.user.sub],
    );
    expect(row).toEqual({ entries: 1, grades: 0 });
    const after = cards((await library(s, 'status=completed')).text);
    expect(after.map((c) => c.slug)).toEqual(['dl-online-collaboration']);
    expect(after[0]!.text).toContain('Best score 100 %');
  });

  it('when a learner searches, then Thai and English titles match as substrings, whatever the spaces, and the count shows', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    const pdpa = await library(s, 'q=pdpa');
    expect(slugs(pdpa.text)).toEqual(['dg-pdpa-for-officials']);
    expect(pdpa.text).toContain('Modules that match: 1 of 17');
    expect(slugs((await library(s, 'q=Data+Protection')).text)).toEqual(['dg-pdpa-for-officials']);
    // Thai has no spaces between words: a query with or without them finds the title.
    expect(slugs((await library(s, `q=${encodeURIComponent('คุ้มครองข้อมูล')}`)).text)).toEqual([
      'dg-pdpa-for-officials',
    ]);
    expect(slugs((await library(s, `q=${encodeURIComponent('คุ้มครอง ข้อมูล')}`)).text)).toEqual([
      'dg-pdpa-for-officials',
    ]);
    // SARA AM typed as NIKHAHIT + SARA AA (as some keyboards do) is the same letter.
    const decomposed = 'การทำงานร่วมกัน'.replace('ำ', '\u0e4d\u0e32');
    expect(slugs((await library(s, `q=${encodeURIComponent(decomposed)}`)).text)).toContain(
      'dl-online-collaboration',
    );
    const none = await library(s, 'q=zzzz-nothing');
    expect(slugs(none.text)).toEqual([]);
    expect(none.text).toContain('data-testid="library-no-match"');
    expect(none.text).toContain('No module matches the filter.');
    expect(none.text).toMatch(/href="\/app\/modules\?ltik&#x3D;[^"]+">Clear filters<\/a>/);
  });

  it('when a learner filters by skill set or 70:20:10 category, then only those modules show and the choice stays selected', async () => {
    const tenant = await tenantOf(null);
    // The sample catalogue is all 70: one module becomes training (10) in this organisation.
    await t.db.query(
      `UPDATE module_versions v SET category = 10 FROM modules m
        WHERE v.module_id = m.id AND m.tenant_id = $1 AND m.slug = 'psm-digital-project-management'`,
      [tenant],
    );
    const s = await openSession(t, user({ locale: 'en' }));
    const dld = await library(s, 'skillSet=DLD');
    expect(slugs(dld.text)).toEqual(['dld-digital-leadership']);
    expect(dld.text).toContain('<option dir="auto" value="DLD" selected>');
    const training = await library(s, 'category=10');
    expect(slugs(training.text)).toEqual(['psm-digital-project-management']);
    expect(training.text).toContain('<option value="10" selected>10 · learning from training</option>');
    expect(cards(training.text)[0]!.text).toContain('10 learning from training');
    expect(slugs((await library(s, 'category=20')).text)).toEqual([]);
    expect(slugs((await library(s, 'skillSet=DT&category=70')).text).sort()).toEqual([
      'dt-government-cloud',
      'dt-open-data-for-decisions',
    ]);
  });

  it('when modules are drafts or belong to another organisation, then they are never listed; a draft over a published version leaves the published one', async () => {
    const other = await openSession(t, user({ locale: 'en' }), { deploymentId: 'agency-lib-b' });
    await library(other);
    const b = await tenantOf('agency-lib-b');
    await t.db.query(
      `UPDATE module_versions v SET title_en = 'Only in agency B' FROM modules m
        WHERE v.module_id = m.id AND m.tenant_id = $1 AND m.slug = 'dl-online-collaboration'`,
      [b],
    );
    const a = await tenantOf(null);
    // A module that was never published, and a new draft of a published one.
    await t.db.query(
      `WITH m AS (INSERT INTO modules (tenant_id, slug) VALUES ($1, 'draft-only') RETURNING id)
       INSERT INTO module_versions (tenant_id, module_id, framework_id, version, status, title_th, title_en, category,
                                    estimated_hours, content, languages)
       SELECT v.tenant_id, m.id, v.framework_id, 1, 'draft', 'ฉบับร่างเท่านั้น', 'Draft only', v.category,
              v.estimated_hours, v.content, v.languages
         FROM m, module_versions v JOIN modules o ON o.id = v.module_id
        WHERE o.tenant_id = $1 AND o.slug = 'dl-word-official-documents'`,
      [a],
    );
    await t.db.query(
      `INSERT INTO module_versions (tenant_id, module_id, framework_id, version, status, title_th, title_en, category,
                                    estimated_hours, content, languages)
       SELECT v.tenant_id, v.module_id, v.framework_id, 2, 'draft', 'ร่างใหม่', 'New draft title', v.category,
              v.estimated_hours, v.content, v.languages
         FROM module_versions v JOIN modules o ON o.id = v.module_id
        WHERE o.tenant_id = $1 AND o.slug = 'dl-word-official-documents'`,
      [a],
    );
    const s = await openSession(t, user({ locale: 'en' }));
    const res = await library(s);
    expect(cards(res.text)).toHaveLength(17);
    expect(slugs(res.text)).not.toContain('draft-only');
    expect(res.text).not.toContain('Draft only');
    expect(res.text).not.toContain('New draft title');
    expect(res.text).toContain('Word Processing for Official Documents');
    expect(res.text).not.toContain('Only in agency B');
    expect(slugs((await library(s, 'q=draft')).text)).toEqual([]);
    // The other organisation sees its own.
    expect((await library(other)).text).toContain('Only in agency B');
  });

  it('when the library is longer than a page, then it is paged by 20 and the links keep the filters', async () => {
    const s = await openSession(t, user({ locale: 'th' }), { deploymentId: 'agency-lib-paging' });
    await library(s);
    const tenant = await tenantOf('agency-lib-paging');
    // Copies of the sample modules up to 51 published modules in this organisation.
    await t.db.query(
      `WITH src AS (
         SELECT m.id, m.slug, g.n FROM modules m CROSS JOIN generate_series(1, 2) g(n) WHERE m.tenant_id = $1
       ), ins AS (
         INSERT INTO modules (tenant_id, slug) SELECT $1, slug || '-copy-' || n FROM src RETURNING id, slug
       )
       INSERT INTO module_versions (tenant_id, module_id, framework_id, version, status, title_th, title_en, category,
                                    estimated_hours, content, languages)
       SELECT v.tenant_id, ins.id, v.framework_id, 1, v.status, v.title_th || ' ' || src.n, v.title_en || ' ' || src.n,
              v.category, v.estimated_hours, v.content, v.languages
         FROM ins JOIN src ON ins.slug = src.slug || '-copy-' || src.n
         JOIN module_versions v ON v.module_id = src.id`,
      [tenant],
    );
    const first = await library(s);
    expect(cards(first.text)).toHaveLength(20);
    expect(first.text).toContain('หน้า 1 จาก 3 (51 รายการ)');
    const third = await library(s, 'page=3');
    expect(cards(third.text)).toHaveLength(11);
    // A page past the end shows the last one.
    expect(slugs((await library(s, 'page=99')).text)).toEqual(slugs(third.text));
    const filtered = await library(s, 'status=not-started&category=70');
    expect(cards(filtered.text)).toHaveLength(20);
    expect(filtered.text).toContain(
      'rel="next" href="/app/modules?category&#x3D;70&amp;status&#x3D;not-started&amp;page&#x3D;2&amp;ltik&#x3D;',
    );
    const second = await library(s, 'category=70&status=not-started&page=2');
    expect(cards(second.text)).toHaveLength(20);
    expect(slugs(second.text).some((x) => slugs(filtered.text).includes(x))).toBe(false);
  });

  it('when the organisation has published nothing, then the page says so, in Thai and English', async () => {
    const th = await openSession(t, user({ locale: 'th' }), { deploymentId: 'agency-lib-empty' });
    await library(th);
    await t.db.query(`UPDATE module_versions SET status = 'draft' WHERE tenant_id = $1`, [
      await tenantOf('agency-lib-empty'),
    ]);
    const res = await library(th);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="library-empty"');
    expect(res.text).toContain('หน่วยงานของคุณยังไม่ได้เผยแพร่บทเรียน');
    expect(res.text).not.toContain('role="search"');
    const en = await openSession(t, user({ locale: 'en' }), { deploymentId: 'agency-lib-empty' });
    expect((await library(en)).text).toContain('Your organisation has not published any module yet.');
  });

  it('when the query holds nonsense, then the page still answers 200 with the filters it could not read left off', async () => {
    const s = await openSession(t, user({ locale: 'en' }));
    for (const query of [
      'skillSet=NOPE&category=15&status=nope&page=-3',
      'category=abc&page=abc&status=',
      `q=${'x'.repeat(500)}`,
      'q[]=a&q[]=b&skillSet[x]=1&category=70&category=10',
      'page=99999999999999999999&category=%2070',
      `q=${encodeURIComponent('<script>alert(1)</script>')}`,
    ]) {
      const res = await library(s, query);
      expect([query, res.status]).toEqual([query, 200]);
      expect(res.text).not.toContain('<script>alert(1)</script>');
    }
    expect(cards((await library(s, 'skillSet=NOPE&category=15&status=nope&page=-3')).text)).toHaveLength(17);
  });

  it('when an instructor or an administrator opens it, then they get the library too: Modules follows Home for every role', async () => {
    for (const roles of [[ROLE.instructor], [ROLE.sysAdmin, ROLE.instAdmin]]) {
      const s = await openSession(t, user({ roles, locale: 'th' }));
      expect(s.page.text).toMatch(
        /<li><a href="\/app\/home\?ltik&#x3D;[^"]+"[^>]*>.*?<\/li><li><a href="\/app\/modules\?ltik&#x3D;/s,
      );
      const res = await library(s);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/href="\/app\/modules\?ltik&#x3D;[^"]+" aria-current="page"/);
      expect(cards(res.text)).toHaveLength(17);
      // The module player records nothing for staff (a preview): the page says so instead of promising hours.
      expect(res.text).toContain('จึงเป็นการดูตัวอย่าง ระบบไม่บันทึกความก้าวหน้าหรือการเรียนจบ');
    }
  });
});
