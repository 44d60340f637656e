import type { Database } from './database';
import type { DevelopmentStore, SelfAssessmentRecord } from '../use-cases/ports';
import {
  EFFECTIVE_ENTRIES,
  ELIGIBILITY_COLUMNS,
  toEligibilityInput,
  type EligibilityColumns,
} from './record-sql';

export function createDevelopmentRepository(db: Database): DevelopmentStore {
  return {
    async saveSelfAssessment(l, frameworkId, a) {
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO self_assessments (tenant_id, person_id, framework_id, target_group, target_stage, ratings, taken_on)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
        [
          l.tenantId,
          l.personId,
          frameworkId,
          a.targetGroup,
          a.targetStage,
          JSON.stringify(a.ratings),
          a.takenOn,
        ],
      );
      return row!.id;
    },

    async selfAssessmentsOf(tenantId, personId) {
      const rows = await db.query<{
        id: number;
        target_group: string;
        target_stage: string;
        ratings: Record<string, number>;
        taken_on: string;
        created_at: Date;
      }>(
        `SELECT id, target_group, target_stage, ratings, taken_on::text, created_at FROM self_assessments
          WHERE tenant_id = $1 AND person_id = $2 ORDER BY taken_on DESC, id DESC LIMIT 100`,
        [tenantId, personId],
      );
      return rows.map((r): SelfAssessmentRecord => ({
        id: r.id,
        targetGroup: r.target_group,
        targetStage: r.target_stage,
        ratings: r.ratings,
        takenOn: r.taken_on,
        createdAt: r.created_at,
      }));
    },

    async eligibilityInputOf(tenantId, personId) {
      const [row] = await db.query<EligibilityColumns>(
        `WITH ${EFFECTIVE_ENTRIES} SELECT ${ELIGIBILITY_COLUMNS}`,
        [tenantId, personId],
      );
      return toEligibilityInput(row!);
    },

    async markEligible(tenantId, personId, codes) {
      if (codes.length > 0)
        await db.query(
          `INSERT INTO eligibility_firsts (tenant_id, person_id, assessment_code)
           SELECT $1, $2, code FROM unnest($3::text[]) AS code ON CONFLICT DO NOTHING`,
          [tenantId, personId, codes],
        );
      const rows = await db.query<{ assessment_code: string; first_eligible_at: Date }>(
        'SELECT assessment_code, first_eligible_at FROM eligibility_firsts WHERE tenant_id = $1 AND person_id = $2',
        [tenantId, personId],
      );
      return new Map(rows.map((r) => [r.assessment_code, r.first_eligible_at]));
    },
  };
}
