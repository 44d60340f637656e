import type { Queryable } from './database';
import type { NeedAnalysisSource } from '../use-cases/ports';
import { int, object, record, rows, text } from './decode';

/** A self-assessment as the need analysis reads it; ratings as stored ({ "DL": 2, ... }), whole levels. */
const latestRow = object({ target_group: text, target_stage: text, ratings: record(int) });

export function createNeedAnalysisRepository(db: Queryable): NeedAnalysisSource {
  return {
    async latestSelfAssessments(tenantId, frameworkCode, range) {
      const found = await rows(
        db,
        latestRow,
        `SELECT DISTINCT ON (s.person_id) s.target_group, s.target_stage, s.ratings
           FROM self_assessments s JOIN frameworks f ON f.id = s.framework_id
          WHERE s.tenant_id = $1 AND f.code = $2 AND s.taken_on BETWEEN $3::date AND $4::date
          ORDER BY s.person_id, s.taken_on DESC, s.id DESC`,
        [tenantId, frameworkCode, range.from, range.to],
      );
      return found.map((r) => ({
        targetGroup: r.target_group,
        targetStage: r.target_stage,
        ratings: r.ratings,
      }));
    },
  };
}
