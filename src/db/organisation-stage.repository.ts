import type { Queryable } from './database';
import type { StageAnnouncement, StageTarget } from '../domain/agency/organisation-stage';
import type { OrganisationStageStore } from '../use-cases/organisation-stage.port';

/** A whole number from an int2/int8 column (both drivers give numbers); anything else is a bug, said loudly. */
function whole(row: Record<string, unknown>, column: string): number {
  const v = row[column];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${column}: expected a whole number`);
  return v;
}

function text(row: Record<string, unknown>, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw new Error(`${column}: expected text`);
  return v;
}

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
      const rows = await db.query<Record<string, unknown>>(
        `SELECT fiscal_year, framework_id, stage FROM organisation_stages WHERE tenant_id = $1 ORDER BY fiscal_year`,
        [tenantId],
      );
      return rows.map((r) => ({
        fiscalYear: whole(r, 'fiscal_year'),
        frameworkId: whole(r, 'framework_id'),
        stage: text(r, 'stage'),
      }));
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
      const [r] = await db.query<Record<string, unknown>>(
        `SELECT framework_id, stage, by_fiscal_year FROM organisation_stage_targets WHERE tenant_id = $1`,
        [tenantId],
      );
      if (!r) return undefined;
      return {
        frameworkId: whole(r, 'framework_id'),
        stage: text(r, 'stage'),
        byFiscalYear: whole(r, 'by_fiscal_year'),
      };
    },
  };
}
