-- A person's target group is agreed, not just chosen (issue #18 item 7; seed 004 §4.6.3: a person's target group is
-- "as discussed with their first-line supervisor", and a second group needs "the approval of the supervisor one
-- level above"). src/domain/agency/target-group.ts holds the rules.
--
-- target_state: 'proposed' (the learner chose it, no instructor has agreed yet) or 'agreed' (an instructor of one of
-- their courses agreed, an instructor set it, or an administrator imported it). It means something only while
-- target_group is set. Every target kept before this migration counts as agreed (the default), and so does a row
-- that a tool or a test writes without saying.
ALTER TABLE people
  ADD COLUMN target_state text NOT NULL DEFAULT 'agreed' CHECK (target_state IN ('proposed', 'agreed')),
  ADD COLUMN target_agreed_by bigint,
  ADD COLUMN target_agreed_at timestamptz,
  ADD CONSTRAINT people_target_agreed_by_fkey FOREIGN KEY (tenant_id, target_agreed_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (target_agreed_by);

-- The import finds people by e-mail address, case-insensitively.
CREATE INDEX people_email ON people (tenant_id, lower(email)) WHERE email IS NOT NULL;

-- A second target group for a person (at most one): requested, then approved or refused (with a reason) by an
-- administrator who is not the person. A new request replaces a decided one. An administrator's import writes it
-- approved at once.
CREATE TABLE second_target_groups (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  person_id bigint NOT NULL,
  group_code text NOT NULL CHECK (group_code <> ''),
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'refused')),
  requested_by bigint,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by bigint,
  decided_at timestamptz,
  reason text CHECK (reason IS NULL OR length(reason) <= 1000),
  PRIMARY KEY (tenant_id, person_id),
  CHECK (state <> 'refused' OR reason IS NOT NULL),
  CHECK ((state = 'pending') = (decided_at IS NULL)),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, requested_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (requested_by),
  FOREIGN KEY (tenant_id, decided_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (decided_by)
);
-- The administrators' queue: the organisation's pending requests, oldest first.
CREATE INDEX second_target_groups_pending ON second_target_groups (tenant_id, requested_at)
  WHERE state = 'pending';

-- One row per applied target-group import. The token is made when the preview is shown and travels in its confirm
-- form, so a second submit of the same preview (a double click, a retry) finds its row and writes nothing again;
-- sha256 is the digest of the file as previewed.
CREATE TABLE target_group_imports (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  token uuid NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  imported_by bigint,
  rows_set integer NOT NULL,
  rows_unchanged integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, token),
  FOREIGN KEY (tenant_id, imported_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (imported_by)
);

-- Who announced each fiscal year's stage and who set the target, for the history on the stage page (each change,
-- with what it replaced, is also in the audit log).
ALTER TABLE organisation_stages ADD COLUMN set_by bigint,
  ADD CONSTRAINT organisation_stages_set_by_fkey FOREIGN KEY (tenant_id, set_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (set_by);
ALTER TABLE organisation_stage_targets ADD COLUMN set_by bigint,
  ADD CONSTRAINT organisation_stage_targets_set_by_fkey FOREIGN KEY (tenant_id, set_by)
    REFERENCES people (tenant_id, id) ON DELETE SET NULL (set_by);
