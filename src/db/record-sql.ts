import { LEARNER_ROLES, STAFF_ROLES } from '../shared/lis-roles';

// SQL shared by the learning record, development and report repositories.

/** A text[] literal of constant strings (role URIs hold no quote, but escape as if they could). */
const textArray = (values: readonly string[]) =>
  `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

/** An enrolment (alias e) whose roles include the context Learner role: `isLearner` (src/shared/lis-roles.ts) in SQL. */
export const HAS_LEARNER_ROLE = `e.roles && ${textArray(LEARNER_ROLES)}`;

/** An enrolment (alias e) whose roles include an instructor's or an administrator's: `isInstructor` in SQL. */
export const HAS_STAFF_ROLE = `e.roles && ${textArray(STAFF_ROLES)}`;

/**
 * The newest row of each chain of one tenant's records ($1), with the columns asked for, as the CTE `chain` (root: the
 * original's id). Its order is the index learning_entries_chain.
 */
const newestOfEachChain = (columns: string, personFilter: string) => `chain AS (
    SELECT DISTINCT ON (coalesce(e.root_id, e.id)) coalesce(e.root_id, e.id) AS root, ${columns}
      FROM learning_entries e WHERE e.tenant_id = $1 AND ${personFilter}
     ORDER BY coalesce(e.root_id, e.id), e.id DESC)`;

/**
 * Which entries count, in SQL, over the newest row of a chain (c) and its original (o): `counts` of
 * src/domain/learning-record/ledger.ts. Not a reversal, and a module completion or an import, or a logged activity
 * whose newest review (`decision`, of the original) approved it. The CASE looks a review up only for logged
 * activities. test/integration/what-counts.agreement.test.ts holds this, and the rollup trigger's copy in migration
 * 0010, to the domain.
 */
const COUNTS = (decision: string) =>
  `c.kind <> 'reversal' AND CASE WHEN o.source = 'activity' THEN ${decision} = 'approved' ELSE true END`;

/**
 * The record as it counts now, in SQL: the newest row of each chain (root_id), its status from the review of the
 * original, and whether it counts (COUNTS). Mirrors `effectiveEntries` in the domain.
 * Parameters: $1 tenant, $2 person.
 */
export const EFFECTIVE_ENTRIES = effectiveEntries('e.person_id = $2');

/**
 * Only what counts, for several people at once ($2 an array of person ids), for eligibility: `counted` carries
 * person_id, occurred_on, category, hours, skill_hours and the module (slug) of completions. The same fold as
 * EFFECTIVE_ENTRIES, without the titles, comments and statuses a history needs: the class view folds tens of
 * thousands of rows at a time (500 learners x 40 entries in its benchmark).
 *
 * The newest row of a chain is found as the row that no row corrects: a correction or reversal names the row it
 * replaces (corrects_id), at most one per row (learning_entries_one_correction), and always the newest under the
 * chain's lock, copying its source and module (LedgerStore.correct); so each chain has exactly one such row, and
 * it says what the original was. One pass with an anti-join on that partial index instead of sorting every row by
 * chain (DISTINCT ON) and joining each back to its original: 28 instead of 37 ms of PostgreSQL CPU per class view
 * in the development benchmark (500 learners x 40 entries). The original's latest review is read only for logged
 * activities. test/integration/ledger.repository.test.ts holds it to the domain fold.
 */
export const COUNTED_ENTRIES_OF_MANY = `counted AS (
    SELECT e.person_id, e.occurred_on, e.category, e.hours, e.skill_hours,
           CASE WHEN e.source = 'module'
                THEN (SELECT m.slug FROM modules m WHERE m.id = e.module_id AND m.tenant_id = $1) END AS module_slug
      FROM learning_entries e
     WHERE e.tenant_id = $1 AND e.person_id = ANY ($2::bigint[]) AND e.kind <> 'reversal'
       AND NOT EXISTS (SELECT 1 FROM learning_entries x WHERE x.corrects_id = e.id AND x.tenant_id = $1)
       AND CASE WHEN e.source = 'activity'
                THEN (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = coalesce(e.root_id, e.id)
                       ORDER BY r.id DESC LIMIT 1) = 'approved'
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
  return `${newestOfEachChain(
    'e.id AS current_id, e.kind, e.category, e.hours, e.skill_hours, e.occurred_on, e.reason, e.horizon, e.lecture_share',
    personFilter,
  )},
  eff AS MATERIALIZED (
    SELECT c.root, c.current_id, o.person_id, o.source, o.context_id, o.module_id, o.title, o.activity_type, v.title_th, v.title_en,
           CASE WHEN c.kind = 'reversal' THEN o.category ELSE c.category END AS category,
           CASE WHEN c.kind = 'reversal' THEN o.hours ELSE c.hours END AS hours,
           CASE WHEN c.kind = 'reversal' THEN o.skill_hours ELSE c.skill_hours END AS skill_hours,
           CASE WHEN c.kind = 'reversal' THEN o.occurred_on ELSE c.occurred_on END AS occurred_on,
           CASE WHEN c.kind = 'reversal' THEN o.horizon ELSE c.horizon END AS horizon,
           CASE WHEN c.kind = 'reversal' THEN o.lecture_share ELSE c.lecture_share END AS lecture_share,
           CASE WHEN o.source <> 'activity' THEN 'approved' ELSE coalesce(rv.decision, 'pending') END AS status,
           rv.comment, CASE WHEN c.kind <> 'entry' THEN c.reason END AS reason, c.kind = 'reversal' AS reversed,
           (c.kind = 'correction' OR (c.kind = 'restatement' AND c.reason IS NOT NULL)) AS corrected,
           ${COUNTS('rv.decision')} AS counted
      FROM chain c JOIN learning_entries o ON o.id = c.root
      LEFT JOIN module_versions v ON v.id = o.module_version_id
      LEFT JOIN LATERAL (SELECT decision, comment FROM entry_reviews
                          WHERE entry_id = c.root ORDER BY id DESC LIMIT 1) rv ON true)`;
}

// What eligibility is judged on, read as compact JSON rows: see json-rows.ts (a performance measure).
export { ELIGIBILITY_COLUMNS } from './json-rows';
