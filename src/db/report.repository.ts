import type { Database } from './database';
import { HAS_LEARNER_ROLE } from './record-sql';
import type { EligibilityCount, RollupRow } from '../domain/reporting/organisation-report';
import {
  fiscalYear as toFiscalYear,
  fiscalYearRange,
  type FiscalYear,
} from '../domain/learning-record/fiscal-year';
import type { ReportStore } from '../use-cases/ports';

/** Reads for the organisation report: the tenant rollup (kept by triggers, see migration 0010) and small counts. */
export function createReportRepository(db: Database): ReportStore {
  return {
    /** Fiscal years (Buddhist era) with hours that count, newest first. */
    async fiscalYears(tenantId: number): Promise<FiscalYear[]> {
      const rows = await db.query<{ fiscal_year: number }>(
        `SELECT DISTINCT fiscal_year FROM tenant_rollups WHERE tenant_id = $1 AND learners > 0 ORDER BY 1 DESC`,
        [tenantId],
      );
      return rows.map((r) => toFiscalYear(r.fiscal_year));
    },

    async organisation(
      tenantId: number,
      fiscalYear: FiscalYear,
    ): Promise<{ rollups: RollupRow[]; headcount: Map<string, number>; eligibility: EligibilityCount[] }> {
      const { from, to } = fiscalYearRange(fiscalYear);
      const [rollups, headcount, eligibility] = await Promise.all([
        db.query<{
          target_group: string;
          skill_set_code: string;
          category: number;
          hours: string;
          learners: number;
        }>(
          `SELECT target_group, skill_set_code, category, hours::text, learners FROM tenant_rollups
            WHERE tenant_id = $1 AND fiscal_year = $2 AND learners > 0`,
          [tenantId, fiscalYear],
        ),
        db.query<{ target_group: string; n: number }>(
          `SELECT coalesce(p.target_group, '') AS target_group, count(*)::int AS n FROM people p
            WHERE p.tenant_id = $1
              AND EXISTS (SELECT 1 FROM enrolments e WHERE e.tenant_id = $1 AND e.person_id = p.id AND ${HAS_LEARNER_ROLE})
            GROUP BY 1`,
          [tenantId],
        ),
        // Fiscal years begin at midnight in Bangkok.
        db.query<{ assessment_code: string; target_group: string; during: number; by_end: number }>(
          `SELECT f.assessment_code, coalesce(p.target_group, '') AS target_group,
                  count(*) FILTER (WHERE f.first_eligible_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Bangkok')::int AS during,
                  count(*)::int AS by_end
             FROM eligibility_firsts f JOIN people p ON p.id = f.person_id
            WHERE f.tenant_id = $1 AND f.first_eligible_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Bangkok'
            GROUP BY 1, 2`,
          [tenantId, from, to],
        ),
      ]);
      return {
        rollups: rollups.map((r) => ({
          targetGroup: r.target_group,
          skillSet: r.skill_set_code,
          category: r.category as RollupRow['category'],
          hours: Number(r.hours),
          learners: r.learners,
        })),
        headcount: new Map(headcount.map((r) => [r.target_group, r.n])),
        eligibility: eligibility.map((r) => ({
          assessment: r.assessment_code,
          targetGroup: r.target_group,
          during: r.during,
          byEnd: r.by_end,
        })),
      };
    },
  };
}
