-- One organisation per platform issuer. Until now a tenant was issuer + deployment id, so a second tool registration
-- in the same Moodle (a course-level tool type, a re-registration) started its learners at zero hours. The learning
-- record, rules, catalogue and reports belong to the platform; deployments are ways in.
--
-- tenants.deployment_id is now NULL for an issuer's organisation (one per issuer) and set only for a deployment an
-- administrator split off into an organisation of its own (`npm run platform -- split-deployment`).
--
-- Tenants that share an issuer are merged into the oldest (lowest id). Within the merged organisation, people with
-- the same LMS user id (sub) become one person, courses with the same LMS context id one course, resource links
-- with the same id one link, and catalogue modules with the same slug the survivor's module. A row that would break
-- a unique key after the merge (a second completion of one module by one person, a second enrolment in one course,
-- a second first-eligible date, a rule the survivor also set) is resolved deterministically, and the row set aside
-- is kept whole in tenant_merge_archive: nothing is lost, and nothing counts twice. Rollups are rebuilt at the end.
-- With one tenant per issuer (the usual case) every step below matches no rows.

ALTER TABLE tenants DROP CONSTRAINT tenants_issuer_deployment_id_key;
ALTER TABLE tenants ALTER COLUMN deployment_id DROP NOT NULL;
-- The organisation's name, given when a deployment is split off (the issuer's organisation shows platform_name).
ALTER TABLE tenants ADD COLUMN name text;

CREATE TABLE tenant_merge_archive (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text NOT NULL,
  reason text NOT NULL,
  -- The row that now stands for the archived one (same table), where there is one.
  kept_id bigint,
  row_data jsonb NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now()
);

-- Which tenant each merged tenant goes into.
CREATE TEMP TABLE merge_tenant ON COMMIT DROP AS
SELECT id AS old_id, min(id) OVER (PARTITION BY issuer) AS new_id FROM tenants;
DELETE FROM merge_tenant WHERE old_id = new_id;

-- The organisation a tenant's rows end up in (itself, unless merged).
CREATE TEMP TABLE org_of ON COMMIT DROP AS
SELECT t.id AS tenant_id, coalesce(m.new_id, t.id) AS org_id
  FROM tenants t LEFT JOIN merge_tenant m ON m.old_id = t.id
 WHERE coalesce(m.new_id, t.id) IN (SELECT new_id FROM merge_tenant);

-- Duplicates within an organisation map to the row of the oldest tenant (then the lowest id).
CREATE TEMP TABLE merge_person ON COMMIT DROP AS
SELECT id AS old_id, keep AS new_id FROM (
  SELECT p.id, first_value(p.id) OVER (PARTITION BY o.org_id, p.platform_user_id ORDER BY p.tenant_id, p.id) AS keep
    FROM people p JOIN org_of o ON o.tenant_id = p.tenant_id) x
 WHERE id <> keep;

CREATE TEMP TABLE merge_context ON COMMIT DROP AS
SELECT id AS old_id, keep AS new_id FROM (
  SELECT c.id, first_value(c.id) OVER (PARTITION BY o.org_id, c.context_id ORDER BY c.tenant_id, c.id) AS keep
    FROM contexts c JOIN org_of o ON o.tenant_id = c.tenant_id) x
 WHERE id <> keep;

CREATE TEMP TABLE merge_link ON COMMIT DROP AS
SELECT id AS old_id, keep AS new_id FROM (
  SELECT l.id, first_value(l.id) OVER (PARTITION BY o.org_id, l.resource_link_id ORDER BY l.tenant_id, l.id) AS keep
    FROM resource_links l JOIN org_of o ON o.tenant_id = l.tenant_id) x
 WHERE id <> keep;

CREATE TEMP TABLE merge_module ON COMMIT DROP AS
SELECT id AS old_id, keep AS new_id FROM (
  SELECT m.id, first_value(m.id) OVER (PARTITION BY o.org_id, m.slug ORDER BY m.tenant_id, m.id) AS keep
    FROM modules m JOIN org_of o ON o.tenant_id = m.tenant_id) x
 WHERE id <> keep;

-- A version of a module merged away stands for the survivor's version of the same number (the sample catalogue
-- gave both tenants the same version 1), else the survivor's newest published version, else its newest.
CREATE TEMP TABLE merge_version ON COMMIT DROP AS
SELECT v.id AS old_id, coalesce(
         (SELECT s.id FROM module_versions s WHERE s.module_id = mm.new_id AND s.version = v.version),
         (SELECT s.id FROM module_versions s WHERE s.module_id = mm.new_id
           ORDER BY s.status = 'published' DESC, s.version DESC LIMIT 1)) AS new_id
  FROM module_versions v JOIN merge_module mm ON mm.old_id = v.module_id;

-- Every row's place after the merge, for the tables with unique keys over people, courses or modules.

-- Learning record: one completion per person and module. The earliest (by date, then as recorded) is kept; a later
-- one goes to the archive with its corrections, reviews and grade rows.
CREATE TEMP TABLE dropped_completion ON COMMIT DROP AS
SELECT id, keep FROM (
  SELECT e.id, first_value(e.id) OVER (
           PARTITION BY o.org_id, coalesce(mp.new_id, e.person_id), coalesce(mm.new_id, e.module_id)
           ORDER BY e.occurred_on, e.created_at, e.id) AS keep
    FROM learning_entries e JOIN org_of o ON o.tenant_id = e.tenant_id
    LEFT JOIN merge_person mp ON mp.old_id = e.person_id
    LEFT JOIN merge_module mm ON mm.old_id = e.module_id
   WHERE e.source = 'module' AND e.kind = 'entry') x
 WHERE id <> keep;

INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'grade_outbox', 'completion already recorded', NULL, to_jsonb(g)
  FROM grade_outbox g JOIN learning_entries e ON e.id = g.entry_id
  JOIN dropped_completion d ON d.id = coalesce(e.root_id, e.id);
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'entry_reviews', 'completion already recorded', NULL, to_jsonb(r)
  FROM entry_reviews r JOIN learning_entries e ON e.id = r.entry_id
  JOIN dropped_completion d ON d.id = coalesce(e.root_id, e.id);
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'learning_entries', 'completion already recorded', d.keep, to_jsonb(e)
  FROM learning_entries e JOIN dropped_completion d ON d.id = coalesce(e.root_id, e.id)
 ORDER BY e.id;
-- Reviews and grade rows go with their entries (ON DELETE CASCADE); a chain goes in one statement.
DELETE FROM learning_entries e USING dropped_completion d WHERE d.id = coalesce(e.root_id, e.id);

-- Enrolments: one per person and course, the most recently updated (its roles are the latest launch's).
CREATE TEMP TABLE dropped_enrolment ON COMMIT DROP AS
SELECT tenant_id, context_id, person_id FROM (
  SELECT n.tenant_id, n.context_id, n.person_id, row_number() OVER (
           PARTITION BY o.org_id, coalesce(mc.new_id, n.context_id), coalesce(mp.new_id, n.person_id)
           ORDER BY n.updated_at DESC, n.tenant_id) AS rank
    FROM enrolments n JOIN org_of o ON o.tenant_id = n.tenant_id
    LEFT JOIN merge_context mc ON mc.old_id = n.context_id
    LEFT JOIN merge_person mp ON mp.old_id = n.person_id) x
 WHERE rank > 1;
INSERT INTO tenant_merge_archive (table_name, reason, row_data)
SELECT 'enrolments', 'enrolment already recorded', to_jsonb(n)
  FROM enrolments n JOIN dropped_enrolment d USING (tenant_id, context_id, person_id);
DELETE FROM enrolments n USING dropped_enrolment d
 WHERE n.tenant_id = d.tenant_id AND n.context_id = d.context_id AND n.person_id = d.person_id;

-- Place in a module: one row per person and module version, the pages viewed of both, the best quiz score.
CREATE TEMP TABLE progress_group ON COMMIT DROP AS
SELECT p.tenant_id, p.person_id, p.module_version_id, o.org_id,
       coalesce(mp.new_id, p.person_id) AS new_person,
       CASE WHEN mv.old_id IS NULL THEN p.module_version_id ELSE mv.new_id END AS new_version,
       row_number() OVER w AS rank
  FROM module_progress p JOIN org_of o ON o.tenant_id = p.tenant_id
  LEFT JOIN merge_person mp ON mp.old_id = p.person_id
  LEFT JOIN merge_version mv ON mv.old_id = p.module_version_id
WINDOW w AS (PARTITION BY o.org_id, coalesce(mp.new_id, p.person_id),
                          CASE WHEN mv.old_id IS NULL THEN p.module_version_id ELSE mv.new_id END
             ORDER BY p.updated_at DESC, p.tenant_id);
UPDATE module_progress p SET
  pages_viewed = ARRAY(SELECT DISTINCT v FROM module_progress q JOIN progress_group gq
                         ON gq.tenant_id = q.tenant_id AND gq.person_id = q.person_id
                        AND gq.module_version_id = q.module_version_id, unnest(q.pages_viewed) v
                        WHERE gq.org_id = g.org_id AND gq.new_person = g.new_person AND gq.new_version = g.new_version
                        ORDER BY v),
  best_quiz_percent = (SELECT max(q.best_quiz_percent) FROM module_progress q JOIN progress_group gq
                         ON gq.tenant_id = q.tenant_id AND gq.person_id = q.person_id
                        AND gq.module_version_id = q.module_version_id
                        WHERE gq.org_id = g.org_id AND gq.new_person = g.new_person AND gq.new_version = g.new_version)
  FROM progress_group g
 WHERE g.rank = 1 AND p.tenant_id = g.tenant_id AND p.person_id = g.person_id
   AND p.module_version_id = g.module_version_id
   AND EXISTS (SELECT 1 FROM progress_group x WHERE x.org_id = g.org_id AND x.new_person = g.new_person
                AND x.new_version = g.new_version AND x.rank > 1);
INSERT INTO tenant_merge_archive (table_name, reason, row_data)
SELECT 'module_progress', 'merged into the same person''s progress', to_jsonb(p)
  FROM module_progress p JOIN progress_group g USING (tenant_id, person_id, module_version_id)
 WHERE g.rank > 1 OR g.new_version IS NULL;
DELETE FROM module_progress p USING progress_group g
 WHERE p.tenant_id = g.tenant_id AND p.person_id = g.person_id AND p.module_version_id = g.module_version_id
   AND (g.rank > 1 OR g.new_version IS NULL);

-- Quiz attempts of a version that has no counterpart (a module without versions) cannot be kept in place.
INSERT INTO tenant_merge_archive (table_name, reason, row_data)
SELECT 'quiz_attempts', 'module version has no counterpart', to_jsonb(a)
  FROM quiz_attempts a JOIN merge_version mv ON mv.old_id = a.module_version_id WHERE mv.new_id IS NULL;

-- First eligibility: the earliest date per person and assessment.
CREATE TEMP TABLE dropped_first ON COMMIT DROP AS
SELECT tenant_id, person_id, assessment_code FROM (
  SELECT f.tenant_id, f.person_id, f.assessment_code, row_number() OVER (
           PARTITION BY o.org_id, coalesce(mp.new_id, f.person_id), f.assessment_code
           ORDER BY f.first_eligible_at, f.tenant_id) AS rank
    FROM eligibility_firsts f JOIN org_of o ON o.tenant_id = f.tenant_id
    LEFT JOIN merge_person mp ON mp.old_id = f.person_id) x
 WHERE rank > 1;
INSERT INTO tenant_merge_archive (table_name, reason, row_data)
SELECT 'eligibility_firsts', 'an earlier date is kept', to_jsonb(f)
  FROM eligibility_firsts f JOIN dropped_first d USING (tenant_id, person_id, assessment_code);
DELETE FROM eligibility_firsts f USING dropped_first d
 WHERE f.tenant_id = d.tenant_id AND f.person_id = d.person_id AND f.assessment_code = d.assessment_code;

-- Rule edits: where the surviving tenant has its own edit for a rule (assessment, group, course), it stays in
-- force and the merged tenant's edits of that rule go to the archive; otherwise they move, history and all.
CREATE TEMP TABLE dropped_rule ON COMMIT DROP AS
SELECT r.id FROM eligibility_rule_overrides r
  JOIN merge_tenant m ON m.old_id = r.tenant_id
  LEFT JOIN merge_context mc ON mc.old_id = r.context_id
 WHERE EXISTS (SELECT 1 FROM eligibility_rule_overrides s
                WHERE s.tenant_id = m.new_id AND s.assessment_code = r.assessment_code
                  AND s.target_group = r.target_group
                  AND s.context_id IS NOT DISTINCT FROM coalesce(mc.new_id, r.context_id));
INSERT INTO tenant_merge_archive (table_name, reason, row_data)
SELECT 'eligibility_rule_overrides', 'the surviving organisation has its own rule', to_jsonb(r)
  FROM eligibility_rule_overrides r JOIN dropped_rule d USING (id);
DELETE FROM eligibility_rule_overrides r USING dropped_rule d WHERE r.id = d.id;

-- Development plans: a person's versions of one fiscal year, from both records, numbered again in the order they
-- were written (the newest stays the plan in force). Shifted first so that no number is taken twice meanwhile.
CREATE TEMP TABLE plan_number ON COMMIT DROP AS
SELECT id, row_number() OVER (PARTITION BY org_id, person, fiscal_year ORDER BY created_at, id)::int AS version
  FROM (SELECT d.id, o.org_id, coalesce(mp.new_id, d.person_id) AS person, d.fiscal_year, d.created_at
          FROM development_plans d JOIN org_of o ON o.tenant_id = d.tenant_id
          LEFT JOIN merge_person mp ON mp.old_id = d.person_id) x;
DELETE FROM plan_number n USING development_plans d WHERE d.id = n.id AND d.version = n.version;
UPDATE development_plans d SET version = d.version + 1000000 FROM plan_number n WHERE n.id = d.id;

-- Re-point every reference to a merged person, course, link, module or version.
UPDATE people p SET target_set_by = m.new_id FROM merge_person m WHERE p.target_set_by = m.old_id;
UPDATE learning_entries e SET person_id = m.new_id FROM merge_person m WHERE e.person_id = m.old_id;
UPDATE learning_entries e SET recorded_by = m.new_id FROM merge_person m WHERE e.recorded_by = m.old_id;
UPDATE learning_entries e SET context_id = m.new_id FROM merge_context m WHERE e.context_id = m.old_id;
UPDATE learning_entries e SET module_id = m.new_id FROM merge_module m WHERE e.module_id = m.old_id;
UPDATE learning_entries e SET module_version_id = m.new_id FROM merge_version m WHERE e.module_version_id = m.old_id;
UPDATE entry_reviews r SET reviewer_id = m.new_id FROM merge_person m WHERE r.reviewer_id = m.old_id;
UPDATE plan_reviews r SET reviewer_id = m.new_id FROM merge_person m WHERE r.reviewer_id = m.old_id;
-- Grades: one row per person, gradebook column and score (grade_outbox_one_score, migration 0017). Should two
-- merged tenants have queued the same score for the same column of the same person, the second row says nothing
-- the first does not: it goes to the archive (a delivered row is the one kept).
CREATE TEMP TABLE dropped_grade ON COMMIT DROP AS
SELECT id, keep FROM (
  SELECT g.id, first_value(g.id) OVER (
           PARTITION BY o.org_id, coalesce(mp.new_id, g.person_id), g.lineitem_url, g.score_given
           ORDER BY g.status = 'delivered' DESC, g.id) AS keep
    FROM grade_outbox g JOIN org_of o ON o.tenant_id = g.tenant_id
    LEFT JOIN merge_person mp ON mp.old_id = g.person_id) x
 WHERE id <> keep;
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'grade_outbox', 'same score already queued for that gradebook column', d.keep, to_jsonb(g)
  FROM grade_outbox g JOIN dropped_grade d ON d.id = g.id;
DELETE FROM grade_outbox g USING dropped_grade d WHERE g.id = d.id;
UPDATE grade_outbox g SET person_id = m.new_id FROM merge_person m WHERE g.person_id = m.old_id;
UPDATE grade_outbox g SET resource_link_id = m.new_id FROM merge_link m WHERE g.resource_link_id = m.old_id;
UPDATE resource_links l SET context_id = m.new_id FROM merge_context m WHERE l.context_id = m.old_id;
-- Enrolments and places in modules are keyed by two merged references: both move in one statement.
UPDATE enrolments n SET person_id = x.person, context_id = x.course
  FROM (SELECT q.tenant_id, q.context_id, q.person_id, coalesce(mp.new_id, q.person_id) AS person,
               coalesce(mc.new_id, q.context_id) AS course
          FROM enrolments q LEFT JOIN merge_person mp ON mp.old_id = q.person_id
          LEFT JOIN merge_context mc ON mc.old_id = q.context_id
         WHERE mp.old_id IS NOT NULL OR mc.old_id IS NOT NULL) x
 WHERE n.tenant_id = x.tenant_id AND n.context_id = x.context_id AND n.person_id = x.person_id;
UPDATE module_progress p SET person_id = x.person, module_version_id = x.version
  FROM (SELECT q.tenant_id, q.person_id, q.module_version_id, coalesce(mp.new_id, q.person_id) AS person,
               coalesce(mv.new_id, q.module_version_id) AS version
          FROM module_progress q LEFT JOIN merge_person mp ON mp.old_id = q.person_id
          LEFT JOIN merge_version mv ON mv.old_id = q.module_version_id
         WHERE mp.old_id IS NOT NULL OR mv.old_id IS NOT NULL) x
 WHERE p.tenant_id = x.tenant_id AND p.person_id = x.person_id AND p.module_version_id = x.module_version_id;
UPDATE quiz_attempts a SET person_id = m.new_id FROM merge_person m WHERE a.person_id = m.old_id;
UPDATE quiz_attempts a SET module_version_id = m.new_id
  FROM merge_version m WHERE a.module_version_id = m.old_id AND m.new_id IS NOT NULL;
UPDATE self_assessments s SET person_id = m.new_id FROM merge_person m WHERE s.person_id = m.old_id;
UPDATE eligibility_firsts f SET person_id = m.new_id FROM merge_person m WHERE f.person_id = m.old_id;
UPDATE development_plans d SET person_id = m.new_id FROM merge_person m WHERE d.person_id = m.old_id;
UPDATE development_plans d SET version = n.version FROM plan_number n WHERE n.id = d.id;
UPDATE eligibility_rule_overrides r SET recorded_by = m.new_id FROM merge_person m WHERE r.recorded_by = m.old_id;
UPDATE eligibility_rule_overrides r SET context_id = m.new_id FROM merge_context m WHERE r.context_id = m.old_id;

-- Any other reference to a merged row (a column a later feature adds, e.g. to resource_links) is re-pointed too,
-- found from the foreign keys, rather than lost to ON DELETE CASCADE below. The versions and mappings of a module
-- merged away are not: they go with it. A unique key such a table has would stop the migration here, whole.
DO $$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass AS tbl, a.attname AS col,
           CASE c.confrelid WHEN 'people'::regclass THEN 'merge_person' WHEN 'contexts'::regclass THEN 'merge_context'
             WHEN 'resource_links'::regclass THEN 'merge_link' WHEN 'modules'::regclass THEN 'merge_module'
             ELSE 'merge_version' END AS map
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
       AND c.confrelid IN ('people'::regclass, 'contexts'::regclass, 'resource_links'::regclass, 'modules'::regclass,
                           'module_versions'::regclass)
       AND (c.conrelid, a.attname) NOT IN (('module_versions'::regclass, 'module_id'),
                                           ('module_mappings'::regclass, 'module_version_id'))
     ORDER BY 1, 2
  LOOP
    EXECUTE format('UPDATE %s x SET %I = m.new_id FROM %I m WHERE x.%I = m.old_id AND m.new_id IS NOT NULL',
                   fk.tbl, fk.col, fk.map, fk.col);
  END LOOP;
END
$$;

-- The surviving person keeps what the LMS said last of the merged ones where it said nothing itself.
UPDATE people p SET
  name = coalesce(p.name, d.name), given_name = coalesce(p.given_name, d.given_name),
  family_name = coalesce(p.family_name, d.family_name), email = coalesce(p.email, d.email),
  locale = coalesce(p.locale, d.locale), target_group = coalesce(p.target_group, d.target_group),
  target_stage = CASE WHEN p.target_group IS NULL THEN d.target_stage ELSE p.target_stage END,
  target_set_by = CASE WHEN p.target_group IS NULL THEN d.target_set_by ELSE p.target_set_by END,
  created_at = least(p.created_at, d.created_at), last_launch_at = greatest(p.last_launch_at, d.last_launch_at)
  FROM (SELECT DISTINCT ON (m.new_id) m.new_id, q.*
          FROM merge_person m JOIN people q ON q.id = m.old_id
         ORDER BY m.new_id, q.last_launch_at DESC, q.id) d
 WHERE p.id = d.new_id;
UPDATE contexts c SET title = coalesce(c.title, d.title), label = coalesce(c.label, d.label)
  FROM (SELECT DISTINCT ON (m.new_id) m.new_id, q.title, q.label FROM merge_context m JOIN contexts q ON q.id = m.old_id
         ORDER BY m.new_id, q.updated_at DESC) d
 WHERE c.id = d.new_id;
UPDATE resource_links l SET
  title = coalesce(l.title, d.title), ags_lineitem_url = coalesce(l.ags_lineitem_url, d.ags_lineitem_url),
  ags_lineitems_url = coalesce(l.ags_lineitems_url, d.ags_lineitems_url), ags_scopes = coalesce(l.ags_scopes, d.ags_scopes),
  nrps_memberships_url = coalesce(l.nrps_memberships_url, d.nrps_memberships_url),
  module_slug = coalesce(l.module_slug, d.module_slug)
  FROM (SELECT DISTINCT ON (m.new_id) m.new_id, q.* FROM merge_link m JOIN resource_links q ON q.id = m.old_id
         ORDER BY m.new_id, q.updated_at DESC) d
 WHERE l.id = d.new_id;

-- The rows merged away, kept in the archive, then removed (nothing references them any more).
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'people', 'same LMS user', m.new_id, to_jsonb(p) FROM people p JOIN merge_person m ON m.old_id = p.id;
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'contexts', 'same LMS course', m.new_id, to_jsonb(c) FROM contexts c JOIN merge_context m ON m.old_id = c.id;
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'resource_links', 'same LMS link', m.new_id, to_jsonb(l)
  FROM resource_links l JOIN merge_link m ON m.old_id = l.id;
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'modules', 'same slug: the surviving organisation''s module is kept', m.new_id,
       to_jsonb(d) || jsonb_build_object('versions', (
         SELECT jsonb_agg(to_jsonb(v) || jsonb_build_object('mappings', (
                  SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]'::jsonb) FROM module_mappings x
                   WHERE x.module_version_id = v.id)) ORDER BY v.version)
           FROM module_versions v WHERE v.module_id = d.id))
  FROM modules d JOIN merge_module m ON m.old_id = d.id;
DELETE FROM learning_rollups l USING merge_person m WHERE l.person_id = m.old_id;
DELETE FROM people p USING merge_person m WHERE p.id = m.old_id;
DELETE FROM resource_links l USING merge_link m WHERE l.id = m.old_id;
DELETE FROM contexts c USING merge_context m WHERE c.id = m.old_id;
-- Versions, mappings, and the progress and quiz attempts left on versions without a counterpart go with them.
DELETE FROM modules d USING merge_module m WHERE d.id = m.old_id;

-- Everything left in a merged tenant moves to the survivor: every table with a tenant_id column (so also tables a
-- later feature adds). Rollups are rebuilt below instead.
DO $$
DECLARE
  tbl text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM merge_tenant) THEN
    RETURN;
  END IF;
  DELETE FROM learning_rollups l USING merge_tenant m WHERE l.tenant_id = m.old_id;
  DELETE FROM tenant_rollups r USING merge_tenant m WHERE r.tenant_id = m.old_id;
  FOR tbl IN
    SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
       AND c.table_name NOT IN ('learning_rollups', 'tenant_rollups')
     ORDER BY c.table_name
  LOOP
    EXECUTE format('UPDATE %I x SET tenant_id = m.new_id FROM merge_tenant m WHERE x.tenant_id = m.old_id', tbl);
  END LOOP;
END
$$;

-- The survivor takes the merged tenants' framework choice and catalogue flag where it had none.
UPDATE tenants t SET
  framework_code = coalesce(t.framework_code, (
    SELECT o.framework_code FROM merge_tenant m JOIN tenants o ON o.id = m.old_id
     WHERE m.new_id = t.id AND o.framework_code IS NOT NULL ORDER BY o.id LIMIT 1)),
  catalogue_seeded_at = coalesce(t.catalogue_seeded_at, (
    SELECT min(o.catalogue_seeded_at) FROM merge_tenant m JOIN tenants o ON o.id = m.old_id WHERE m.new_id = t.id)),
  platform_name = coalesce(t.platform_name, (
    SELECT o.platform_name FROM merge_tenant m JOIN tenants o ON o.id = m.old_id
     WHERE m.new_id = t.id AND o.platform_name IS NOT NULL ORDER BY o.id LIMIT 1)),
  updated_at = now()
 WHERE t.id IN (SELECT new_id FROM merge_tenant);
INSERT INTO tenant_merge_archive (table_name, reason, kept_id, row_data)
SELECT 'tenants', 'same issuer', m.new_id, to_jsonb(t) FROM tenants t JOIN merge_tenant m ON m.old_id = t.id;
DELETE FROM tenants t USING merge_tenant m WHERE t.id = m.old_id;

UPDATE tenants SET deployment_id = NULL;
CREATE UNIQUE INDEX tenants_organisation ON tenants (issuer) WHERE deployment_id IS NULL;
CREATE UNIQUE INDEX tenants_split_deployment ON tenants (issuer, deployment_id) WHERE deployment_id IS NOT NULL;

SELECT learning_rollup_rebuild(new_id) FROM (SELECT DISTINCT new_id FROM merge_tenant ORDER BY new_id) s;
