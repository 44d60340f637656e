import type { Queryable } from './database';
import type { NeedAnalysisSource } from '../use-cases/need-analysis.port';

/** Ratings as stored ({ "DL": 2, ... }); a value that is not a whole number is left out rather than trusted. */
function ratings(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, n] of Object.entries(v)) if (typeof n === 'number' && Number.isInteger(n)) out[k] = n;
  return out;
}

export function createNeedAnalysisRepository(db: Queryable): NeedAnalysisSource {
  return {
    async latestSelfAssessments(tenantId, frameworkCode, range) {
      const rows = await db.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (s.person_id) s.target_group, s.target_stage, s.ratings
           FROM self_assessments s JOIN frameworks f ON f.id = s.framework_id
          WHERE s.tenant_id = $1 AND f.code = $2 AND s.taken_on BETWEEN $3::date AND $4::date
          ORDER BY s.person_id, s.taken_on DESC, s.id DESC`,
        [tenantId, frameworkCode, range.from, range.to],
      );
      return rows.map((r) => {
        if (typeof r.target_group !== 'string' || typeof r.target_stage !== 'string')
          throw new Error('self_assessments: target_group and target_stage must be text');
        return { targetGroup: r.target_group, targetStage: r.target_stage, ratings: ratings(r.ratings) };
      });
    },
  };
}
