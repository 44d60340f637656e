import type { Queryable } from '../../src/db/database';

/**
 * The test oracle of the organisation report as of a day: the tenant rollup's rows as they stood at the end of a
 * day ($3, Bangkok time) for the fiscal year from $2, folded from the ledger as it was then (the query the product
 * used before the dated journal of migration 0053; it is kept here, out of the product's code path, to hold the
 * journal to it). A row counts when it was the newest of its chain by then (an original counts from its date; a
 * correction or reversal from when it was written), is not a reversal, falls between $2 and $3, and, for a logged
 * activity, the original's newest review written by then approved it. Learners are grouped under their target group
 * of today. Beside the skill sets, the '~' keys of 70:30 and the lecture share (migration 0041), in category 0.
 */
const ROLLUPS_AS_OF_FOLD = `
  WITH cut AS (SELECT (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Bangkok') AS t),
  counted AS (
    SELECT e.person_id, e.category, e.hours, e.skill_hours, e.horizon, e.lecture_share
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
    SELECT person_id, skill, 0, sum(hours) FROM per_bucket GROUP BY 1, 2 HAVING sum(hours) > 0),
  agency AS (
    SELECT c.person_id, k.key, sum(k.value) AS value
      FROM counted c,
           LATERAL (VALUES ('~' || coalesce(c.horizon, 'unstated'), c.hours),
                           ('~lecture', CASE WHEN c.category = 10 AND c.lecture_share IS NOT NULL THEN c.hours END),
                           ('~lecture#', CASE WHEN c.category = 10 AND c.lecture_share IS NOT NULL THEN 1 END),
                           ('~lecture-heavy', CASE WHEN c.category = 10 AND c.lecture_share > 60 THEN c.hours END),
                           ('~lecture-heavy#', CASE WHEN c.category = 10 AND c.lecture_share > 60 THEN 1 END)) k (key, value)
     WHERE k.value IS NOT NULL
     GROUP BY 1, 2
    HAVING sum(k.value) > 0)
  SELECT coalesce(p.target_group, '') AS target_group, r.skill AS skill_set_code, r.category::int AS category,
         sum(r.hours)::text AS hours, count(*)::int AS learners
    FROM per_person r JOIN people p ON p.id = r.person_id
   GROUP BY 1, 2, 3
  UNION ALL
  SELECT coalesce(p.target_group, ''), a.key, 0, sum(a.value)::text, count(*)::int
    FROM agency a JOIN people p ON p.id = a.person_id
   GROUP BY 1, 2`;

export interface FoldedRow {
  targetGroup: string;
  key: string;
  category: number;
  hours: number;
  learners: number;
}

/** The ledger folded as of the end of `day` for the fiscal year that starts on `yearStart` (ISO days). */
export async function rollupsAsOfFold(
  db: Queryable,
  tenantId: number,
  yearStart: string,
  day: string,
): Promise<FoldedRow[]> {
  const found = await db.query<{
    target_group: string;
    skill_set_code: string;
    category: number;
    hours: string;
    learners: number;
  }>(ROLLUPS_AS_OF_FOLD, [tenantId, yearStart, day]);
  return found.map((r) => ({
    targetGroup: r.target_group,
    key: r.skill_set_code,
    category: r.category,
    hours: Number(r.hours),
    learners: r.learners,
  }));
}
