-- Eligibility rules edited in the tool: an organisation's administrator replaces a shipped rule for a target group,
-- an instructor narrows it for a course. Append-only history; the newest row per (assessment, group, course) is in
-- force, and a row without a rule puts the level below back in force.
CREATE TABLE eligibility_rule_overrides (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assessment_code text NOT NULL,
  target_group text NOT NULL,
  -- null: the whole organisation
  context_id bigint REFERENCES contexts (id) ON DELETE CASCADE,
  rule jsonb,
  recorded_by bigint REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eligibility_rule_overrides_key
  ON eligibility_rule_overrides (tenant_id, assessment_code, target_group, context_id, id DESC);
