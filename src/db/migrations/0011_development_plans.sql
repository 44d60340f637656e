-- Individual development plans: a learner's plan for a Thai fiscal year, per skill set and 70/20/10 bucket.
-- Append-only: each save is a new version, so what a supervisor agreed to stays as it was.
CREATE TABLE development_plans (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  version integer NOT NULL CHECK (version > 0),
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  -- [{ "skillSet": "DL", "hours": { "70": 6, "20": 2, "10": 1 }, "activities": { "70": "…", "20": "…", "10": "…" } }]
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, person_id, fiscal_year, version)
);

-- A supervisor's word on one version of a plan: agreed, or a comment asking for changes. Append-only.
CREATE TABLE plan_reviews (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES development_plans (id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('agreed', 'commented')),
  comment text CHECK (length(comment) <= 1000),
  reviewer_id bigint REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (decision = 'agreed' OR comment IS NOT NULL)
);
CREATE INDEX ON plan_reviews (plan_id, id);
