-- Why a grade's last delivery failed, as a code the grades page turns into a sentence in the instructor's
-- language (the LMS refused the tool's key, could not be reached, is busy, …; GradeFailureCause). Cleared when the
-- grade is delivered. A format check rather than a list, so that a new cause needs no migration; rows that failed
-- before this column keep NULL and show their rejection or their technical detail.
ALTER TABLE grade_outbox ADD COLUMN failure_cause text
  CONSTRAINT grade_outbox_failure_cause_check CHECK (failure_cause ~ '^[a-z_]{1,40}$');
