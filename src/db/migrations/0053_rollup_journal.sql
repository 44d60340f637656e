-- A dated journal of the tenant rollup (issue #18 item 10 and its benchmark): the organisation report "as of" any
-- day of a fiscal year, read from a few thousand journal rows instead of folding the whole ledger at request time.
--
-- tenant_rollup_journal holds, per tenant, fiscal year, day and rollup key (target group, skill set code or '~' key
-- of migration 0041, category), how much the tenant rollup's figures changed from that day on: hours, and learners
-- (people whose hours under the key became more than zero (+1) or fell back to zero (-1)). The report as of day D is
-- the sum of the journal's rows of the year up to D. The journal is kept by the same triggers as the rollups (0010),
-- in the same transaction, so the sum of a year's journal is always that year's tenant_rollups.
--
-- The rule for days (the same as the ledger folded as of a day, test/support/rollups-as-of.ts, the test oracle):
--   * a row of the record counts from the day it is dated (occurred_on) when it is an original entry, even when it
--     was written later (backdated logging counts from its date);
--   * a correction counts from the later of its date and the day it was written (Bangkok time), a reversal counts
--     for nothing, and either ends the row it replaces on the day it was written;
--   * a logged activity (source 'activity') counts only on days whose newest review, written by the end of the day,
--     approved it: approved, rejected, approved again makes two spans;
--   * a learner is counted under a key from the first day their hours under it are more than zero.
-- Learners are grouped by the target group they hold today, as the rollup of today does: a person who changes group
-- takes their whole journal along (learning_rollup_after_group), so two as-of reports compare the same people and
-- their differences are learning, not moves between groups.
--
-- Rows are per (tenant, year, day, key), not per person or entry: about days x keys (365 x a few hundred per year).
-- Writers add to them with INSERT ... ON CONFLICT DO UPDATE (adds, in key order), so two transactions writing for
-- the same key both land; two writes for one person queue on the person's advisory lock (0010), so the second
-- computes its change on a record that includes the first. A trigger that moves hours between groups must move
-- them in the journal too (learning_journal_after_group).
CREATE TABLE tenant_rollup_journal (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL,
  day date NOT NULL,
  target_group text NOT NULL,
  skill_set_code text NOT NULL,
  category smallint NOT NULL,
  hours numeric(14, 2) NOT NULL,
  learners integer NOT NULL,
  PRIMARY KEY (tenant_id, fiscal_year, day, target_group, skill_set_code, category)
);

-- One person's record as the journal's changes per year, day and key, leaving out the entries and reviews named in
-- p_skip_entries and p_skip_reviews (the rows a statement just added, to get the record as it was before it). Keys as
-- learning_rollup_rows (0010, 0041). Static SQL, so that each session plans it once (a write calls it twice); a
-- rebuild calls it per person, by the indexes.
CREATE FUNCTION learning_journal_rows(p_tenant bigint, p_person bigint, p_skip_entries bigint[],
                                      p_skip_reviews bigint[])
RETURNS TABLE (person_id bigint, fiscal_year smallint, day date, skill_set_code text, category smallint,
               hours numeric, learners integer)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH led AS (
    SELECT e.id, e.person_id, coalesce(e.root_id, e.id) AS root, e.corrects_id, e.kind, e.source, e.category,
           e.hours, e.skill_hours, e.horizon, e.lecture_share, e.occurred_on,
           (e.created_at AT TIME ZONE 'Asia/Bangkok')::date AS written
      FROM learning_entries e
     WHERE e.tenant_id = p_tenant AND e.person_id = p_person AND e.id <> ALL (coalesce(p_skip_entries, '{}'))),
  -- A row stops counting on the day its correction or reversal was written.
  replaced AS (
    SELECT l.corrects_id AS id, min(l.written) AS until_day FROM led l WHERE l.corrects_id IS NOT NULL GROUP BY 1),
  spans AS (
    SELECT l.person_id, l.root, l.source = 'activity' AS reviewed, l.category, l.hours, l.skill_hours, l.horizon,
           l.lecture_share,
           (extract(year FROM l.occurred_on)::int + CASE WHEN extract(month FROM l.occurred_on) >= 10 THEN 1 ELSE 0 END
             + 543)::smallint AS fy,
           CASE WHEN l.kind = 'entry' THEN l.occurred_on ELSE greatest(l.occurred_on, l.written) END AS d0,
           r.until_day AS d1
      FROM led l LEFT JOIN replaced r ON r.id = l.id
     WHERE l.kind <> 'reversal'),
  -- A logged activity's status on a day: its newest review (by id) written by the end of that day.
  review_days AS (
    SELECT r.entry_id, (r.created_at AT TIME ZONE 'Asia/Bangkok')::date AS day, max(r.id) AS top
      FROM entry_reviews r
     WHERE r.tenant_id = p_tenant AND r.entry_id IN (SELECT s.root FROM spans s WHERE s.reviewed)
       AND r.id <> ALL (coalesce(p_skip_reviews, '{}'))
     GROUP BY 1, 2),
  newest AS (
    SELECT v.entry_id, v.day, max(v.top) OVER (PARTITION BY v.entry_id ORDER BY v.day) AS top FROM review_days v),
  statuses AS (
    SELECT n.entry_id, n.day, r.decision, lead(n.day) OVER (PARTITION BY n.entry_id ORDER BY n.day) AS until_day
      FROM newest n JOIN entry_reviews r ON r.id = n.top),
  counted AS (
    SELECT s.person_id, s.fy, s.category, s.hours, s.skill_hours, s.horizon, s.lecture_share,
           greatest(s.d0, a.day) AS d0, least(s.d1, a.until_day) AS d1
      FROM spans s LEFT JOIN statuses a ON s.reviewed AND a.entry_id = s.root AND a.decision = 'approved'
     WHERE NOT s.reviewed OR a.entry_id IS NOT NULL),
  valued AS (
    SELECT c.person_id, c.fy, c.d0, c.d1, k.skill, k.category, k.value
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
  changes AS (
    SELECT v.person_id, v.fy, v.skill, v.category, v.d0 AS day, v.value FROM valued v
    UNION ALL
    SELECT v.person_id, v.fy, v.skill, v.category, v.d1, -v.value FROM valued v WHERE v.d1 IS NOT NULL),
  per_day AS (
    SELECT c.person_id, c.fy, c.skill, c.category, c.day, sum(c.value) AS delta FROM changes c GROUP BY 1, 2, 3, 4, 5),
  running AS (
    SELECT d.*, sum(d.delta) OVER (PARTITION BY d.person_id, d.fy, d.skill, d.category ORDER BY d.day) AS total
      FROM per_day d)
  SELECT r.person_id, r.fy, r.day, r.skill, r.category::smallint, r.delta,
         (r.total > 0)::int - (r.total - r.delta > 0)::int
    FROM running r
   WHERE r.delta <> 0 OR (r.total > 0) <> (r.total - r.delta > 0);
END
$fn$;

-- What a statement changed in one person's journal: the record now minus the record without the rows it added.
CREATE FUNCTION learning_journal_change(p_tenant bigint, p_person bigint, p_added_entries bigint[],
                                        p_added_reviews bigint[])
RETURNS TABLE (fiscal_year smallint, day date, skill_set_code text, category smallint, hours numeric,
               learners integer)
LANGUAGE sql STABLE AS $$
  SELECT x.fiscal_year, x.day, x.skill_set_code, x.category, sum(x.hours), sum(x.learners)::int
    FROM (SELECT n.fiscal_year, n.day, n.skill_set_code, n.category, n.hours, n.learners
            FROM learning_journal_rows(p_tenant, p_person, NULL, NULL) n
          UNION ALL
          SELECT o.fiscal_year, o.day, o.skill_set_code, o.category, -o.hours, -o.learners
            FROM learning_journal_rows(p_tenant, p_person, p_added_entries, p_added_reviews) o) x
   GROUP BY 1, 2, 3, 4
  HAVING sum(x.hours) <> 0 OR sum(x.learners) <> 0
$$;

-- Adds the changes of some people (their person id, and the entries and reviews the statement added for each) to
-- the journal under each person's target group of today, in key order. Takes each person's lock of 0010 first (held
-- already when the rollup trigger ran before; taking it again in the same transaction is free).
CREATE FUNCTION tenant_journal_add(p_tenant bigint, p_people bigint[], p_added_entries bigint[],
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
    FROM people p,
         LATERAL learning_journal_change(
           p_tenant, p.id,
           (SELECT array_agg(e.id) FROM learning_entries e WHERE e.id = ANY (p_added_entries) AND e.person_id = p.id),
           (SELECT array_agg(r.id) FROM entry_reviews r JOIN learning_entries e ON e.id = r.entry_id
             WHERE r.id = ANY (p_added_reviews) AND e.person_id = p.id)) d
   WHERE p.tenant_id = p_tenant AND p.id = ANY (p_people)
   GROUP BY 2, 3, 4, 5, 6
   ORDER BY 2, 3, 4, 5, 6
  ON CONFLICT (tenant_id, fiscal_year, day, target_group, skill_set_code, category)
  DO UPDATE SET hours = j.hours + excluded.hours, learners = j.learners + excluded.learners;
END
$$;

-- Triggers of their own beside 0010's (named so that they fire after them, in the same statement and transaction):
-- a bulk load can turn both off and rebuild, and the benchmark measures what the journal adds to a write.
CREATE FUNCTION learning_journal_after_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT DISTINCT a.tenant_id FROM added a ORDER BY 1 LOOP
    PERFORM tenant_journal_add(t.tenant_id,
      (SELECT array_agg(DISTINCT a.person_id) FROM added a WHERE a.tenant_id = t.tenant_id),
      (SELECT array_agg(a.id) FROM added a WHERE a.tenant_id = t.tenant_id), '{}');
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER learning_entries_rollup_journal AFTER INSERT ON learning_entries
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION learning_journal_after_entries();

CREATE FUNCTION learning_journal_after_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT DISTINCT a.tenant_id FROM added a ORDER BY 1 LOOP
    PERFORM tenant_journal_add(t.tenant_id,
      (SELECT array_agg(DISTINCT e.person_id) FROM added a JOIN learning_entries e ON e.id = a.entry_id
        WHERE a.tenant_id = t.tenant_id),
      '{}', (SELECT array_agg(a.id) FROM added a WHERE a.tenant_id = t.tenant_id));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER entry_reviews_rollup_journal AFTER INSERT ON entry_reviews
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION learning_journal_after_reviews();

-- A learner who changes target group takes their hours along to the new group on every day of the journal, as in
-- the rollup (0010).
CREATE FUNCTION learning_journal_after_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7010, (NEW.id % 2147483647)::int);
  INSERT INTO tenant_rollup_journal AS j (tenant_id, fiscal_year, day, target_group, skill_set_code, category,
                                          hours, learners)
  SELECT NEW.tenant_id, d.fiscal_year, d.day, g.grp, d.skill_set_code, d.category, sum(g.sign * d.hours),
         sum(g.sign * d.learners)
    FROM learning_journal_rows(NEW.tenant_id, NEW.id, NULL, NULL) d,
         (VALUES (coalesce(OLD.target_group, ''), -1), (coalesce(NEW.target_group, ''), 1)) g (grp, sign)
   GROUP BY 2, 3, 4, 5, 6
   ORDER BY 2, 3, 4, 5, 6
  ON CONFLICT (tenant_id, fiscal_year, day, target_group, skill_set_code, category)
  DO UPDATE SET hours = j.hours + excluded.hours, learners = j.learners + excluded.learners;
  RETURN NULL;
END
$$;
CREATE TRIGGER people_group_rollup_journal AFTER UPDATE OF target_group ON people
  FOR EACH ROW WHEN (OLD.target_group IS DISTINCT FROM NEW.target_group)
  EXECUTE FUNCTION learning_journal_after_group();

-- Rebuilds a tenant's journal from its record, person by person.
CREATE FUNCTION tenant_journal_rebuild(p_tenant bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE tenant_rollup_journal IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM tenant_rollup_journal WHERE tenant_id = p_tenant;
  INSERT INTO tenant_rollup_journal (tenant_id, fiscal_year, day, target_group, skill_set_code, category, hours,
                                     learners)
  SELECT p_tenant, d.fiscal_year, d.day, coalesce(p.target_group, ''), d.skill_set_code, d.category, sum(d.hours),
         sum(d.learners)
    FROM people p, LATERAL learning_journal_rows(p_tenant, p.id, NULL, NULL) d
   WHERE p.tenant_id = p_tenant
   GROUP BY 2, 3, 4, 5, 6;
END
$$;

-- 0010's rebuild (after a bulk load with the triggers off, a restore, a tenant merge) now rebuilds the journal too.
CREATE OR REPLACE FUNCTION learning_rollup_rebuild(p_tenant bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE tenant_rollups IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM learning_rollups WHERE tenant_id = p_tenant;
  DELETE FROM tenant_rollups WHERE tenant_id = p_tenant;
  INSERT INTO learning_rollups (tenant_id, person_id, fiscal_year, skill_set_code, category, hours)
  SELECT p_tenant, r.person_id, r.fiscal_year, r.skill_set_code, r.category, r.hours
    FROM learning_rollup_rows(p_tenant, NULL) r;
  INSERT INTO tenant_rollups (tenant_id, fiscal_year, target_group, skill_set_code, category, hours, learners)
  SELECT p_tenant, l.fiscal_year, coalesce(p.target_group, ''), l.skill_set_code, l.category, sum(l.hours), count(*)
    FROM learning_rollups l JOIN people p ON p.id = l.person_id
   WHERE l.tenant_id = p_tenant
   GROUP BY 2, 3, 4, 5;
  PERFORM tenant_journal_rebuild(p_tenant);
END
$$;

-- Existing records get their journal (the rollups themselves are unchanged).
DO $$
DECLARE
  t record;
BEGIN
  SET LOCAL work_mem = '256MB';
  FOR t IN SELECT id FROM tenants ORDER BY id LOOP
    PERFORM tenant_journal_rebuild(t.id);
  END LOOP;
END
$$;
