-- The development committee's snapshots of the organisation report (issue #18 item 10; seed 004 §7: the committee
-- follows the plan at least three times a year). A snapshot keeps the report's figures as they were "as of" a date,
-- with the day it was taken, who took it and a title ("Committee meeting 2/2569"). It is never changed afterwards:
-- the tool has no update path, and the trigger below refuses any UPDATE, whoever sends it.
--
-- figures: the report model as JSON with its version (figures_version), so figures added to the report later do not
-- break the snapshots taken before them (src/domain/reporting/report-snapshot.ts reads every version).
CREATE TABLE report_snapshots (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  fiscal_year smallint NOT NULL,
  as_of date NOT NULL,
  framework_code text NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT now(),
  -- Who took it, as they were named then: no foreign key, so removing a person later changes no snapshot.
  taken_by bigint,
  taken_by_name text,
  figures_version smallint NOT NULL,
  figures jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX report_snapshots_newest ON report_snapshots (tenant_id, id DESC);

CREATE FUNCTION report_snapshots_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report snapshots are never changed (snapshot %)', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;
-- Removing the organisation still removes its snapshots (ON DELETE CASCADE is a DELETE, not an UPDATE).
CREATE TRIGGER report_snapshots_unchangeable BEFORE UPDATE ON report_snapshots
  FOR EACH ROW EXECUTE FUNCTION report_snapshots_refuse_update();

-- The report "as of" a past date folds the ledger (src/db/report.repository.ts): the rows of a fiscal year by date.
CREATE INDEX learning_entries_tenant_occurred ON learning_entries (tenant_id, occurred_on);
