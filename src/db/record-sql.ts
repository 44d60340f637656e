// SQL shared by the learning record, development and report repositories.

/** An enrolment (alias e) whose roles include the LIS Learner role, as a short name or any vocabulary's URI. */
export const HAS_LEARNER_ROLE = `EXISTS (SELECT 1 FROM unnest(e.roles) r WHERE r LIKE '%#Learner' OR r LIKE '%/Learner' OR r = 'Learner')`;

/**
 * The record as it counts now, in SQL: the newest row of each chain (root_id), its status from the review of the
 * original, and whether it counts. Mirrors `effectiveEntries` in the domain (test/integration checks they agree).
 * Parameters: $1 tenant, $2 person.
 */
export const EFFECTIVE_ENTRIES = effectiveEntries('e.person_id = $2');

/**
 * Only what counts, for several people at once ($2 an array of person ids), for eligibility: `counted` carries
 * person_id, occurred_on, category, hours, skill_hours and the module (slug) of completions. The same fold as
 * EFFECTIVE_ENTRIES, without the titles, comments and statuses a history needs: the class view folds tens of
 * thousands of rows at a time, and a review is looked up only for logged activities.
 */
export const COUNTED_ENTRIES_OF_MANY = `chain AS (
    SELECT DISTINCT ON (coalesce(e.root_id, e.id)) coalesce(e.root_id, e.id) AS root, e.person_id, e.kind,
           e.category, e.hours, e.skill_hours, e.occurred_on
      FROM learning_entries e WHERE e.tenant_id = $1 AND e.person_id = ANY ($2::bigint[])
     ORDER BY coalesce(e.root_id, e.id), e.id DESC),
  counted AS (
    SELECT c.person_id, c.occurred_on, c.category, c.hours, c.skill_hours,
           CASE WHEN o.source = 'module' THEN m.slug END AS module_slug
      FROM chain c JOIN learning_entries o ON o.id = c.root
      LEFT JOIN modules m ON m.id = o.module_id
     WHERE c.kind <> 'reversal'
       AND CASE WHEN o.source = 'activity'
                THEN (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = c.root ORDER BY r.id DESC LIMIT 1) = 'approved'
                ELSE true END)`;

/**
 * The same fold for everyone with a logged activity of the course ($2) waiting for a decision: the records a
 * pending entry may duplicate. Parameters: $1 tenant, $2 course (contexts.id).
 */
export const EFFECTIVE_ENTRIES_OF_REVIEWEES = effectiveEntries(
  `e.person_id IN (SELECT p.person_id FROM learning_entries p
                    WHERE p.tenant_id = $1 AND p.context_id = $2 AND p.source = 'activity' AND p.kind = 'entry'
                      AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = p.id))`,
);

function effectiveEntries(personFilter: string): string {
  return `chain AS (
    SELECT DISTINCT ON (coalesce(e.root_id, e.id)) coalesce(e.root_id, e.id) AS root, e.id AS current_id, e.kind,
           e.category, e.hours, e.skill_hours, e.occurred_on, e.reason
      FROM learning_entries e WHERE e.tenant_id = $1 AND ${personFilter}
     ORDER BY coalesce(e.root_id, e.id), e.id DESC),
  eff AS MATERIALIZED (
    SELECT c.root, c.current_id, o.person_id, o.source, o.context_id, o.module_id, o.title, o.activity_type, v.title_th, v.title_en,
           CASE WHEN c.kind = 'reversal' THEN o.category ELSE c.category END AS category,
           CASE WHEN c.kind = 'reversal' THEN o.hours ELSE c.hours END AS hours,
           CASE WHEN c.kind = 'reversal' THEN o.skill_hours ELSE c.skill_hours END AS skill_hours,
           CASE WHEN c.kind = 'reversal' THEN o.occurred_on ELSE c.occurred_on END AS occurred_on,
           CASE WHEN o.source <> 'activity' THEN 'approved' ELSE coalesce(rv.decision, 'pending') END AS status,
           rv.comment, CASE WHEN c.kind <> 'entry' THEN c.reason END AS reason, c.kind = 'reversal' AS reversed, c.kind = 'correction' AS corrected,
           c.kind <> 'reversal' AND (o.source <> 'activity' OR rv.decision = 'approved') AS counted
      FROM chain c JOIN learning_entries o ON o.id = c.root
      LEFT JOIN module_versions v ON v.id = o.module_version_id
      LEFT JOIN LATERAL (SELECT decision, comment FROM entry_reviews
                          WHERE entry_id = c.root ORDER BY id DESC LIMIT 1) rv ON true)`;
}

/**
 * What eligibility is judged on, as select-list columns over the `eff` CTE ($1 tenant, $2 person): compact rows
 * ([date, category, hours, skill hours]) in one JSON value, cheap to send and to parse; decoded by `eligibilityColumns` (record-rows.ts).
 */
export const ELIGIBILITY_COLUMNS = `
  (SELECT json_agg(json_build_array(occurred_on, category, hours, skill_hours)) FROM eff WHERE counted) AS counted,
  (SELECT array_agg(DISTINCT m.slug) FROM eff JOIN modules m ON m.id = eff.module_id
    WHERE eff.counted AND eff.source = 'module') AS modules,
  (SELECT array_agg(taken_on::text) FROM self_assessments WHERE tenant_id = $1 AND person_id = $2) AS taken,
  (SELECT json_object_agg(assessment_code, first_eligible_at) FROM eligibility_firsts
    WHERE tenant_id = $1 AND person_id = $2) AS firsts`;
