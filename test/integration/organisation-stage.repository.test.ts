import { readFrameworkDir } from '../../src/content/framework-file';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createFrameworkRepository } from '../../src/db/framework.repository';
import { migrate } from '../../src/db/migrate';
import { createOrganisationStageRepository } from '../../src/db/organisation-stage.repository';
import { targetStatus } from '../../src/domain/agency/organisation-stage';
import { personId, tenantId, type FrameworkId, type TenantId } from '../../src/shared/ids';
import type { AuditEntry } from '../../src/use-cases/ports/audit';
import { createTestDatabase } from '../support/test-db';

let db: Database;
let drop: () => Promise<void>;
let frameworkId: FrameworkId;
const tenants: TenantId[] = [];
/** Each organisation's administrator, who the audit log names for its changes. */
const admins = new Map<TenantId, AuditEntry['by']>();
const audit = (t: TenantId, action: 'stage.announced' | 'stage.target_set'): AuditEntry => ({
  by: admins.get(t)!,
  action,
  subject: 'test',
});
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(db);
  const frameworks = createFrameworkRepository(db);
  await frameworks.load(readFrameworkDir(), 'config/frameworks');
  frameworkId = (await frameworks.latest('ocsc-digital-government-skills'))!.id;
  for (const issuer of ['https://a.test', 'https://b.test']) {
    const [row] = await db.query<{ id: number }>(
      "INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ($1, 'd1', 'c1') RETURNING id",
      [issuer],
    );
    const t = tenantId(row!.id);
    tenants.push(t);
    const [person] = await db.query<{ id: number }>(
      "INSERT INTO people (tenant_id, platform_user_id) VALUES ($1, 'admin') RETURNING id",
      [t],
    );
    admins.set(t, { tenantId: t, personId: personId(person!.id), lms: { issuer, deploymentId: 'd1' } });
  }
});
afterAll(async () => {
  await db.close();
  await drop();
});

describe('the organisation stage per fiscal year and its target, stored', () => {
  it('keeps one announcement per fiscal year (a second replaces the first), oldest first, per organisation', async () => {
    const repo = createOrganisationStageRepository(db);
    const [a, b] = tenants as [TenantId, TenantId];
    await repo.announce(a, frameworkId, { fiscalYear: 2570, stage: 'EARLY' }, audit(a, 'stage.announced'));
    await repo.announce(a, frameworkId, { fiscalYear: 2568, stage: 'EARLY' }, audit(a, 'stage.announced'));
    await repo.announce(
      a,
      frameworkId,
      { fiscalYear: 2570, stage: 'DEVELOPING' },
      audit(a, 'stage.announced'),
    );
    await repo.announce(b, frameworkId, { fiscalYear: 2569, stage: 'MATURE' }, audit(b, 'stage.announced'));
    expect(await repo.announcements(a)).toEqual([
      { fiscalYear: 2568, frameworkId, stage: 'EARLY' },
      { fiscalYear: 2570, frameworkId, stage: 'DEVELOPING' },
    ]);
    expect(await repo.announcements(b)).toEqual([{ fiscalYear: 2569, frameworkId, stage: 'MATURE' }]);
  });

  it('keeps one target per organisation, and with the announcements says where it stands', async () => {
    const repo = createOrganisationStageRepository(db);
    const [a] = tenants as [TenantId];
    expect(await repo.target(a)).toBeUndefined();
    await repo.setTarget(
      a,
      frameworkId,
      { stage: 'MATURE', byFiscalYear: 2575 },
      audit(a, 'stage.target_set'),
    );
    await repo.setTarget(
      a,
      frameworkId,
      { stage: 'DEVELOPING', byFiscalYear: 2570 },
      audit(a, 'stage.target_set'),
    );
    const target = (await repo.target(a))!;
    expect(target).toEqual({ frameworkId, stage: 'DEVELOPING', byFiscalYear: 2570 });
    const ocsc = readFrameworkDir().find((f) => f.id === 'ocsc-digital-government-skills')!;
    expect(targetStatus(ocsc, await repo.announcements(a), target, 2569)).toEqual({
      status: 'on-course',
      stagesToGo: 1,
      fiscalYearsLeft: 2,
    });
  });

  it('refuses a year outside the Buddhist era range and an empty stage, writing nothing', async () => {
    const repo = createOrganisationStageRepository(db);
    const [, b] = tenants as [TenantId, TenantId];
    await expect(
      repo.announce(b, frameworkId, { fiscalYear: 2026, stage: 'EARLY' }, audit(b, 'stage.announced')),
    ).rejects.toThrow();
    await expect(
      repo.setTarget(b, frameworkId, { stage: '', byFiscalYear: 2570 }, audit(b, 'stage.target_set')),
    ).rejects.toThrow();
    expect(await repo.announcements(b)).toHaveLength(1);
    expect(await repo.target(b)).toBeUndefined();
  });

  it('writes an audit row with each change, naming what it replaced, and keeps who and when for the history', async () => {
    const repo = createOrganisationStageRepository(db);
    const [a] = tenants as [TenantId];
    const logged = await db.query<{ action: string; details: { before: unknown; after: unknown } }>(
      "SELECT action, details FROM audit_log WHERE tenant_id = $1 AND action = 'stage.announced' ORDER BY id",
      [a],
    );
    expect(logged.map((r) => [r.details.before, r.details.after])).toEqual([
      [null, 'EARLY'],
      [null, 'EARLY'],
      ['EARLY', 'DEVELOPING'],
    ]);
    const history = await repo.announcementHistory(a);
    expect(history.map((h) => [h.fiscalYear, h.stage, h.setBy?.personId])).toEqual([
      [2570, 'DEVELOPING', admins.get(a)!.personId],
      [2568, 'EARLY', admins.get(a)!.personId],
    ]);
  });
});
