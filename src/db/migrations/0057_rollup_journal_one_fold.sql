-- The dated rollup journal (migration 0053) folded each writer's record twice per statement: once as it is and once
-- without the rows the statement added, and took the difference. An entry plus its approval cost about three times
-- the database CPU of the same writes without the journal, which bulk imports (a CSV of completions, an LMS sync)
-- feel. This migration replaces that difference by one pass over the record that folds only what can change.
--
-- Why that is the same figure. A person's journal is, per key (fiscal year, skill set or '~' key, category), the
-- changes per day of a running total that sums the spans of the person's chains (a chain is an entry and its
-- corrections, reversals and restatements; its reviews are of its original). A statement that adds rows or reviews
-- changes only the chains it touches (the chains of the rows it added, of the rows those rows correct, and of the
-- entries it reviewed). So:
--   * hours: the change is the touched chains' spans after the statement minus before it; the other chains cancel;
--   * learners (a person counts under a key from the day their total is above zero): only the keys of the touched
--     chains can change, and under those the other chains' spans count too (once: they are the same before and
--     after). One window takes the person's running total after and before the statement side by side.
-- The rule for days is 0053's, unchanged (learning_journal_rows, which the rebuild and a group change still use, and
-- the oracle test/support/rollups-as-of.ts that test/e2e/organisation-snapshots.test.ts holds both to).
--
-- Set-based over the statement's people: one query per statement, not one per person. A statement of new logged
-- activities alone (no review yet) folds nothing. No table changes, nothing to backfill: only functions are
-- replaced.

-- The journal's changes, per person, that the statement which added p_added_entries and p_added_reviews made to
-- the records of p_people. Versions of a chain: 'o' another chain (the same before and after), 'a' a touched chain
-- after the statement, 'b' the same before it (without the added rows and reviews).
CREATE FUNCTION learning_journal_changes(p_tenant bigint, p_people bigint[], p_added_entries bigint[],
                                         p_added_reviews bigint[])
RETURNS TABLE (person_id bigint, fiscal_year smallint, day date, skill_set_code text, category smallint,
               hours numeric, learners integer)
LANGUAGE plpgsql STABLE
-- Planned once per session: left to choose, PostgreSQL planned this query anew on every call (which cost more than
-- running it), because a custom plan that knows the arrays' lengths looks cheaper than the generic one.
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH led AS (
    SELECT e.id, e.person_id, coalesce(e.root_id, e.id) AS root, e.corrects_id, e.kind, e.source, e.category,
           e.hours, e.skill_hours, e.horizon, e.lecture_share, e.occurred_on,
           (e.created_at AT TIME ZONE 'Asia/Bangkok')::date AS written,
           e.id = ANY (coalesce(p_added_entries, '{}')) AS added,
           (extract(year FROM e.occurred_on)::int + CASE WHEN extract(month FROM e.occurred_on) >= 10 THEN 1 ELSE 0 END
             + 543)::smallint AS fy
      FROM learning_entries e
     WHERE e.tenant_id = p_tenant AND e.person_id = ANY (p_people)),
  touched AS (
    SELECT l.person_id, l.root FROM led l WHERE l.added
    UNION
    SELECT c.person_id, c.root FROM led c JOIN led a ON a.corrects_id = c.id WHERE a.added
    UNION
    SELECT l.person_id, l.root FROM led l
     WHERE l.id IN (SELECT r.entry_id FROM entry_reviews r WHERE r.id = ANY (coalesce(p_added_reviews, '{}')))),
  -- The fiscal years a touched chain reaches (before or after): the only years whose keys can change.
  touched_years AS (
    SELECT DISTINCT l.person_id, l.fy FROM led l JOIN touched t ON t.person_id = l.person_id AND t.root = l.root),
  -- A row stops counting on the day its correction or reversal was written (before the statement: by a row it did
  -- not add).
  replaced AS (
    SELECT l.corrects_id AS id, min(l.written) AS until_after, min(l.written) FILTER (WHERE NOT l.added) AS until_before
      FROM led l WHERE l.corrects_id IS NOT NULL GROUP BY 1),
  spans AS (
    SELECT l.person_id, l.root, v.v, l.source = 'activity' AS reviewed, l.category, l.hours, l.skill_hours,
           l.horizon, l.lecture_share, l.fy,
           CASE WHEN l.kind = 'entry' THEN l.occurred_on ELSE greatest(l.occurred_on, l.written) END AS d0,
           CASE WHEN v.v = 'b' THEN r.until_before ELSE r.until_after END AS d1
      FROM led l
      LEFT JOIN touched t ON t.person_id = l.person_id AND t.root = l.root
      LEFT JOIN replaced r ON r.id = l.id
      CROSS JOIN LATERAL (SELECT 'o'::text WHERE t.root IS NULL
                          UNION ALL SELECT 'a' WHERE t.root IS NOT NULL
                          UNION ALL SELECT 'b' WHERE t.root IS NOT NULL AND NOT l.added) v (v)
     WHERE l.kind <> 'reversal'
       AND (t.root IS NOT NULL
            OR EXISTS (SELECT 1 FROM touched_years y WHERE y.person_id = l.person_id AND y.fy = l.fy))),
  -- A logged activity's status on a day: its newest review (by id) written by the end of that day. The reviews are
  -- looked up per activity by their index (OFFSET 0 keeps the planner from turning the lookups into a scan of the
  -- whole table, which it prefers while the table is small and then keeps in the session's generic plan).
  review_days AS (
    SELECT s.v, s.root AS entry_id, x.day, max(x.id) AS top
      FROM (SELECT DISTINCT s.v, s.root FROM spans s WHERE s.reviewed) s,
           LATERAL (SELECT r.id, (r.created_at AT TIME ZONE 'Asia/Bangkok')::date AS day
                      FROM entry_reviews r
                     WHERE r.entry_id = s.root AND r.tenant_id = p_tenant
                       AND (s.v <> 'b' OR r.id <> ALL (coalesce(p_added_reviews, '{}')))
                    OFFSET 0) x
     GROUP BY 1, 2, 3),
  newest AS (
    SELECT v.v, v.entry_id, v.day, max(v.top) OVER (PARTITION BY v.v, v.entry_id ORDER BY v.day) AS top
      FROM review_days v),
  statuses AS (
    SELECT n.v, n.entry_id, n.day, (SELECT r.decision FROM entry_reviews r WHERE r.id = n.top) AS decision,
           lead(n.day) OVER (PARTITION BY n.v, n.entry_id ORDER BY n.day) AS until_day
      FROM newest n),
  counted AS (
    SELECT s.person_id, s.v, s.fy, s.category, s.hours, s.skill_hours, s.horizon, s.lecture_share,
           greatest(s.d0, a.day) AS d0, least(s.d1, a.until_day) AS d1
      FROM spans s
      LEFT JOIN statuses a ON s.reviewed AND a.v = s.v AND a.entry_id = s.root AND a.decision = 'approved'
     WHERE NOT s.reviewed OR a.entry_id IS NOT NULL),
  valued_all AS (
    SELECT c.person_id, c.v, c.fy, c.d0, c.d1, k.skill, k.category, k.value
      FROM counted c,
           LATERAL (SELECT '' AS skill, c.category AS category, c.hours AS value
                    UNION ALL SELECT '', 0::smallint, c.hours
                    UNION ALL SELECT s ->> 'skillSet', c.category, (s ->> 'hours')::numeric
                                FROM jsonb_array_elements(c.skill_hours) s
                    UNION ALL SELECT s ->> 'skillSet', 0::smallint, (s ->> 'hours')::numeric
                                FROM jsonb_array_elements(c.skill_hours) s
                    UNION ALL SELECT '~' || coalesce(c.horizon, 'unstated'), 0::smallint, c.hours
                    UNION ALL SELECT '~lecture', 0::smallint, c.hours
                               WHERE c.category = 10 AND c.lecture_share IS NOT NULL
                    UNION ALL SELECT '~lecture#', 0::smallint, 1 WHERE c.category = 10 AND c.lecture_share IS NOT NULL
                    UNION ALL SELECT '~lecture-heavy', 0::smallint, c.hours
                               WHERE c.category = 10 AND c.lecture_share > 60
                    UNION ALL SELECT '~lecture-heavy#', 0::smallint, 1
                               WHERE c.category = 10 AND c.lecture_share > 60) k
     WHERE c.d1 IS NULL OR c.d1 > c.d0),
  -- Only the keys of the touched chains can change: the other chains are needed under those keys alone.
  valued AS (
    SELECT v.* FROM valued_all v
     WHERE v.v <> 'o'
        OR (v.person_id, v.fy, v.skill, v.category) IN (SELECT t.person_id, t.fy, t.skill, t.category
                                                          FROM valued_all t WHERE t.v <> 'o')),
  changes AS (
    SELECT v.person_id, v.v, v.fy, v.skill, v.category, v.d0 AS day, v.value FROM valued v
    UNION ALL
    SELECT v.person_id, v.v, v.fy, v.skill, v.category, v.d1, -v.value FROM valued v WHERE v.d1 IS NOT NULL),
  -- Per person, key and day: the change of the other chains ('o') and of the touched ones after ('a') and before
  -- ('b') the statement; the person's total under the key after and before, running over the days.
  per_day AS (
    SELECT c.person_id, c.fy, c.skill, c.category, c.day,
           coalesce(sum(c.value) FILTER (WHERE c.v = 'o'), 0) AS o,
           coalesce(sum(c.value) FILTER (WHERE c.v = 'a'), 0) AS a,
           coalesce(sum(c.value) FILTER (WHERE c.v = 'b'), 0) AS b
      FROM changes c GROUP BY 1, 2, 3, 4, 5),
  running AS (
    SELECT d.*,
           sum(d.o + d.a) OVER (PARTITION BY d.person_id, d.fy, d.skill, d.category ORDER BY d.day) AS after_total,
           sum(d.o + d.b) OVER (PARTITION BY d.person_id, d.fy, d.skill, d.category ORDER BY d.day) AS before_total
      FROM per_day d),
  -- Hours: after minus before (the other chains cancel). Learners: whether the person counts from this day on,
  -- after minus before; the same on every day of a key whose hours the statement did not change.
  changed AS (
    SELECT r.person_id, r.fy, r.day, r.skill, r.category, r.a - r.b AS hours,
           ((r.after_total > 0)::int - (r.after_total - r.o - r.a > 0)::int)
             - ((r.before_total > 0)::int - (r.before_total - r.o - r.b > 0)::int) AS learners
      FROM running r)
  SELECT c.person_id, c.fy, c.day, c.skill, c.category::smallint, c.hours, c.learners
    FROM changed c
   WHERE c.hours <> 0 OR c.learners <> 0;
END
$fn$;

-- As 0053's: each person's lock first (in id order), then the changes added under each person's target group of
-- today, in key order. Now one fold for the whole statement.
CREATE OR REPLACE FUNCTION tenant_journal_add(p_tenant bigint, p_people bigint[], p_added_entries bigint[],
                                              p_added_reviews bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pid bigint;
BEGIN
  FOR pid IN SELECT DISTINCT x FROM unnest(p_people) x ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(7010, (pid % 2147483647)::int);
  END LOOP;
  INSERT INTO tenant_rollup_journal AS j (tenant_id, fiscal_year, day, target_group, skill_set_code, category,
                                          hours, learners)
  SELECT p_tenant, d.fiscal_year, d.day, coalesce(p.target_group, ''), d.skill_set_code, d.category, sum(d.hours),
         sum(d.learners)
    FROM learning_journal_changes(p_tenant, p_people, p_added_entries, p_added_reviews) d
    JOIN people p ON p.id = d.person_id AND p.tenant_id = p_tenant
   GROUP BY 2, 3, 4, 5, 6
   ORDER BY 2, 3, 4, 5, 6
  ON CONFLICT (tenant_id, fiscal_year, day, target_group, skill_set_code, category)
  DO UPDATE SET hours = j.hours + excluded.hours, learners = j.learners + excluded.learners;
END
$$;

-- 0053's difference of two folds, no longer called.
DROP FUNCTION learning_journal_change(bigint, bigint, bigint[], bigint[]);

-- A logged activity counts only once approved, and a row just written has no review yet: a statement that writes
-- nothing but new logged activities (a learner logging one, the most common write) changes no day of the journal
-- and folds nothing. Any other row of the statement folds its person as before, the new activities with it.
CREATE OR REPLACE FUNCTION learning_journal_after_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT DISTINCT a.tenant_id FROM added a WHERE NOT (a.kind = 'entry' AND a.source = 'activity')
            ORDER BY 1 LOOP
    PERFORM tenant_journal_add(t.tenant_id,
      (SELECT array_agg(DISTINCT a.person_id) FROM added a
        WHERE a.tenant_id = t.tenant_id AND NOT (a.kind = 'entry' AND a.source = 'activity')),
      (SELECT array_agg(a.id) FROM added a WHERE a.tenant_id = t.tenant_id), '{}');
  END LOOP;
  RETURN NULL;
END
$$;
