-- A grade the LMS will never take as it stands ends as 'rejected', with why: the platform was removed from the
-- tool, the LMS refused the request (a deleted line item, a user who is not gradable), or the LMS holds a newer
-- grade. Rejected grades are final: the worker no longer claims them (the due index covers the two open states).
ALTER TABLE grade_outbox DROP CONSTRAINT grade_outbox_status_check;
ALTER TABLE grade_outbox ADD CONSTRAINT grade_outbox_status_check
  CHECK (status IN ('pending', 'delivered', 'failing', 'rejected'));
ALTER TABLE grade_outbox ADD COLUMN rejection text
  CONSTRAINT grade_outbox_rejection_check CHECK (rejection IN ('platform_removed', 'refused', 'not_newer'));
ALTER TABLE grade_outbox ADD CONSTRAINT grade_outbox_rejected_has_reason
  CHECK ((status = 'rejected') = (rejection IS NOT NULL));

DROP INDEX grade_outbox_due;
CREATE INDEX grade_outbox_due ON grade_outbox (next_attempt_at) WHERE status IN ('pending', 'failing');
-- Removing a platform settles its open grades in one statement.
CREATE INDEX grade_outbox_open_by_platform ON grade_outbox (issuer, client_id) WHERE status IN ('pending', 'failing');
