-- People keyed with their tenant (see 0022): every reference to a person names the person's organisation too.
-- SET NULL (column) clears only the reference when a person goes, never the row's own tenant id (PostgreSQL 15).
ALTER TABLE people ADD CONSTRAINT people_id_tenant_key UNIQUE (id, tenant_id);

ALTER TABLE people DROP CONSTRAINT people_target_set_by_fkey,
  ADD CONSTRAINT people_target_set_by_fkey FOREIGN KEY (tenant_id, target_set_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (target_set_by);
ALTER TABLE enrolments DROP CONSTRAINT enrolments_person_id_fkey,
  ADD CONSTRAINT enrolments_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE module_progress DROP CONSTRAINT module_progress_person_id_fkey,
  ADD CONSTRAINT module_progress_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE quiz_attempts DROP CONSTRAINT quiz_attempts_person_id_fkey,
  ADD CONSTRAINT quiz_attempts_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_person_id_fkey,
  ADD CONSTRAINT learning_entries_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  DROP CONSTRAINT learning_entries_recorded_by_fkey,
  ADD CONSTRAINT learning_entries_recorded_by_fkey FOREIGN KEY (tenant_id, recorded_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (recorded_by);
ALTER TABLE entry_reviews DROP CONSTRAINT entry_reviews_reviewer_id_fkey,
  ADD CONSTRAINT entry_reviews_reviewer_id_fkey FOREIGN KEY (tenant_id, reviewer_id)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (reviewer_id);
ALTER TABLE grade_outbox DROP CONSTRAINT grade_outbox_person_id_fkey,
  ADD CONSTRAINT grade_outbox_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE self_assessments DROP CONSTRAINT self_assessments_person_id_fkey,
  ADD CONSTRAINT self_assessments_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE eligibility_firsts DROP CONSTRAINT eligibility_firsts_person_id_fkey,
  ADD CONSTRAINT eligibility_firsts_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE learning_rollups DROP CONSTRAINT learning_rollups_person_id_fkey,
  ADD CONSTRAINT learning_rollups_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE development_plans DROP CONSTRAINT development_plans_person_id_fkey,
  ADD CONSTRAINT development_plans_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE plan_reviews DROP CONSTRAINT plan_reviews_reviewer_id_fkey,
  ADD CONSTRAINT plan_reviews_reviewer_id_fkey FOREIGN KEY (tenant_id, reviewer_id)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (reviewer_id);
ALTER TABLE eligibility_rule_overrides DROP CONSTRAINT eligibility_rule_overrides_recorded_by_fkey,
  ADD CONSTRAINT eligibility_rule_overrides_recorded_by_fkey FOREIGN KEY (tenant_id, recorded_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (recorded_by);
ALTER TABLE content_managers DROP CONSTRAINT content_managers_person_id_fkey,
  ADD CONSTRAINT content_managers_person_id_fkey FOREIGN KEY (tenant_id, person_id)
    REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  DROP CONSTRAINT content_managers_named_by_fkey,
  ADD CONSTRAINT content_managers_named_by_fkey FOREIGN KEY (tenant_id, named_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (named_by);

ALTER TABLE people DROP CONSTRAINT people_id_key;
