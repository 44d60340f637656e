import type { Queryable } from './database';
import type { StageAnnouncement, StageTarget } from '../domain/agency/organisation-stage';
import type { OrganisationStageStore } from '../use-cases/ports';
import { firstRow, int, object, rows, text } from './decode';
import { frameworkIdColumn } from './id-columns';

const announcementRow = object({ fiscal_year: int, framework_id: frameworkIdColumn, stage: text });
const targetRow = object({ framework_id: frameworkIdColumn, stage: text, by_fiscal_year: int });

export function createOrganisationStageRepository(db: Queryable): OrganisationStageStore {
  return {
    async announce(tenantId, frameworkId, a: StageAnnouncement) {
      await db.query(
        `INSERT INTO organisation_stages (tenant_id, fiscal_year, framework_id, stage) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, fiscal_year)
         DO UPDATE SET framework_id = EXCLUDED.framework_id, stage = EXCLUDED.stage, set_at = now()`,
        [tenantId, a.fiscalYear, frameworkId, a.stage],
      );
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

    async setTarget(tenantId, frameworkId, t: StageTarget) {
      await db.query(
        `INSERT INTO organisation_stage_targets (tenant_id, framework_id, stage, by_fiscal_year) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id)
         DO UPDATE SET framework_id = EXCLUDED.framework_id, stage = EXCLUDED.stage,
                       by_fiscal_year = EXCLUDED.by_fiscal_year, set_at = now()`,
        [tenantId, frameworkId, t.stage, t.byFiscalYear],
      );
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
