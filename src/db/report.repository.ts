import type { Database } from './database';
import { HAS_LEARNER_ROLE } from './record-sql';
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
 * The tenant rollup's rows as they stood at the end of a day ($3) of the fiscal year $2: the sum of the dated journal
 * of migration 0053 up to that day (a few hundred keys a day, read by the primary key's range). Skill set rows and the
 * '~' keys of 70:30 and the lecture share (migration 0041) in one read. Learners are grouped under their target group
 * of today, as the tenant rollup does. test/e2e/organisation-snapshots.test.ts holds it to the ledger folded as of
 * every day of a scripted year (test/support/rollups-as-of.ts).
 */
const ROLLUPS_AS_OF = `
  SELECT target_group, skill_set_code, category, sum(hours)::text AS hours, sum(learners)::int AS learners
    FROM tenant_rollup_journal
   WHERE tenant_id = $1 AND fiscal_year = $2 AND day <= $3::date
   GROUP BY 1, 2, 3
  HAVING sum(learners) > 0`;

/** Reads for the organisation report: the tenant rollup (kept by triggers, see migration 0010) and small counts. */
export function createReportRepository(db: Database): ReportStore {
  const agencyRollups: ReportStore['agencyRollups'] = async (tenantId, fiscalYear) => {
    // The primary key (tenant, year, group, skill set, category) finds them: a few rows per target group.
    const found = await rows(
      db,
      object({ target_group: text, skill_set_code: text, hours: numeric }),
      `SELECT target_group, skill_set_code, hours::text FROM tenant_rollups
        WHERE tenant_id = $1 AND fiscal_year = $2 AND skill_set_code LIKE '~%' AND category = 0 AND hours <> 0`,
      [tenantId, fiscalYear],
    );
    return found.map((r) => ({ targetGroup: r.target_group, key: r.skill_set_code, hours: r.hours }));
  };

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

    async organisation(tenantId, fiscalYear, asOf) {
      const { from, to: end } = fiscalYearRange(fiscalYear);
      const to = asOf !== undefined && asOf < end ? asOf : end;
      const [keys, agency, headcount, eligibility] = await Promise.all([
        asOf === undefined
          ? rows(
              db,
              rollupRow,
              `SELECT target_group, skill_set_code, category, hours::text, learners FROM tenant_rollups
                WHERE tenant_id = $1 AND fiscal_year = $2 AND learners > 0 AND skill_set_code NOT LIKE '~%'`,
              [tenantId, fiscalYear],
            )
          : rows(db, rollupRow, ROLLUPS_AS_OF, [tenantId, fiscalYear, to]),
        asOf === undefined ? agencyRollups(tenantId, fiscalYear) : Promise.resolve([]),
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
      // The journal's rows hold the skill sets and the '~' keys together.
      const rollups = keys.filter((r) => !r.skill_set_code.startsWith('~'));
      return {
        agency:
          asOf === undefined
            ? agency
            : keys
                .filter((r) => r.skill_set_code.startsWith('~') && r.category === 0)
                .map((r) => ({ targetGroup: r.target_group, key: r.skill_set_code, hours: r.hours })),
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

    agencyRollups,
  };
}
