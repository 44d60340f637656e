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
import { fiscalYear, fiscalYearOf, fiscalYearRange } from '../../src/domain/learning-record/fiscal-year';
import { createReportRepository } from '../../src/db/report.repository';
import type { Queryable } from '../../src/db/database';
import type { TenantId } from '../../src/shared/ids';
import { rollupsAsOfFold } from '../support/rollups-as-of';

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

  it('when the report is as of a past day, then it shows the 70:30 and lecture-share figures of that day, in the page and the CSV, and says which target group counts', async () => {
    const past = await get(admin, '/app/organisation?asOf=31/12/2024');
    expect(past.status).toBe(200);
    // group | current | future | not stated | 70:30 | training with a lecture share | over 60 % | their hours
    expect(row(past.text, 'report-seventy-thirty', 'Academic')).toBe('|Academic|0|0|3|–|0|0|0|');
    expect(row(past.text, 'report-seventy-thirty', 'Service')).toBe('|Service|0|0|4|–|0|0|0|');
    expect(past.text).toContain('data-testid="report-lecture"');
    expect(past.text).toContain('data-testid="report-as-of-groups"');
    expect(past.text).toContain('Learners are counted in the target group they hold today');
    const january = await get(admin, '/app/organisation?asOf=31/01/2025');
    expect(row(january.text, 'report-seventy-thirty', 'Service')).toBe('|Service|0|0|9|–|0|0|0|');
    // Today's figures say nothing about groups of the past.
    const year = await get(admin, '/app/organisation?fy=2568');
    expect(year.text).toContain('data-testid="report-seventy-thirty"');
    expect(year.text).not.toContain('data-testid="report-as-of-groups"');
    const csv = await get(admin, '/app/organisation.csv?asOf=31/12/2024');
    const [header, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header).toContain('hours for current work');
    expect(lines.find((x) => x.includes('Academic,,1,1,3,3,0,0,100:0:0'))).toMatch(/,0,0,3,,0,0,0$/);
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
    // The 70:30 split of that day is kept too (none of these hours stated what they serve), and which group counts.
    expect(row(page.text, 'snapshot-seventy-thirty', 'Service')).toBe('|Service|0|0|4|–|0|0|0|');
    expect(page.text).toContain('data-testid="snapshot-lecture"');
    expect(page.text).toContain('counted in the target group they held when the snapshot was taken');

    const csv = await get(admin, `/app/organisation/snapshots/${id}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('Committee meeting 1/2568,2024-12-31,2568,By target group,Service,,1,1,4');
    expect(csv.text.split(/\r?\n/)[0]).toContain('hours for current work');
    expect(csv.text).toMatch(/By target group,Service,,1,1,4,4,0,0,100:0:0,,,0,0,4,,0,0,0/);

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
    // current: earlier, later, change | future: earlier, later, change
    expect(row(res.text, 'compare-seventy-thirty', 'Service')).toBe(
      '|Service|0|0|0 (no change)|0|0|0 (no change)|',
    );
    // A snapshot taken before snapshots kept 70:30 (figures version 1) still reads, prints and compares, without them.
    const [v1] = await t.db.query<{ id: number }>(
      `INSERT INTO report_snapshots (tenant_id, title, fiscal_year, as_of, framework_code, figures_version, figures)
       SELECT tenant_id, 'Meeting before 70:30', fiscal_year, as_of, framework_code, 1,
              (figures - 'agency') || '{"version": 1}'::jsonb
         FROM report_snapshots WHERE id = $1 RETURNING id`,
      [Number(first)],
    );
    const old = await get(admin, `/app/organisation/snapshots/${v1!.id}`);
    expect(old.status).toBe(200);
    expect(row(old.text, 'snapshot-groups', 'Service')).toBe('|Service|1|1|4|100:0:0|');
    expect(old.text).toContain('data-testid="snapshot-no-seventy-thirty"');
    const oldCsv = await get(admin, `/app/organisation/snapshots/${v1!.id}/export.csv`);
    expect(oldCsv.text).toMatch(/By target group,Service,,1,1,4,4,0,0,100:0:0,,,,,,,,,$/m);
    const mixed = await get(admin, `/app/organisation/snapshots/compare?a=${v1!.id}&b=${second}`);
    expect(mixed.status).toBe(200);
    expect(mixed.text).toContain('data-testid="compare-no-seventy-thirty"');
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
    expect(res.text).toContain('People who assessed themselves: 4');
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

/**
 * The dated journal of migration 0053, held to the ledger folded as of a day (test/support/rollups-as-of.ts): for a
 * scripted fiscal year (2566: October 2022 - September 2023) of entries, corrections, reversals, reviews (approved,
 * rejected, approved again, two on one day), backdated logging and target group changes, the report as of each day
 * of the year equals the fold, at two points of the script and at its end.
 */
describe('the organisation report as of a day, read from the dated journal', () => {
  const FY = fiscalYear(2566);
  const { from, to } = fiscalYearRange(FY);
  let tenantId: number;
  const ids: Record<'a' | 'b' | 'c' | 'd', number> = { a: 0, b: 0, c: 0, d: 0 };

  const days = (): string[] => {
    const out: string[] = [];
    for (
      let d = new Date(`${from}T00:00:00Z`);
      d.toISOString().slice(0, 10) <= to;
      d.setUTCDate(d.getUTCDate() + 1)
    )
      out.push(d.toISOString().slice(0, 10));
    return out;
  };
  const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();

  /** Every day of the year: the journal as the product reads it, against the fold. */
  async function expectJournalEqualsFoldOnEveryDay(): Promise<number> {
    const reports = createReportRepository(t.db);
    let nonEmpty = 0;
    for (const day of days()) {
      const [journal, fold] = await Promise.all([
        reports.organisation(tenantId as TenantId, FY, day),
        rollupsAsOfFold(t.db, tenantId, from, day),
      ]);
      const product = journal.rollups.map((r) => ({
        targetGroup: r.targetGroup,
        key: r.skillSet,
        category: r.category,
        hours: r.hours,
        learners: r.learners,
      }));
      expect([day, sorted(product)]).toEqual([day, sorted(fold.filter((r) => !r.key.startsWith('~')))]);
      expect([day, sorted(journal.agency)]).toEqual([
        day,
        sorted(
          fold
            .filter((r) => r.key.startsWith('~'))
            .map((r) => ({ targetGroup: r.targetGroup, key: r.key, hours: r.hours })),
        ),
      ]);
      if (product.length > 0) nonEmpty += 1;
    }
    return nonEmpty;
  }

  const entry = async (
    person: number,
    o: {
      source?: 'import' | 'activity';
      kind?: 'entry' | 'correction' | 'reversal';
      corrects?: number;
      root?: number;
      occurred: string;
      created: string;
      category?: 70 | 20 | 10;
      hours: number;
      skills: Array<[string, number]>;
      horizon?: 'current' | 'future';
      lectureShare?: number;
    },
  ): Promise<number> => {
    const [r] = await t.db.query<{ id: number }>(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, corrects_id, root_id, title, category, hours,
                                     skill_hours, occurred_on, created_at, activity_type, reason, horizon,
                                     lecture_share)
       VALUES ($1, $2, $3, $4, $5, $6, 'scripted', $7, $8, $9::jsonb, $10::date, $11::timestamptz,
               CASE WHEN $3 = 'activity' THEN 'workshop' END, CASE WHEN $4 <> 'entry' THEN 'scripted' END, $12, $13)
       RETURNING id`,
      [
        tenantId,
        person,
        o.source ?? 'import',
        o.kind ?? 'entry',
        o.corrects ?? null,
        o.root ?? o.corrects ?? null,
        o.category ?? 70,
        o.hours,
        JSON.stringify(o.skills.map(([skillSet, hours]) => ({ skillSet, hours }))),
        o.occurred,
        o.created,
        o.horizon ?? null,
        o.lectureShare ?? null,
      ],
    );
    return r!.id;
  };
  const review = (entryId: number, decision: 'approved' | 'rejected', created: string) =>
    t.db.query(
      `INSERT INTO entry_reviews (tenant_id, entry_id, decision, created_at) VALUES ($1, $2, $3, $4)`,
      [tenantId, entryId, decision, created],
    );

  beforeAll(async () => {
    const admin = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }), { course: 'journal' });
    const [me] = await t.db.query<{ tenant_id: number }>(
      'SELECT tenant_id FROM people WHERE platform_user_id = $1',
      [admin.user.sub],
    );
    tenantId = me!.tenant_id;
    for (const [k, group] of [
      ['a', 'ACAD'],
      ['b', 'SERV'],
      ['c', null],
      ['d', 'TECH'],
    ] as const) {
      const [p] = await t.db.query<{ id: number }>(
        `INSERT INTO people (tenant_id, platform_user_id, name, target_group) VALUES ($1, $2, $2, $3) RETURNING id`,
        [tenantId, `journal-${k}`, group],
      );
      ids[k] = p!.id;
    }
  });

  it('when a year of entries, corrections, reversals, reviews and group changes is written, then the journal equals the fold of the ledger on every day', async () => {
    const { a, b, c, d } = ids;
    // A: 3 h imported (Digital Literacy, 70) from 5 October; corrected on 10 December to 5 h of lecture-heavy
    // training; that correction corrected on 15 January to 4 h of current work dated 20 January (a gap of 5 days).
    const first = await entry(a, {
      occurred: '2022-10-05',
      created: '2022-10-05T09:00+07',
      hours: 3,
      skills: [['DL', 3]],
    });
    // 2 h for future work (Digital Governance, 20) from 1 November, reversed on 1 March.
    const future = await entry(a, {
      occurred: '2022-11-01',
      created: '2022-11-01T09:00+07',
      category: 20,
      hours: 2,
      skills: [['DG', 2]],
      horizon: 'future',
    });
    // B: a workshop of 10 November (4 h, DL, 20) approved on 20 November, rejected on 5 December, approved again on
    // 1 February; written 23:30 in Bangkok on 10 November (16:30 UTC: still the 10th).
    const workshop = await entry(b, {
      source: 'activity',
      occurred: '2022-11-10',
      created: '2022-11-10T16:30Z',
      category: 20,
      hours: 4,
      skills: [
        ['DL', 3],
        ['DG', 1],
      ],
      horizon: 'current',
    });
    await review(workshop, 'approved', '2022-11-20T10:00+07');
    await review(workshop, 'rejected', '2022-12-05T10:00+07');
    // A logged activity rejected the day after it was written: it never counts.
    const rejected = await entry(b, {
      source: 'activity',
      occurred: '2022-12-01',
      created: '2022-12-02T10:00+07',
      hours: 2,
      skills: [['DL', 2]],
    });
    await review(rejected, 'rejected', '2022-12-03T10:00+07');
    // C (no target group yet): 2 h from 15 December, written at 00:30 on the 16th in Bangkok (17:30 UTC on the 15th).
    await entry(c, { occurred: '2022-12-15', created: '2022-12-15T17:30Z', hours: 2, skills: [['DT', 2]] });
    const correction = await entry(a, {
      kind: 'correction',
      corrects: first,
      occurred: '2022-10-05',
      created: '2022-12-10T09:00+07',
      category: 10,
      hours: 5,
      skills: [['DL', 5]],
      lectureShare: 80,
    });
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    await entry(a, {
      kind: 'correction',
      corrects: correction,
      root: first,
      occurred: '2023-01-20',
      created: '2023-01-15T09:00+07',
      hours: 4,
      skills: [['DT', 4]],
      horizon: 'current',
    });
    await review(workshop, 'approved', '2023-02-01T10:00+07');
    await entry(a, {
      kind: 'reversal',
      corrects: future,
      occurred: '2022-11-01',
      created: '2023-03-01T09:00+07',
      category: 20,
      hours: 2,
      skills: [['DG', 2]],
    });
    // B's workshop corrected on 10 March to 1 h: still approved (the review is on the original).
    await entry(b, {
      source: 'activity',
      kind: 'correction',
      corrects: workshop,
      occurred: '2022-11-10',
      created: '2023-03-10T09:00+07',
      category: 20,
      hours: 1,
      skills: [['DL', 1]],
    });
    // Backdated: an import dated 15 October written on 1 April counts from 15 October (the rule for originals);
    // training with a recorded 30 % lecture share.
    await entry(b, {
      occurred: '2022-10-15',
      created: '2023-04-01T09:00+07',
      category: 10,
      hours: 6,
      skills: [['DG', 6]],
      lectureShare: 30,
      horizon: 'future',
    });
    // Backdated logging: dated 20 October, written 1 May, rejected and approved on 2 May (the later decision holds).
    const late = await entry(d, {
      source: 'activity',
      occurred: '2022-10-20',
      created: '2023-05-01T09:00+07',
      hours: 3,
      skills: [['DL', 3]],
    });
    await review(late, 'rejected', '2023-05-02T09:00+07');
    await review(late, 'approved', '2023-05-02T15:00+07');
    // C chooses a group; A moves from Academic to Service: each takes every day of their hours along.
    await t.db.query(`UPDATE people SET target_group = 'TECH' WHERE id = $1`, [c]);
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    await t.db.query(`UPDATE people SET target_group = 'SERV' WHERE id = $1`, [a]);
    await entry(c, {
      occurred: '2023-09-30',
      created: '2023-09-30T23:59+07',
      hours: 1.5,
      skills: [['DT', 1.5]],
    });
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);

    // The whole year's journal is the year's tenant rollup (the figures as they count today).
    const [drift] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         (SELECT target_group, skill_set_code, category, hours, learners FROM tenant_rollups
           WHERE tenant_id = $1 AND fiscal_year = $2 AND (hours <> 0 OR learners <> 0)
          EXCEPT
          SELECT target_group, skill_set_code, category, sum(hours), sum(learners)::int FROM tenant_rollup_journal
           WHERE tenant_id = $1 AND fiscal_year = $2 GROUP BY 1, 2, 3 HAVING sum(hours) <> 0 OR sum(learners) <> 0)
         UNION ALL
         (SELECT target_group, skill_set_code, category, sum(hours), sum(learners)::int FROM tenant_rollup_journal
           WHERE tenant_id = $1 AND fiscal_year = $2 GROUP BY 1, 2, 3 HAVING sum(hours) <> 0 OR sum(learners) <> 0
          EXCEPT
          SELECT target_group, skill_set_code, category, hours, learners FROM tenant_rollups
           WHERE tenant_id = $1 AND fiscal_year = $2 AND (hours <> 0 OR learners <> 0))) x`,
      [tenantId, FY],
    );
    expect(drift!.n).toBe(0);
    // And a rebuild (after a bulk load with the triggers off) writes the same journal.
    const before = await t.db.query(
      `SELECT fiscal_year, day::text, target_group, skill_set_code, category, hours::text, learners
         FROM tenant_rollup_journal WHERE tenant_id = $1 AND (hours <> 0 OR learners <> 0) ORDER BY 1, 2, 3, 4, 5`,
      [tenantId],
    );
    await t.db.query('SELECT tenant_journal_rebuild($1)', [tenantId]);
    const after = await t.db.query(
      `SELECT fiscal_year, day::text, target_group, skill_set_code, category, hours::text, learners
         FROM tenant_rollup_journal WHERE tenant_id = $1 AND (hours <> 0 OR learners <> 0) ORDER BY 1, 2, 3, 4, 5`,
      [tenantId],
    );
    expect(after).toEqual(before);
  });

  it('when two transactions write entries under the same key at once, then neither change to the journal is lost', async () => {
    const { a, d } = ids;
    const day = '2023-06-01';
    const write = (tx: Queryable, person: number, hours: number) =>
      tx.query(
        `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours,
                                       occurred_on, created_at)
         VALUES ($1, $2, 'import', 'entry', 'concurrent', 20, $3, $4::jsonb, $5, '2023-06-01T09:00+07')`,
        [tenantId, person, hours, JSON.stringify([{ skillSet: 'DPS', hours }]), day],
      );
    /** Waits, without a timer, until a backend of this database waits for a lock (the second writer). */
    const untilSomeoneWaits = async () => {
      for (;;) {
        const [w] = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%concurrent%'`,
        );
        if (w!.n > 0) return;
      }
    };
    // The same person twice (the person's advisory lock queues the second), then two people of one group under
    // the same key and day (the journal's row lock queues the second; its upsert adds to the first's row).
    await t.db.query(`UPDATE people SET target_group = 'SERV' WHERE id = $1`, [d]);
    for (const [p1, p2] of [
      [a, a],
      [a, d],
    ] as const) {
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstWrote!: () => void;
      const firstHasWritten = new Promise<void>((resolve) => (firstWrote = resolve));
      const first = t.db.transaction(async (tx) => {
        await write(tx, p1, 1.25);
        firstWrote();
        await firstMayCommit;
      });
      await firstHasWritten;
      const second = t.db.transaction((tx) => write(tx, p2, 2));
      await untilSomeoneWaits();
      releaseFirst();
      await Promise.all([first, second]);
    }
    const [dps] = await t.db.query<{ hours: string; learners: number }>(
      `SELECT sum(hours)::text AS hours, sum(learners)::int AS learners FROM tenant_rollup_journal
        WHERE tenant_id = $1 AND fiscal_year = $2 AND skill_set_code = 'DPS' AND category = 20 AND day = $3`,
      [tenantId, FY, day],
    );
    expect({ hours: Number(dps!.hours), learners: dps!.learners }).toEqual({ hours: 6.5, learners: 2 });
    expect(await expectJournalEqualsFoldOnEveryDay()).toBeGreaterThan(300);
  });
});
