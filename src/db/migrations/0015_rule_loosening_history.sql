-- A rule edit that asks less than the rule it replaced (a loosening) is saved only once confirmed; the history
-- says so, and keeps what was dropped (the requirements as the domain's Loosening list) for whoever reviews it.
ALTER TABLE eligibility_rule_overrides
  ADD COLUMN loosened boolean NOT NULL DEFAULT false,
  ADD COLUMN dropped jsonb;
