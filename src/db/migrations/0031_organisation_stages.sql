-- The stage of the roadmap an organisation announces to its people for a fiscal year (seed 004 §4.6.2: the agency's
-- choice, not a person's self-rating), and the stage it aims to reach by the end of a fiscal year (issue #18 items 3
-- and 7, e.g. Developing by the end of FY 2570). An announcement holds until a later year's; announcing again for the
-- same year replaces it. Codes are checked against the framework version named here, which the stage belongs to.
-- Keys lead with tenant_id, so the tables can be distributed by tenant with everything else an organisation owns.
CREATE TABLE organisation_stages (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  stage text NOT NULL CHECK (stage <> ''),
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, fiscal_year)
);

-- One target per organisation: setting a new one replaces it.
CREATE TABLE organisation_stage_targets (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  stage text NOT NULL CHECK (stage <> ''),
  by_fiscal_year smallint NOT NULL CHECK (by_fiscal_year BETWEEN 2500 AND 2700),
  set_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
