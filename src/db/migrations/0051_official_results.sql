-- Official results (issue 19 item 6): what an administrator imports from CSV of the official online self-assessment
-- (DG-SA: a level per skill set and the date) and of TPQI certification (a TPQI 2567 unit or area, the level, the
-- certificate number and the date), shown beside the tool's own self-assessment and read by eligibility.
--
-- Each import is a row of official_result_imports (under the preview's token: a double submit writes once), and
-- every result it adds or replaces names it, so that an administrator can list imports and undo one as a whole.
-- Nothing is deleted: a result another replaces (the same person, kind, code and date with another level or
-- certificate number) stays, no longer current, with the id of the one that replaced it; undoing an import makes
-- its results no longer current and those it replaced current again. The audit log holds each import and undo.
CREATE TABLE official_result_imports (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  token uuid NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  imported_by bigint,
  imported_at timestamptz NOT NULL DEFAULT now(),
  rows_added integer NOT NULL CHECK (rows_added >= 0),
  rows_replaced integer NOT NULL CHECK (rows_replaced >= 0),
  rows_unchanged integer NOT NULL CHECK (rows_unchanged >= 0),
  undone_by bigint,
  undone_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token),
  FOREIGN KEY (tenant_id, imported_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (imported_by),
  FOREIGN KEY (tenant_id, undone_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (undone_by)
);
CREATE INDEX official_result_imports_newest ON official_result_imports (tenant_id, imported_at DESC, id DESC);

CREATE TABLE official_results (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('dg_sa', 'tpqi_certification')),
  -- DG-SA: a skill set of the organisation's framework; TPQI: a unit (DG-TNMQ-001) or an area (DL) of TPQI 2567.
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  -- The TPQI area of the code (a unit's area; an area itself); DG-SA: the skill set. Eligibility matches on it.
  area text NOT NULL CHECK (length(area) BETWEEN 1 AND 40),
  level smallint NOT NULL CHECK (level BETWEEN 0 AND 8),
  awarded_on date NOT NULL,
  certificate_number text CHECK (length(certificate_number) BETWEEN 1 AND 64),
  import_id bigint NOT NULL,
  current boolean NOT NULL DEFAULT true,
  replaced_by bigint,
  PRIMARY KEY (tenant_id, id),
  CHECK ((kind = 'tpqi_certification') = (certificate_number IS NOT NULL)),
  CHECK (kind <> 'tpqi_certification' OR level >= 1),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, import_id) REFERENCES official_result_imports (tenant_id, id) ON DELETE CASCADE
);
-- One current result per person, kind, code and date: a re-import finds it (idempotent), another level replaces it.
CREATE UNIQUE INDEX official_results_one_current
  ON official_results (tenant_id, person_id, kind, code, awarded_on) WHERE current;
CREATE INDEX official_results_of_import ON official_results (tenant_id, import_id);
CREATE INDEX official_results_replaced ON official_results (tenant_id, replaced_by) WHERE replaced_by IS NOT NULL;
