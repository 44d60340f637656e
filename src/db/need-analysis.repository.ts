import type { Queryable } from './database';
import type { NeedAnalysisSource } from '../use-cases/ports';
import { int, isoDate, nullable, object, record, rows, text } from './decode';

/**
 * Per person: the latest own self-assessment (ratings as stored, { "DL": 2, ... }, whole levels) and the latest
 * DG-SA result (its current levels of that day, as the import stores them: one row per skill set), with the
 * person's target group and stage.
 */
const latestRow = object({
  own_on: nullable(isoDate),
  own_group: nullable(text),
  own_stage: nullable(text),
  own_ratings: nullable(record(int)),
  dg_sa_on: nullable(isoDate),
  dg_sa_levels: nullable(record(int)),
  target_group: nullable(text),
  target_stage: nullable(text),
});

export function createNeedAnalysisRepository(db: Queryable): NeedAnalysisSource {
  return {
    async latestSelfAssessments(tenantId, frameworkCode, range) {
      const found = await rows(
        db,
        latestRow,
        `WITH own AS (
           SELECT DISTINCT ON (s.person_id) s.person_id, s.target_group, s.target_stage, s.ratings, s.taken_on
             FROM self_assessments s JOIN frameworks f ON f.id = s.framework_id
            WHERE s.tenant_id = $1 AND f.code = $2 AND s.taken_on BETWEEN $3::date AND $4::date
            ORDER BY s.person_id, s.taken_on DESC, s.id DESC),
         dg_sa AS (
           SELECT DISTINCT ON (o.person_id) o.person_id, o.awarded_on,
                  jsonb_object_agg(o.code, o.level) OVER (PARTITION BY o.person_id, o.awarded_on) AS levels
             FROM official_results o
            WHERE o.tenant_id = $1 AND o.kind = 'dg_sa' AND o.current
              AND o.awarded_on BETWEEN $3::date AND $4::date
            ORDER BY o.person_id, o.awarded_on DESC)
         SELECT own.taken_on::text AS own_on, own.target_group AS own_group, own.target_stage AS own_stage,
                own.ratings AS own_ratings, dg_sa.awarded_on::text AS dg_sa_on, dg_sa.levels AS dg_sa_levels,
                p.target_group, p.target_stage
           FROM own FULL JOIN dg_sa ON dg_sa.person_id = own.person_id
           JOIN people p ON p.tenant_id = $1 AND p.id = coalesce(own.person_id, dg_sa.person_id)`,
        [tenantId, frameworkCode, range.from, range.to],
      );
      return found.map((r) => ({
        own:
          r.own_on !== null
            ? {
                takenOn: r.own_on,
                targetGroup: r.own_group ?? '',
                targetStage: r.own_stage ?? '',
                ratings: r.own_ratings ?? {},
              }
            : undefined,
        dgSa: r.dg_sa_on !== null ? { takenOn: r.dg_sa_on, levels: r.dg_sa_levels ?? {} } : undefined,
        targetGroup: r.target_group ?? undefined,
        targetStage: r.target_stage ?? undefined,
      }));
    },
  };
}
