import { readFrameworkDir } from '../../src/content/framework-file';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createFrameworkRepository } from '../../src/db/framework.repository';
import { migrate } from '../../src/db/migrate';
import { createNeedAnalysisRepository } from '../../src/db/need-analysis.repository';
import { analysedSelfAssessments, needAnalysis } from '../../src/domain/agency/need-analysis';
import { fiscalYear, fiscalYearRange } from '../../src/domain/learning-record/fiscal-year';
import { tenantId as asTenantId, type TenantId } from '../../src/shared/ids';
import { createTestDatabase } from '../support/test-db';

let db: Database;
let drop: () => Promise<void>;
let tenantId: TenantId;
let otherTenant: TenantId;
let ocscId: number;
let teacherId: number;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(db);
  const frameworks = createFrameworkRepository(db);
  await frameworks.load(readFrameworkDir(), 'config/frameworks');
  ocscId = (await frameworks.latest('ocsc-digital-government-skills'))!.id;
  teacherId = (await frameworks.latest('teacher-digital-skills'))!.id;
  const ids: number[] = [];
  for (const issuer of ['https://a.test', 'https://b.test']) {
    const [row] = await db.query<{ id: number }>(
      "INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ($1, 'd1', 'c1') RETURNING id",
      [issuer],
    );
    ids.push(row!.id);
  }
  [tenantId, otherTenant] = ids.map(asTenantId) as [TenantId, TenantId];
});
afterAll(async () => {
  await db.close();
  await drop();
});

async function person(tenant: number): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    "INSERT INTO people (tenant_id, platform_user_id) VALUES ($1, 'p-' || gen_random_uuid()) RETURNING id",
    [tenant],
  );
  return row!.id;
}

async function selfAssessment(
  tenant: number,
  personId: number,
  frameworkId: number,
  takenOn: string,
  group: string,
  ratings: Record<string, number>,
): Promise<void> {
  await db.query(
    `INSERT INTO self_assessments (tenant_id, person_id, framework_id, target_group, target_stage, ratings, taken_on)
     VALUES ($1, $2, $3, $4, 'DEVELOPING', $5, $6)`,
    [tenant, personId, frameworkId, group, JSON.stringify(ratings), takenOn],
  );
}

describe('the need analysis reads each person’s latest self-assessment of the fiscal year', () => {
  it('one per person, of this framework and organisation, within the year', async () => {
    const fy2569 = fiscalYearRange(fiscalYear(2569));
    const [p1, p2, p3] = [await person(tenantId), await person(tenantId), await person(tenantId)];
    await selfAssessment(tenantId, p1, ocscId, '2025-10-15', 'SERV', { DL: 0, DG: 0 });
    await selfAssessment(tenantId, p1, ocscId, '2026-03-01', 'SERV', { DL: 1, DG: 2 }); // the later one counts
    await selfAssessment(tenantId, p2, ocscId, '2026-09-30', 'SERV', { DL: 2 });
    await selfAssessment(tenantId, p3, ocscId, '2026-10-01', 'SERV', { DL: 0 }); // FY 2570
    await selfAssessment(tenantId, p3, teacherId, '2026-01-01', 'S', { DL: 0 }); // another framework
    await selfAssessment(otherTenant, await person(otherTenant), ocscId, '2026-01-01', 'SERV', { DL: 0 });

    const source = createNeedAnalysisRepository(db);
    const latest = await source.latestSelfAssessments(tenantId, 'ocsc-digital-government-skills', fy2569);
    expect(latest).toHaveLength(2);
    const ocsc = readFrameworkDir().find((f) => f.id === 'ocsc-digital-government-skills')!;
    expect(needAnalysis(ocsc, analysedSelfAssessments(ocsc, latest, undefined).assessments)).toEqual([
      { group: 'SERV', skillSet: 'DL', assessed: 2, below: 1, levelsShort: 1, byGap: [1] },
      { group: 'SERV', skillSet: 'DG', assessed: 1, below: 0, levelsShort: 0, byGap: [] },
    ]);
  });
});

async function dgSa(
  tenant: number,
  personId: number,
  awardedOn: string,
  levels: Record<string, number>,
  current = true,
): Promise<void> {
  const [imported] = await db.query<{ id: number }>(
    `INSERT INTO official_result_imports (tenant_id, token, sha256, rows_added, rows_replaced, rows_unchanged)
     VALUES ($1, gen_random_uuid(), repeat('0', 64), 0, 0, 0) RETURNING id`,
    [tenant],
  );
  for (const [code, level] of Object.entries(levels))
    await db.query(
      `INSERT INTO official_results (tenant_id, person_id, kind, code, area, level, awarded_on, import_id, current)
       VALUES ($1, $2, 'dg_sa', $3, $3, $4, $5, $6, $7)`,
      [tenant, personId, code, level, awardedOn, imported!.id, current],
    );
}

describe('the need analysis reads each person’s latest DG-SA result of the fiscal year beside their own', () => {
  it('the levels of the latest day with current results, within the year and the organisation, with the person’s target', async () => {
    const range = fiscalYearRange(fiscalYear(2568));
    const [p1, p2, p3] = [await person(tenantId), await person(tenantId), await person(tenantId)];
    await db.query("UPDATE people SET target_group = 'ACAD', target_stage = 'EARLY' WHERE id = $1", [p1]);
    await dgSa(tenantId, p1, '2024-11-01', { DL: 0, DG: 0 });
    await dgSa(tenantId, p1, '2025-02-01', { DL: 2, DG: 1 }); // the latest day counts, all of its levels
    await dgSa(tenantId, p1, '2025-03-01', { DL: 3 }, false); // replaced: not current
    await dgSa(tenantId, p1, '2025-10-01', { DL: 1 }); // FY 2569
    await selfAssessment(tenantId, p2, ocscId, '2025-01-10', 'SERV', { DL: 1 });
    await dgSa(tenantId, p2, '2025-01-05', { DL: 3 });
    await dgSa(otherTenant, await person(otherTenant), '2025-01-05', { DL: 3 });
    await selfAssessment(tenantId, p3, ocscId, '2025-05-05', 'SERV', { DL: 2 });

    const source = createNeedAnalysisRepository(db);
    const latest = await source.latestSelfAssessments(tenantId, 'ocsc-digital-government-skills', range);
    const sorted = [...latest].sort((a, b) =>
      (a.dgSa?.takenOn ?? a.own!.takenOn).localeCompare(b.dgSa?.takenOn ?? b.own!.takenOn),
    );
    expect(sorted).toEqual([
      {
        own: { takenOn: '2025-01-10', targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 1 } },
        dgSa: { takenOn: '2025-01-05', levels: { DL: 3 } },
        targetGroup: undefined,
        targetStage: undefined,
      },
      {
        own: undefined,
        dgSa: { takenOn: '2025-02-01', levels: { DL: 2, DG: 1 } },
        targetGroup: 'ACAD',
        targetStage: 'EARLY',
      },
      {
        own: { takenOn: '2025-05-05', targetGroup: 'SERV', targetStage: 'DEVELOPING', ratings: { DL: 2 } },
        dgSa: undefined,
        targetGroup: undefined,
        targetStage: undefined,
      },
    ]);
  });
});
