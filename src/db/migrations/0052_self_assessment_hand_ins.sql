-- The signed self-assessment handed in to HR (issue #19 item 6; seed 002: every official prints the result of the
-- self-assessment, signs it and sends it to the personnel division by a date). src/domain/development/
-- signed-self-assessment.ts holds the rules (who is overdue, which dates are accepted).
--
-- The organisation's deadline per fiscal year (none until an administrator sets one). overdue_notified_at: when the
-- sweep (src/use-cases/notify-overdue-hand-ins.ts) told the people who had not handed in that the deadline passed;
-- moving the deadline clears it, and the notification's event key (one per person and year) keeps it to one.
CREATE TABLE hand_in_deadlines (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  deadline date NOT NULL,
  set_by bigint,
  set_at timestamptz NOT NULL DEFAULT now(),
  overdue_notified_at timestamptz,
  PRIMARY KEY (tenant_id, fiscal_year),
  FOREIGN KEY (tenant_id, set_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (set_by)
);
-- The sweep's one read per run: deadlines not yet told of.
CREATE INDEX hand_in_deadlines_to_notify ON hand_in_deadlines (deadline) WHERE overdue_notified_at IS NULL;

-- One row per person and fiscal year: received on a day, recorded by an administrator, with an optional note.
-- Recording again while it stands changes nothing; a withdrawal (with its reason) keeps the row, and a later
-- recording replaces it. Every change is also in the audit log.
CREATE TABLE self_assessment_hand_ins (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  person_id bigint NOT NULL,
  received_on date NOT NULL,
  note text CHECK (note IS NULL OR length(note) <= 500),
  recorded_by bigint,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  withdrawn_by bigint,
  withdraw_reason text CHECK (withdraw_reason IS NULL OR length(withdraw_reason) BETWEEN 1 AND 500),
  PRIMARY KEY (tenant_id, fiscal_year, person_id),
  CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL)),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, recorded_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (recorded_by),
  FOREIGN KEY (tenant_id, withdrawn_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (withdrawn_by)
);

-- The list of who is expected to hand in reads the organisation's people and learner enrolments through their
-- primary keys (both lead with tenant_id) and hashes them: 10,000 people in one statement of about 80 ms on a
-- loaded machine (test/integration/hand-ins.repository.test.ts, HAND_IN_MEASURE=1). An index on enrolments by
-- person was measured and not used by the plan, so none is added (a launch writes enrolments).

-- The overdue notice is a notification of its own kind.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check,
  ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('entry_to_review', 'entry_decided', 'plan_to_agree',
    'plan_agreed', 'plan_sent_back', 'grade_failing', 'grade_rejected', 'follow_up_due', 'hand_in_overdue'));
