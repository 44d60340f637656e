import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import { bangkokToday } from '../../src/shared/clock';
import { fiscalYearOf } from '../../src/domain/learning-record/fiscal-year';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (s: Pick<Session, 'agent' | 'ltik'>, path: string) => s.agent.get(withLtik(s, path));

/** A table row of a page as `|cell|cell|…|`, found by its row header. */
function row(html: string, table: string, name: string): string {
  const part = html.slice(html.indexOf(`data-testid="${table}"`));
  const at = part.search(new RegExp(`<th scope="row">(<bdi>)?(<a [^>]*>)?(<bdi>)?${name}`));
  if (at < 0) return '';
  return part
    .slice(at, part.indexOf('</tr>', at))
    .replace(/<[^>]+>/g, '|')
    .replace(/\|+/g, '|');
}

/**
 * A record of fiscal year 2568 (October 2024 - September 2025) written with its own dates, as the ledger's rows
 * would have been written then: the as-of report must see it as it stood on each day.
 */
describe('the organisation report as of a day, and the committee snapshots', () => {
  let admin: Session;
  let teacher: Session;
  let learner: Session;
  let tenantId: number;

  beforeAll(async () => {
    admin = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }), { course: 'committee' });
    teacher = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }), { course: 'committee' });
    learner = await openSession(t, user({ locale: 'en' }), { course: 'committee' });
    const academic = await openSession(t, user(), { course: 'committee' });
    const service = await openSession(t, user(), { course: 'committee' });
    const [ids] = await t.db.query<{ tenant_id: number; a: number; s: number }>(
      `SELECT a.tenant_id, a.id AS a, s.id AS s FROM people a, people s
        WHERE a.platform_user_id = $1 AND s.platform_user_id = $2`,
      [academic.user.sub, service.user.sub],
    );
    tenantId = ids!.tenant_id;
    await t.db.query(`UPDATE people SET target_group = 'ACAD' WHERE id = $1`, [ids!.a]);
    await t.db.query(`UPDATE people SET target_group = 'SERV' WHERE id = $1`, [ids!.s]);
    const entry = async (
      person: number,
      o: { source: string; occurred: string; created: string; hours: number; skill: string },
    ) => {
      const [r] = await t.db.query<{ id: number }>(
        `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours,
                                       occurred_on, created_at, activity_type)
         VALUES ($1, $2, $3, 'entry', 'dated', 70, $4, $5::jsonb, $6::date, $7::timestamptz,
                 CASE WHEN $3 = 'activity' THEN 'workshop' END) RETURNING id`,
        [
          tenantId,
          person,
          o.source,
          o.hours,
          JSON.stringify([{ skillSet: o.skill, hours: o.hours }]),
          o.occurred,
          o.created,
        ],
      );
      return r!.id;
    };
    const review = (entryId: number, created: string) =>
      t.db.query(
        `INSERT INTO entry_reviews (tenant_id, entry_id, decision, created_at) VALUES ($1, $2, 'approved', $3)`,
        [tenantId, entryId, created],
      );
    // Academic: 3 h imported, dated 1 Nov 2024, reversed on 10 Jan 2025; 2 h dated 1 Feb 2025.
    const imported = await entry(ids!.a, {
      source: 'import',
      occurred: '2024-11-01',
      created: '2024-11-01T10:00+07',
      hours: 3,
      skill: 'DL',
    });
    await t.db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, corrects_id, root_id, title, category, hours,
                                     skill_hours, occurred_on, created_at, reason)
       VALUES ($1, $2, 'import', 'reversal', $3, $3, 'dated', 70, 3, '[{"skillSet":"DL","hours":3}]', '2024-11-01',
               '2025-01-10T10:00+07', 'duplicate')`,
      [tenantId, ids!.a, imported],
    );
    await entry(ids!.a, {
      source: 'import',
      occurred: '2025-02-01',
      created: '2025-02-01T10:00+07',
      hours: 2,
      skill: 'DL',
    });
    // Service: 4 h logged on 10 Nov 2024, approved on 20 Nov; 5 h logged on 1 Dec 2024, approved on 15 Jan 2025.
    await review(
      await entry(ids!.s, {
        source: 'activity',
        occurred: '2024-11-10',
        created: '2024-11-10T10:00+07',
        hours: 4,
        skill: 'DG',
      }),
      '2024-11-20T10:00+07',
    );
    await review(
      await entry(ids!.s, {
        source: 'activity',
        occurred: '2024-12-01',
        created: '2024-12-01T10:00+07',
        hours: 5,
        skill: 'DL',
      }),
      '2025-01-15T10:00+07',
    );
  });

  it('when an administrator asks for the report as of a day, then only what was recorded, approved or reversed by its end counts', async () => {
    const december = await get(admin, '/app/organisation?asOf=31/12/2024');
    expect(december.status).toBe(200);
    expect(december.text).toContain('Figures as of 31 December 2024');
    // headcount | learners with hours | hours | 70 | 20 | 10 | mix
    expect(row(december.text, 'report-groups', 'Academic')).toBe('|Academic|1|1|3|3|0|0|100:0:0|');
    // The 5 h of 1 December were approved only on 15 January.
    expect(row(december.text, 'report-groups', 'Service')).toBe('|Service|1|1|4|4|0|0|100:0:0|');

    const january = await get(admin, '/app/organisation?asOf=31/01/2025');
    // Reversed on 10 January; the 2 h are dated 1 February.
    expect(row(january.text, 'report-groups', 'Academic')).toBe('|Academic|1|0|0|0|0|0|–|');
    expect(row(january.text, 'report-groups', 'Service')).toBe('|Service|1|1|9|9|0|0|100:0:0|');
  });

  it('when the as-of day is the year’s last, then the fold of the ledger agrees with the rollups the triggers keep', async () => {
    const folded = await get(admin, '/app/organisation?asOf=30/09/2025');
    const rollups = await get(admin, '/app/organisation?fy=2568');
    for (const group of ['Academic', 'Service', 'Total'])
      expect(row(folded.text, 'report-groups', group)).toBe(row(rollups.text, 'report-groups', group));
    expect(row(rollups.text, 'report-groups', 'Total')).toBe('|Total|3|2|11|11|0|0|100:0:0|');
    const csv = await get(admin, '/app/organisation.csv?asOf=31/12/2024');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Academic,,1,1,3,3,0,0,100:0:0');
  });

  it('when the report is as of a past day, then it has no 70:30 or lecture-share figures and says why; the CSV leaves them empty', async () => {
    // ROLLUPS_AS_OF folds the ledger without the rollup's '~' keys (migration 0041): absent, not zeros.
    const past = await get(admin, '/app/organisation?asOf=31/12/2024');
    expect(past.status).toBe(200);
    expect(past.text).toContain('data-testid="report-seventy-thirty-past"');
    expect(past.text).toContain('kept for the record as it counts today only');
    expect(past.text).not.toContain('data-testid="report-seventy-thirty"');
    expect(past.text).not.toContain('data-testid="report-lecture"');
    // The year's rollups (no as-of day) have them.
    const year = await get(admin, '/app/organisation?fy=2568');
    expect(year.text).toContain('data-testid="report-seventy-thirty"');
    expect(year.text).not.toContain('data-testid="report-seventy-thirty-past"');
    const csv = await get(admin, '/app/organisation.csv?asOf=31/12/2024');
    const [header, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header).toContain('hours for current work');
    expect(lines.find((x) => x.includes('Academic,,1,1,3,3,0,0,100:0:0'))).toMatch(/,,,,,,,$/);
  });

  it('when the as-of day is after today or not a day, then the page says so in the user’s language and shows today’s figures', async () => {
    const future = await get(admin, '/app/organisation?asOf=1/1/2999');
    expect(future.status).toBe(422);
    expect(future.text).toContain('The day is after today');
    const thai = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'th' }), {
      course: 'committee',
    });
    const bad = await get(thai, '/app/organisation?asOf=31/12/2024');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('ปีที่พิมพ์ดูเหมือนเป็นปี ค.ศ.');
    expect(bad.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('when a snapshot is taken, then it keeps the figures as of its day, prints, downloads, is audited and the database refuses to change it', async () => {
    const taken = await postForm(admin, '/app/organisation/snapshots', {
      title: 'Committee meeting 1/2568',
      asOf: '2024-12-31',
      fy: '2568',
    });
    expect(taken.status).toBe(303);
    const id = /snapshots\/(\d+)/.exec(taken.headers.location ?? '')![1]!;
    const page = await get(admin, `/app/organisation/snapshots/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Committee meeting 1/2568');
    expect(page.text).toContain('31 December 2024');
    expect(row(page.text, 'snapshot-groups', 'Service')).toBe('|Service|1|1|4|100:0:0|');

    const csv = await get(admin, `/app/organisation/snapshots/${id}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('Committee meeting 1/2568,2024-12-31,2568,By target group,Service,,1,1,4');

    // Later records change nothing in it.
    await expect(
      t.db.query(`UPDATE report_snapshots SET title = 'changed' WHERE id = $1`, [Number(id)]),
    ).rejects.toThrow(/never changed/);
    await expect(
      t.db.query(`UPDATE report_snapshots SET figures = '{}' WHERE tenant_id = $1`, [tenantId]),
    ).rejects.toThrow(/never changed/);
    const [audit] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'report.snapshot_taken'
          AND subject = $2`,
      [tenantId, `snapshot ${id}`],
    );
    expect(audit!.n).toBe(1);
    const list = await get(admin, '/app/organisation/snapshots');
    expect(list.text).toContain('Committee meeting 1/2568');
  });

  it('when two snapshots are compared, then each target group and skill set shows the change with its sign and in words', async () => {
    const take = async (title: string, asOf: string) => {
      const r = await postForm(admin, '/app/organisation/snapshots', { title, asOf, fy: '2568' });
      return /snapshots\/(\d+)/.exec(r.headers.location ?? '')![1]!;
    };
    const first = await take('Meeting A', '2024-12-31');
    const second = await take('Meeting B', '2025-01-31');
    // Given later first: the page still puts the earlier day on the left.
    const res = await get(admin, `/app/organisation/snapshots/compare?a=${second}&b=${first}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('From “Meeting A”');
    expect(row(res.text, 'compare-groups', 'Service')).toBe('|Service|1|1|0 (no change)|4|9|+5 (up 5)|');
    expect(row(res.text, 'compare-groups', 'Academic')).toBe('|Academic|1|0|−1 (down 1)|3|0|−3 (down 3)|');
    const same = await get(admin, `/app/organisation/snapshots/compare?a=${first}&b=${first}`);
    expect(same.status).toBe(400);
    const missing = await get(admin, `/app/organisation/snapshots/compare?a=${first}&b=999999`);
    expect(missing.status).toBe(404);
  });

  it('when the title is missing, the day is after today or the id names no snapshot, then nothing is written and the page says why', async () => {
    const [before] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_snapshots');
    const untitled = await postForm(admin, '/app/organisation/snapshots', { title: ' ', asOf: '2024-12-31' });
    expect(untitled.status).toBe(422);
    expect(untitled.text).toContain('Give the snapshot a title');
    const future = await postForm(admin, '/app/organisation/snapshots', { title: 'x', asOf: '2999-01-01' });
    expect(future.status).toBe(422);
    const [after] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_snapshots');
    expect(after!.n).toBe(before!.n);
    expect((await get(admin, '/app/organisation/snapshots/abc')).status).toBe(404);
  });

  it('when a learner or an instructor asks for the snapshots, the need analysis or their CSVs, then the answer is 403', async () => {
    const [snap] = await t.db.query<{ id: number }>('SELECT id FROM report_snapshots LIMIT 1');
    const paths = [
      '/app/organisation?asOf=31/12/2024',
      '/app/organisation/snapshots',
      `/app/organisation/snapshots/${snap!.id}`,
      `/app/organisation/snapshots/${snap!.id}/export.csv`,
      `/app/organisation/snapshots/compare?a=${snap!.id}&b=${snap!.id}`,
      '/app/organisation/needs',
      '/app/organisation/needs.csv',
    ];
    for (const s of [learner, teacher])
      for (const path of paths) expect([path, (await get(s, path)).status]).toEqual([path, 403]);
    for (const s of [learner, teacher])
      expect(
        (await postForm(s, '/app/organisation/snapshots', { title: 'x', asOf: '2024-12-31' })).status,
      ).toBe(403);
  });
});

describe('the need analysis', () => {
  it('when people assessed themselves this year, then each target group and skill set shows who is below target and by how much', async () => {
    const admin = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }), { course: 'needs' });
    const assess = async (group: string, stage: string, dl: string, dg: string, again?: string) => {
      const s = await openSession(t, user(), { course: 'needs' });
      const form = (d: string) => ({
        group,
        stage,
        'rating.DL': d,
        'rating.DG': dg,
        'rating.DT': '3',
        'rating.DPS': '3',
        'rating.PSM': '3',
        'rating.DLD': '3',
        'rating.DTF': '3',
      });
      expect((await postForm(s, '/app/self-assessment', form(dl))).status).toBe(303);
      // Only the latest of the year counts.
      if (again) expect((await postForm(s, '/app/self-assessment', form(again))).status).toBe(303);
    };
    // Developing = level 2 needed; Mature = 3.
    await assess('ACAD', 'DEVELOPING', '0', '2', '1');
    await assess('ACAD', 'DEVELOPING', '2', '0');
    await assess('ACAD', 'MATURE', '1', '3');
    await assess('SERV', 'DEVELOPING', '3', '3');
    const res = await get(admin, '/app/organisation/needs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('4 people assessed themselves');
    const rows = res.text.slice(res.text.indexOf('data-testid="needs"'));
    const line = (group: string, skill: string) => {
      const re = new RegExp(
        `<tr><th scope="row">(<bdi>)?${group}(</bdi>)?</th><td[^>]*>(<bdi>)?${skill}.*?</tr>`,
      );
      return (re.exec(rows)?.[0] ?? '').replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
    };
    // assessed | below | % | levels short | average gap | by gap
    expect(line('Academic', 'Digital Literacy')).toBe(
      '|Academic|Digital Literacy Skill Set|3|2|67|3|1.5|1 / 1 / 0|',
    );
    expect(line('Academic', 'Digital Governance')).toBe(
      '|Academic|Digital Governance, Standard and Compliance Skill Set|3|1|33|2|2|0 / 1 / 0|',
    );
    expect(line('Service', 'Digital Literacy')).toBe(
      '|Service|Digital Literacy Skill Set|1|0|0|0|–|0 / 0 / 0|',
    );
    const csv = await get(admin, '/app/organisation/needs.csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(
      `${fiscalYearOf(bangkokToday())},Academic,Digital Literacy Skill Set,3,2,67,3,1.5,1 / 1 / 0`,
    );
    const organisation = await get(admin, '/app/organisation');
    expect(organisation.text).toContain('data-testid="needs-link"');
  });
});
