-- Rollups of the learning record for reports, kept correct as entries arrive: maintained by triggers in the same
-- transaction as every write that changes what counts (a new entry, correction or reversal; a review decision;
-- a learner's target group), so no write path can forget them.
--
-- learning_rollups: per person, fiscal year (Buddhist era, October to September), skill set and 70/20/10 bucket,
--   the hours that count now. skill_set_code '' holds the entries' own hours; category 0 the three buckets together.
-- tenant_rollups: the same summed per tenant and target group ('' = not chosen yet), with how many learners have
--   hours under each key. A report reads a few hundred rows of it instead of folding millions of entries.

CREATE TABLE learning_rollups (
  tenant_id bigint NOT NULL,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL,
  skill_set_code text NOT NULL,
  category smallint NOT NULL CHECK (category IN (0, 70, 20, 10)),
  hours numeric(10, 2) NOT NULL
);
-- Not unique on purpose: a person's rows are replaced by one statement (delete + insert), serialised per person by an
-- advisory lock, which a unique index would turn into a conflict within that statement.
CREATE INDEX learning_rollups_person ON learning_rollups (tenant_id, person_id);

CREATE TABLE tenant_rollups (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL,
  target_group text NOT NULL,
  skill_set_code text NOT NULL,
  category smallint NOT NULL,
  hours numeric(14, 2) NOT NULL,
  learners integer NOT NULL,
  PRIMARY KEY (tenant_id, fiscal_year, target_group, skill_set_code, category)
);

-- What counts of one person's record (p_person) or of every record of the tenant (p_person null), in rollup form.
-- The same fold as EFFECTIVE_ENTRIES in src/db/record-sql.ts and effectiveEntries in the domain: the newest row of
-- each chain, not a reversal, and for logged activities only when the original's latest review approved it
-- (test/integration/ledger.repository.test.ts checks they agree). Dynamic SQL so that each call is planned for its
-- own case: an index lookup for one person, one pass over the table for a rebuild.
CREATE FUNCTION learning_rollup_rows(p_tenant bigint, p_person bigint)
RETURNS TABLE (person_id bigint, fiscal_year smallint, skill_set_code text, category smallint, hours numeric)
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE format($q$
  WITH chain AS (
    SELECT DISTINCT ON (coalesce(e.root_id, e.id)) coalesce(e.root_id, e.id) AS root, e.person_id, e.kind,
           e.category, e.hours, e.skill_hours, e.occurred_on
      FROM learning_entries e
     WHERE e.tenant_id = $1 %s
     ORDER BY coalesce(e.root_id, e.id), e.id DESC),
  counted AS (
    SELECT c.person_id, c.category, c.hours, c.skill_hours,
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
      FROM counted, jsonb_array_elements(skill_hours) s)
  SELECT person_id, fy, skill, coalesce(category, 0)::smallint, sum(hours)
    FROM parts
   GROUP BY GROUPING SETS ((person_id, fy, skill, category), (person_id, fy, skill))
  HAVING sum(hours) > 0$q$, CASE WHEN p_person IS NULL THEN '' ELSE 'AND e.person_id = $2' END)
  USING p_tenant, p_person;
END
$fn$;

-- Replaces one person's rollup rows and returns what changed, per key, for the tenant rollup.
CREATE FUNCTION learning_rollup_refresh(p_tenant bigint, p_person bigint)
RETURNS TABLE (fiscal_year smallint, target_group text, skill_set_code text, category smallint, hours numeric,
               learners integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  grp text;
BEGIN
  -- Two writes for the same person queue here, so the second one folds a record that includes the first.
  PERFORM pg_advisory_xact_lock(7010, (p_person % 2147483647)::int);
  SELECT coalesce(p.target_group, '') INTO grp FROM people p WHERE p.id = p_person;
  RETURN QUERY
  WITH fresh AS (SELECT * FROM learning_rollup_rows(p_tenant, p_person)),
  old AS (
    DELETE FROM learning_rollups l WHERE l.tenant_id = p_tenant AND l.person_id = p_person
    RETURNING l.fiscal_year, l.skill_set_code, l.category, l.hours),
  ins AS (
    INSERT INTO learning_rollups (tenant_id, person_id, fiscal_year, skill_set_code, category, hours)
    SELECT p_tenant, p_person, f.fiscal_year, f.skill_set_code, f.category, f.hours FROM fresh f)
  SELECT coalesce(n.fiscal_year, o.fiscal_year), grp, coalesce(n.skill_set_code, o.skill_set_code),
         coalesce(n.category, o.category), coalesce(n.hours, 0) - coalesce(o.hours, 0),
         (n.hours IS NOT NULL)::int - (o.hours IS NOT NULL)::int
    FROM fresh n FULL JOIN old o
      ON o.fiscal_year = n.fiscal_year AND o.skill_set_code = n.skill_set_code AND o.category = n.category
   WHERE coalesce(n.hours, 0) <> coalesce(o.hours, 0) OR (n.hours IS NULL) <> (o.hours IS NULL);
END
$$;

-- Adds changes to the tenant rollup in key order, so concurrent writers lock its rows in the same order.
CREATE FUNCTION tenant_rollup_add(p_tenant bigint, p_changes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO tenant_rollups AS t (tenant_id, fiscal_year, target_group, skill_set_code, category, hours, learners)
  SELECT p_tenant, (c ->> 'fiscal_year')::smallint, c ->> 'target_group', c ->> 'skill_set_code',
         (c ->> 'category')::smallint, sum((c ->> 'hours')::numeric), sum((c ->> 'learners')::int)
    FROM jsonb_array_elements(p_changes) c
   GROUP BY 2, 3, 4, 5
   ORDER BY 2, 3, 4, 5
  ON CONFLICT (tenant_id, fiscal_year, target_group, skill_set_code, category)
  DO UPDATE SET hours = t.hours + excluded.hours, learners = t.learners + excluded.learners
$$;

CREATE FUNCTION learning_rollup_after_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT DISTINCT a.tenant_id FROM added a ORDER BY 1 LOOP
    PERFORM tenant_rollup_add(t.tenant_id, (
      SELECT coalesce(jsonb_agg(to_jsonb(d)), '[]'::jsonb)
        FROM (SELECT DISTINCT a.person_id FROM added a WHERE a.tenant_id = t.tenant_id ORDER BY 1) p,
             LATERAL learning_rollup_refresh(t.tenant_id, p.person_id) d));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER learning_entries_rollup AFTER INSERT ON learning_entries
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION learning_rollup_after_entries();

CREATE FUNCTION learning_rollup_after_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT DISTINCT a.tenant_id FROM added a ORDER BY 1 LOOP
    PERFORM tenant_rollup_add(t.tenant_id, (
      SELECT coalesce(jsonb_agg(to_jsonb(d)), '[]'::jsonb)
        FROM (SELECT DISTINCT e.person_id FROM added a JOIN learning_entries e ON e.id = a.entry_id
               WHERE a.tenant_id = t.tenant_id ORDER BY 1) p,
             LATERAL learning_rollup_refresh(t.tenant_id, p.person_id) d));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER entry_reviews_rollup AFTER INSERT ON entry_reviews
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION learning_rollup_after_reviews();

-- A learner who changes target group takes their hours along to the new group.
CREATE FUNCTION learning_rollup_after_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7010, (NEW.id % 2147483647)::int);
  PERFORM tenant_rollup_add(NEW.tenant_id, (
    SELECT coalesce(jsonb_agg(c), '[]'::jsonb) FROM (
      SELECT jsonb_build_object('fiscal_year', l.fiscal_year, 'target_group', coalesce(OLD.target_group, ''),
                                'skill_set_code', l.skill_set_code, 'category', l.category,
                                'hours', -l.hours, 'learners', -1) AS c
        FROM learning_rollups l WHERE l.tenant_id = NEW.tenant_id AND l.person_id = NEW.id
      UNION ALL
      SELECT jsonb_build_object('fiscal_year', l.fiscal_year, 'target_group', coalesce(NEW.target_group, ''),
                                'skill_set_code', l.skill_set_code, 'category', l.category,
                                'hours', l.hours, 'learners', 1)
        FROM learning_rollups l WHERE l.tenant_id = NEW.tenant_id AND l.person_id = NEW.id) x));
  RETURN NULL;
END
$$;
CREATE TRIGGER people_group_rollup AFTER UPDATE OF target_group ON people
  FOR EACH ROW WHEN (OLD.target_group IS DISTINCT FROM NEW.target_group)
  EXECUTE FUNCTION learning_rollup_after_group();

-- Rebuilds a tenant's rollups from its record in one pass (after a bulk load with the triggers off, or a restore).
CREATE FUNCTION learning_rollup_rebuild(p_tenant bigint) RETURNS void LANGUAGE plpgsql AS $$
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
END
$$;

-- Existing records start out rolled up.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT id FROM tenants ORDER BY id LOOP
    PERFORM learning_rollup_rebuild(t.id);
  END LOOP;
END
$$;
