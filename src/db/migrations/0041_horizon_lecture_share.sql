-- 70:30 and the lecture share (issue #18 items 8 and 9; seed 004 §4.5.4 and §4.8.4).
--
-- learning_entries.horizon: what an entry's learning serves, today's work ('current') or future work ('future': the
-- next stage, a new role). A logged activity says it on the form; a module completion is 'current' when the module
-- is mapped to a skill set with target hours for the learner's own target group and stage, 'future' otherwise
-- (domain/agency/seventy-thirty.ts, completionHorizon). NULL is "not stated": every row written before this
-- migration, imports, and a client that does not send it. Existing rows are left NULL on purpose: the rule needs
-- the development targets, which are shipped files (config/targets) this migration cannot read, and a guess would
-- put words in the learner's mouth; pages show those hours as "not stated" and leave them out of the percentages.
--
-- learning_entries.lecture_share: for training (the 10 of 70:20:10), the share of its time that was lecture, in
-- whole percent; over 60 is flagged (domain/agency/lecture-share.ts, LECTURE_SHARE_LIMIT).
--
-- Corrections and reversals copy both from the row they replace (a correction may change them).
ALTER TABLE learning_entries
  ADD COLUMN horizon text CHECK (horizon IN ('current', 'future')),
  ADD COLUMN lecture_share smallint CHECK (lecture_share BETWEEN 0 AND 100),
  ADD CONSTRAINT learning_entries_lecture_share_of_training CHECK (lecture_share IS NULL OR category = 10);

-- The rollups (migration 0010) gain keys beside the skill sets, in category 0 only, so that the organisation report
-- reads the 70:30 split and the lecture-heavy training per target group from tenant_rollups like everything else,
-- with no extra pass over the entries. Framework codes start with a capital letter (framework.ts, CODE_PATTERN),
-- so keys starting with '~' never meet a skill set:
--   ~current, ~future, ~unstated   hours that count, by horizon
--   ~lecture, ~lecture#            training (10) with a recorded lecture share: hours, and how many entries
--   ~lecture-heavy, ~lecture-heavy#  of those, over 60 % lecture (LECTURE_SHARE_LIMIT): hours, and how many
-- The fold of what counts is 0010's, unchanged (test/integration/what-counts.agreement.test.ts).
CREATE OR REPLACE FUNCTION learning_rollup_rows(p_tenant bigint, p_person bigint)
RETURNS TABLE (person_id bigint, fiscal_year smallint, skill_set_code text, category smallint, hours numeric)
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE format($q$
  WITH chain AS (
    SELECT DISTINCT ON (coalesce(e.root_id, e.id)) coalesce(e.root_id, e.id) AS root, e.person_id, e.kind,
           e.category, e.hours, e.skill_hours, e.occurred_on, e.horizon, e.lecture_share
      FROM learning_entries e
     WHERE e.tenant_id = $1 %s
     ORDER BY coalesce(e.root_id, e.id), e.id DESC),
  counted AS (
    SELECT c.person_id, c.category, c.hours, c.skill_hours, c.horizon, c.lecture_share,
           (extract(year FROM c.occurred_on)::int + CASE WHEN extract(month FROM c.occurred_on) >= 10 THEN 1 ELSE 0 END
             + 543)::smallint AS fy
      FROM chain c JOIN learning_entries o ON o.id = c.root
     WHERE c.kind <> 'reversal'
       AND (o.source <> 'activity'
            OR (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = c.root ORDER BY r.id DESC LIMIT 1) = 'approved')),
  parts AS (
    SELECT person_id, fy, '' AS skill, category, hours FROM counted
    UNION ALL
    SELECT person_id, fy, s ->> 'skillSet', category, (s ->> 'hours')::numeric
      FROM counted, jsonb_array_elements(skill_hours) s),
  agency AS (
    SELECT c.person_id, c.fy, k.key, k.value
      FROM counted c,
           LATERAL (VALUES ('~' || coalesce(c.horizon, 'unstated'), c.hours),
                           ('~lecture', CASE WHEN c.category = 10 AND c.lecture_share IS NOT NULL THEN c.hours END),
                           ('~lecture#', CASE WHEN c.category = 10 AND c.lecture_share IS NOT NULL THEN 1 END),
                           ('~lecture-heavy', CASE WHEN c.category = 10 AND c.lecture_share > 60 THEN c.hours END),
                           ('~lecture-heavy#', CASE WHEN c.category = 10 AND c.lecture_share > 60 THEN 1 END)) k (key, value)
     WHERE k.value IS NOT NULL)
  SELECT person_id, fy, skill, coalesce(category, 0)::smallint, sum(hours)
    FROM parts
   GROUP BY GROUPING SETS ((person_id, fy, skill, category), (person_id, fy, skill))
  HAVING sum(hours) > 0
  UNION ALL
  SELECT person_id, fy, key, 0::smallint, sum(value)
    FROM agency
   GROUP BY person_id, fy, key
  HAVING sum(value) > 0$q$, CASE WHEN p_person IS NULL THEN '' ELSE 'AND e.person_id = $2' END)
  USING p_tenant, p_person;
END
$fn$;

-- Existing records get the new keys (all their hours "not stated").
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT id FROM tenants ORDER BY id LOOP
    PERFORM learning_rollup_rebuild(t.id);
  END LOOP;
END
$$;
