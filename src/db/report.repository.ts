import type { Database } from './database';
import { HAS_LEARNER_ROLE } from './record-sql';
import type { EligibilityCount, RollupRow } from '../domain/reporting/organisation-report';
import {
  fiscalYear as toFiscalYear,
  fiscalYearRange,
  type FiscalYear,
} from '../domain/learning-record/fiscal-year';
import type { ReportStore } from '../use-cases/ports';
import { int, numeric, object, oneOf, rows, text } from './decode';

/** Category 0 is the three buckets together. */
const rollupRow = object({
  target_group: text,
  skill_set_code: text,
  category: oneOf(0, 70, 20, 10),
  hours: numeric,
  learners: int,
});
const headcountRow = object({ target_group: text, n: int });
const eligibilityCountRow = object({ assessment_code: text, target_group: text, during: int, by_end: int });

/**
 * The tenant rollup's rows as they stood at the end of a day ($3, Bangkok time), for the fiscal year from $2: the
 * fold of migration 0010's learning_rollup_rows over the ledger as it was then. A row counts when it was the newest
 * of its chain by then (an original counts from its date; a correction or reversal from when it was written), is not
 * a reversal, falls between $2 and $3, and, for a logged activity, the original's newest review written by then
 * approved it. Learners are grouped under their target group of today, as the tenant rollup does.
 * test/e2e/organisation-snapshots.test.ts holds it to the rollup on today's date.
 */
const ROLLUPS_AS_OF = `
  WITH cut AS (SELECT (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Bangkok') AS t),
  counted AS (
    SELECT e.person_id, e.category, e.hours, e.skill_hours
      FROM learning_entries e, cut
     WHERE e.tenant_id = $1 AND e.occurred_on BETWEEN $2::date AND $3::date AND e.kind <> 'reversal'
       AND (e.kind = 'entry' OR e.created_at < cut.t)
       AND NOT EXISTS (SELECT 1 FROM learning_entries x
                        WHERE x.corrects_id = e.id AND x.tenant_id = $1 AND x.created_at < cut.t)
       AND CASE WHEN e.source = 'activity'
                THEN (SELECT r.decision FROM entry_reviews r
                       WHERE r.entry_id = coalesce(e.root_id, e.id) AND r.created_at < cut.t
                       ORDER BY r.id DESC LIMIT 1) = 'approved'
                ELSE true END),
  parts AS (
    SELECT person_id, '' AS skill, category, hours FROM counted
    UNION ALL
    SELECT person_id, s ->> 'skillSet', category, (s ->> 'hours')::numeric
      FROM counted, jsonb_array_elements(skill_hours) s),
  per_bucket AS MATERIALIZED (
    SELECT person_id, skill, category, sum(hours) AS hours FROM parts GROUP BY 1, 2, 3),
  per_person AS (
    SELECT person_id, skill, category, hours FROM per_bucket WHERE hours > 0
    UNION ALL
    SELECT person_id, skill, 0, sum(hours) FROM per_bucket GROUP BY 1, 2 HAVING sum(hours) > 0)
  SELECT coalesce(p.target_group, '') AS target_group, r.skill AS skill_set_code, r.category::smallint AS category,
         sum(r.hours)::text AS hours, count(*)::int AS learners
    FROM per_person r JOIN people p ON p.id = r.person_id
   GROUP BY 1, 2, 3`;

/** Reads for the organisation report: the tenant rollup (kept by triggers, see migration 0010) and small counts. */
export function createReportRepository(db: Database): ReportStore {
  return {
    /** Fiscal years (Buddhist era) with hours that count, newest first. */
    async fiscalYears(tenantId: number): Promise<FiscalYear[]> {
      const years = await rows(
        db,
        object({ fiscal_year: int }),
        `SELECT DISTINCT fiscal_year FROM tenant_rollups WHERE tenant_id = $1 AND learners > 0 ORDER BY 1 DESC`,
        [tenantId],
      );
      return years.map((r) => toFiscalYear(r.fiscal_year));
    },

    async organisation(
      tenantId: number,
      fiscalYear: FiscalYear,
      asOf?: string,
    ): Promise<{ rollups: RollupRow[]; headcount: Map<string, number>; eligibility: EligibilityCount[] }> {
      const { from, to: end } = fiscalYearRange(fiscalYear);
      const to = asOf !== undefined && asOf < end ? asOf : end;
      const [rollups, headcount, eligibility] = await Promise.all([
        asOf === undefined
          ? rows(
              db,
              rollupRow,
              `SELECT target_group, skill_set_code, category, hours::text, learners FROM tenant_rollups
                WHERE tenant_id = $1 AND fiscal_year = $2 AND learners > 0 AND skill_set_code NOT LIKE '~%'`,
              [tenantId, fiscalYear],
            )
          : // One read of a fiscal year of the ledger: JIT compiling costs more than it saves on it, and its
            // aggregates fit in memory at 5 million rows (see the report benchmark).
            db.transaction(async (tx) => {
              await tx.query(`SET LOCAL jit = off`);
              await tx.query(`SET LOCAL work_mem = '64MB'`);
              return rows(tx, rollupRow, ROLLUPS_AS_OF, [tenantId, from, to]);
            }),
        rows(
          db,
          headcountRow,
          `SELECT coalesce(p.target_group, '') AS target_group, count(*)::int AS n FROM people p
            WHERE p.tenant_id = $1
              AND EXISTS (SELECT 1 FROM enrolments e WHERE e.tenant_id = $1 AND e.person_id = p.id AND ${HAS_LEARNER_ROLE})
            GROUP BY 1`,
          [tenantId],
        ),
        // Fiscal years begin at midnight in Bangkok.
        rows(
          db,
          eligibilityCountRow,
          `SELECT f.assessment_code, coalesce(p.target_group, '') AS target_group,
                  count(*) FILTER (WHERE f.first_eligible_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Bangkok')::int AS during,
                  count(*)::int AS by_end
             FROM eligibility_firsts f JOIN people p ON p.id = f.person_id
            WHERE f.tenant_id = $1 AND f.first_eligible_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Bangkok'
            GROUP BY 1, 2`,
          // to: the fiscal year's end, or the as-of day within it.
          [tenantId, from, to],
        ),
      ]);
      return {
        rollups: rollups.map((r) => ({
          targetGroup: r.target_group,
          skillSet: r.skill_set_code,
          category: r.category,
          hours: r.hours,
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

    async agencyRollups(tenantId, fiscalYear) {
      // The primary key (tenant, year, group, skill set, category) finds them: a few rows per target group.
      const found = await rows(
        db,
        object({ target_group: text, skill_set_code: text, hours: numeric }),
        `SELECT target_group, skill_set_code, hours::text FROM tenant_rollups
          WHERE tenant_id = $1 AND fiscal_year = $2 AND skill_set_code LIKE '~%' AND category = 0 AND hours <> 0`,
        [tenantId, fiscalYear],
      );
      return found.map((r) => ({ targetGroup: r.target_group, key: r.skill_set_code, hours: r.hours }));
    },
  };
}
