import type { Database } from './database';
import type { CountedHours } from '../domain/assessment/eligibility';
import type { DevelopmentStore, SelfAssessmentRecord } from '../use-cases/ports';
import { EFFECTIVE_ENTRIES } from './learning.repository';

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
      // Compact rows ([date, category, hours, skill hours]) in one JSON value: cheap to send and to parse.
      const [row] = await db.query<{
        counted: Array<[string, 70 | 20 | 10, number, CountedHours['skillHours']]> | null;
        modules: string[] | null;
        taken: string[] | null;
      }>(
        `WITH ${EFFECTIVE_ENTRIES}
         SELECT (SELECT json_agg(json_build_array(occurred_on, category, hours, skill_hours)) FROM eff WHERE counted) AS counted,
                (SELECT array_agg(DISTINCT m.slug) FROM eff JOIN modules m ON m.id = eff.module_id
                  WHERE eff.counted AND eff.source = 'module') AS modules,
                (SELECT array_agg(taken_on::text) FROM self_assessments WHERE tenant_id = $1 AND person_id = $2) AS taken`,
        [tenantId, personId],
      );
      return {
        counted: (row?.counted ?? []).map(([occurredOn, category, hours, skillHours]) => ({
          occurredOn,
          category,
          hours: Number(hours),
          skillHours,
        })),
        completedModules: new Set(row?.modules ?? []),
        selfAssessments: row?.taken ?? [],
      };
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
