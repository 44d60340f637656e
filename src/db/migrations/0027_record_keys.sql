-- The remaining surrogate primary keys with their tenant (see 0022): quiz attempts, reviews, grades, self-assessments,
-- plans and their reviews, rule edits.
ALTER TABLE quiz_attempts DROP CONSTRAINT quiz_attempts_pkey, ADD CONSTRAINT quiz_attempts_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE entry_reviews DROP CONSTRAINT entry_reviews_pkey, ADD CONSTRAINT entry_reviews_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE grade_outbox DROP CONSTRAINT grade_outbox_pkey, ADD CONSTRAINT grade_outbox_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE self_assessments DROP CONSTRAINT self_assessments_pkey,
  ADD CONSTRAINT self_assessments_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE eligibility_rule_overrides DROP CONSTRAINT eligibility_rule_overrides_pkey,
  ADD CONSTRAINT eligibility_rule_overrides_pkey PRIMARY KEY (id, tenant_id);

ALTER TABLE plan_reviews DROP CONSTRAINT plan_reviews_plan_id_fkey;
ALTER TABLE development_plans DROP CONSTRAINT development_plans_pkey,
  ADD CONSTRAINT development_plans_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE plan_reviews ADD CONSTRAINT plan_reviews_plan_id_fkey FOREIGN KEY (tenant_id, plan_id)
  REFERENCES development_plans (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE plan_reviews DROP CONSTRAINT plan_reviews_pkey, ADD CONSTRAINT plan_reviews_pkey PRIMARY KEY (id, tenant_id);
