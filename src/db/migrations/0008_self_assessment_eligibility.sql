-- The Digital Government Skill Self-Assessment: each completed one is kept, dated, with the target group and stage
-- it was taken against and the level the learner gave themself per skill set (0 = not yet, then stage by stage).
CREATE TABLE self_assessments (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  target_group text NOT NULL,
  target_stage text NOT NULL,
  -- { "DL": 2, "DG": 1, ... }
  ratings jsonb NOT NULL,
  taken_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON self_assessments (tenant_id, person_id, taken_on DESC);

-- When a learner was first found eligible for an assessment (kept even if they later fall out of the window).
CREATE TABLE eligibility_firsts (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  assessment_code text NOT NULL,
  first_eligible_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, person_id, assessment_code)
);
