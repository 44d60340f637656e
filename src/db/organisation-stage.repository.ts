import type { Database } from './database';
import type { StageAnnouncement, StageTarget } from '../domain/agency/organisation-stage';
import type { OrganisationStageStore } from '../use-cases/ports';
import { firstRow, int, nullable, object, rows, text, timestamp } from './decode';
import { frameworkIdColumn, personIdColumn } from './id-columns';
import { writeAudit } from './audit.repository';

const announcementRow = object({ fiscal_year: int, framework_id: frameworkIdColumn, stage: text });
const historyRow = object({
  fiscal_year: int,
  framework_id: frameworkIdColumn,
  stage: text,
  set_at: timestamp,
  set_by: nullable(personIdColumn),
  name: nullable(text),
});
const targetRow = object({ framework_id: frameworkIdColumn, stage: text, by_fiscal_year: int });

export function createOrganisationStageRepository(db: Database): OrganisationStageStore {
  return {
    async announce(tenantId, frameworkId, a: StageAnnouncement, audit) {
      await db.transaction(async (tx) => {
        const before = await firstRow(
          tx,
          announcementRow,
          `SELECT fiscal_year, framework_id, stage FROM organisation_stages
            WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`,
          [tenantId, a.fiscalYear],
        );
        await tx.query(
          `INSERT INTO organisation_stages (tenant_id, fiscal_year, framework_id, stage, set_by)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, fiscal_year)
           DO UPDATE SET framework_id = EXCLUDED.framework_id, stage = EXCLUDED.stage, set_at = now(),
                         set_by = EXCLUDED.set_by`,
          [tenantId, a.fiscalYear, frameworkId, a.stage, audit.by.personId],
        );
        await writeAudit(tx, audit, {
          fiscalYear: a.fiscalYear,
          before: before?.stage ?? null,
          after: a.stage,
        });
      });
    },

    async announcements(tenantId) {
      const found = await rows(
        db,
        announcementRow,
        `SELECT fiscal_year, framework_id, stage FROM organisation_stages WHERE tenant_id = $1 ORDER BY fiscal_year`,
        [tenantId],
      );
      return found.map((r) => ({ fiscalYear: r.fiscal_year, frameworkId: r.framework_id, stage: r.stage }));
    },

    async announcementHistory(tenantId) {
      const found = await rows(
        db,
        historyRow,
        `SELECT s.fiscal_year, s.framework_id, s.stage, s.set_at, s.set_by, p.name
           FROM organisation_stages s LEFT JOIN people p ON p.tenant_id = s.tenant_id AND p.id = s.set_by
          WHERE s.tenant_id = $1 ORDER BY s.fiscal_year DESC`,
        [tenantId],
      );
      return found.map((r) => ({
        fiscalYear: r.fiscal_year,
        frameworkId: r.framework_id,
        stage: r.stage,
        setAt: r.set_at,
        setBy: r.set_by === null ? undefined : { personId: r.set_by, name: r.name ?? undefined },
      }));
    },

    async setTarget(tenantId, frameworkId, t: StageTarget, audit) {
      await db.transaction(async (tx) => {
        const before = await firstRow(
          tx,
          targetRow,
          `SELECT framework_id, stage, by_fiscal_year FROM organisation_stage_targets WHERE tenant_id = $1 FOR UPDATE`,
          [tenantId],
        );
        await tx.query(
          `INSERT INTO organisation_stage_targets (tenant_id, framework_id, stage, by_fiscal_year, set_by)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id)
           DO UPDATE SET framework_id = EXCLUDED.framework_id, stage = EXCLUDED.stage,
                         by_fiscal_year = EXCLUDED.by_fiscal_year, set_at = now(), set_by = EXCLUDED.set_by`,
          [tenantId, frameworkId, t.stage, t.byFiscalYear, audit.by.personId],
        );
        await writeAudit(tx, audit, {
          before: before ? { stage: before.stage, byFiscalYear: before.by_fiscal_year } : null,
          after: { stage: t.stage, byFiscalYear: t.byFiscalYear },
        });
      });
    },

    async target(tenantId) {
      const r = await firstRow(
        db,
        targetRow,
        `SELECT framework_id, stage, by_fiscal_year FROM organisation_stage_targets WHERE tenant_id = $1`,
        [tenantId],
      );
      if (!r) return undefined;
      return { frameworkId: r.framework_id, stage: r.stage, byFiscalYear: r.by_fiscal_year };
    },
  };
}
