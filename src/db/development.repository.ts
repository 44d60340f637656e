import type { Database } from './database';
import { personIdColumn } from './id-columns';
import type { PersonId } from '../shared/ids';
import type { DevelopmentStore, EligibilityInput, SelfAssessmentRecord } from '../use-cases/ports';
import { EFFECTIVE_ENTRIES, COUNTED_ENTRIES_OF_MANY, ELIGIBILITY_COLUMNS } from './record-sql';
import { array, int, isoDate, nullable, object, oneRow, record, rows, text, timestamp } from './decode';
import { countedHours, eligibilityColumns, officialResults } from './record-rows';

const idRow = object({ id: int });
const selfAssessmentRow = object({
  id: int,
  target_group: text,
  target_stage: text,
  ratings: record(int),
  taken_on: isoDate,
  created_at: timestamp,
});
const countedOfPersonRow = object({
  person_id: personIdColumn,
  counted: array(countedHours),
  modules: nullable(array(text)),
});
const takenOfPersonRow = object({ person_id: personIdColumn, taken: array(isoDate) });
const officialOfPersonRow = object({ person_id: personIdColumn, official: officialResults });
const firstOfPersonRow = object({
  person_id: personIdColumn,
  assessment_code: text,
  first_eligible_at: timestamp,
});
const firstRow = object({ assessment_code: text, first_eligible_at: timestamp });
const personGroupRow = object({ id: personIdColumn, target_group: nullable(text) });

export function createDevelopmentRepository(db: Database): DevelopmentStore {
  return {
    async saveSelfAssessment(l, frameworkId, a) {
      const row = await oneRow(
        db,
        idRow,
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
      return row.id;
    },

    async selfAssessmentsOf(tenantId, personId) {
      const found = await rows(
        db,
        selfAssessmentRow,
        `SELECT id, target_group, target_stage, ratings, taken_on::text, created_at FROM self_assessments
          WHERE tenant_id = $1 AND person_id = $2 ORDER BY taken_on DESC, id DESC LIMIT 100`,
        [tenantId, personId],
      );
      return found.map((r): SelfAssessmentRecord => ({
        id: r.id,
        targetGroup: r.target_group,
        targetStage: r.target_stage,
        ratings: r.ratings,
        takenOn: r.taken_on,
        createdAt: r.created_at,
      }));
    },

    async eligibilityInputOf(tenantId, personId) {
      return oneRow(db, eligibilityColumns, `WITH ${EFFECTIVE_ENTRIES} SELECT ${ELIGIBILITY_COLUMNS}`, [
        tenantId,
        personId,
      ]);
    },

    async eligibilityInputsOf(tenantId, personIds) {
      const result = new Map<PersonId, EligibilityInput>(
        personIds.map((id) => [
          id,
          { counted: [], completedModules: new Set(), selfAssessments: [], firsts: new Map() },
        ]),
      );
      if (personIds.length === 0) return result;
      const [entries, taken, firsts, official] = await Promise.all([
        rows(
          db,
          countedOfPersonRow,
          `WITH ${COUNTED_ENTRIES_OF_MANY}
           SELECT person_id, json_agg(json_build_array(occurred_on, category, hours, skill_hours)) AS counted,
                  array_agg(DISTINCT module_slug) FILTER (WHERE module_slug IS NOT NULL) AS modules
             FROM counted GROUP BY person_id`,
          [tenantId, personIds],
        ),
        rows(
          db,
          takenOfPersonRow,
          `SELECT person_id, array_agg(taken_on::text) AS taken FROM self_assessments
            WHERE tenant_id = $1 AND person_id = ANY ($2::bigint[]) GROUP BY person_id`,
          [tenantId, personIds],
        ),
        rows(
          db,
          firstOfPersonRow,
          `SELECT person_id, assessment_code, first_eligible_at FROM eligibility_firsts
            WHERE tenant_id = $1 AND person_id = ANY ($2::bigint[])`,
          [tenantId, personIds],
        ),
        // Official results (migration 0051): DG-SA dates and TPQI certifications, current ones only.
        rows(
          db,
          officialOfPersonRow,
          `SELECT person_id, json_agg(json_build_array(kind, code, area, level, awarded_on)) AS official
             FROM official_results WHERE tenant_id = $1 AND person_id = ANY ($2::bigint[]) AND current
            GROUP BY person_id`,
          [tenantId, personIds],
        ),
      ]);
      for (const r of entries) {
        result.set(r.person_id, {
          counted: r.counted,
          completedModules: new Set(r.modules ?? []),
          selfAssessments: [],
          firsts: new Map(),
        });
      }
      for (const r of taken) result.get(r.person_id)!.selfAssessments = r.taken;
      for (const r of firsts) result.get(r.person_id)!.firsts.set(r.assessment_code, r.first_eligible_at);
      for (const r of official) Object.assign(result.get(r.person_id)!, r.official);
      return result;
    },

    async peopleOf(tenantId, of) {
      const found = await rows(
        db,
        personGroupRow,
        `SELECT p.id, p.target_group FROM people p
          WHERE p.tenant_id = $1
            AND (p.id = ANY ($3::bigint[])
                 OR p.id IN (SELECT e.person_id FROM learning_entries e WHERE e.tenant_id = $1 AND e.id = ANY ($2::bigint[])))
          ORDER BY p.id`,
        [tenantId, of.entryIds ?? [], of.personIds ?? []],
      );
      return found.map((r) => ({ personId: r.id, targetGroup: r.target_group ?? undefined }));
    },

    async markEligible({ tenantId, personId }, codes) {
      if (codes.length > 0)
        await db.query(
          `INSERT INTO eligibility_firsts (tenant_id, person_id, assessment_code)
           SELECT $1, $2, code FROM unnest($3::text[]) AS code ON CONFLICT DO NOTHING`,
          [tenantId, personId, codes],
        );
      const found = await rows(
        db,
        firstRow,
        'SELECT assessment_code, first_eligible_at FROM eligibility_firsts WHERE tenant_id = $1 AND person_id = $2',
        [tenantId, personId],
      );
      return new Map(found.map((r) => [r.assessment_code, r.first_eligible_at]));
    },
  };
}
