-- Notifications (issue 19 item 7): what needs a person, in the tool and optionally by e-mail.
--
-- A row is written by the write it tells of, in the same transaction (src/db/notification.repository.ts, called by
-- the stores as the audit log is): an entry to review, a decision on one's entry, a plan to agree, agreed or sent
-- back, a grade that keeps failing or ended rejected. One row per person and event: event_key names what was
-- written (the entry, the review, the plan version, the grade), and the unique key makes a repeated write a no-op.
-- kind 'follow_up_due' is reserved for the follow-up evaluation (a later item).
CREATE TABLE notifications (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('entry_to_review', 'entry_decided', 'plan_to_agree', 'plan_agreed',
                                     'plan_sent_back', 'grade_failing', 'grade_rejected', 'follow_up_due')),
  event_key text NOT NULL,
  -- The course where to act (a review, the grades), and whose entry or plan it is.
  context_id bigint,
  subject_person_id bigint,
  -- What the sentence names: an entry's title, a decision, a fiscal year and version, a module's titles.
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- Sent by e-mail (as it happened or in a digest), or decided not to be (e-mail off for the person).
  mailed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, person_id, kind, event_key),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, subject_person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, context_id) REFERENCES contexts (tenant_id, id) ON DELETE SET NULL (context_id)
);
-- The list, newest first; the navigation's unread count (one index-only count per page).
CREATE INDEX notifications_newest ON notifications (tenant_id, person_id, id DESC);
CREATE INDEX notifications_unread ON notifications (tenant_id, person_id) WHERE read_at IS NULL;

-- A person's e-mail of notifications: their choice (no e-mail, a daily digest, each as it happens; a person without
-- a row has the default, a digest) and the mail worker's state. A row is made by the first notification a person
-- gets (the trigger below), with due_at: when the worker should look at them next. last_digest_on: the Bangkok
-- day of the last digest sent, so that a digest goes at most once a day. lease_until: a worker has claimed the
-- person (FOR UPDATE SKIP LOCKED) until then; attempts and next_attempt_at: SMTP failures, retried with backoff.
CREATE TABLE notification_mailboxes (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  person_id bigint NOT NULL,
  email_mode text CHECK (email_mode IN ('none', 'digest', 'each')),
  due_at timestamptz,
  last_digest_on date,
  lease_until timestamptz,
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (tenant_id, person_id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_mailboxes_due ON notification_mailboxes (due_at) WHERE due_at IS NOT NULL;

CREATE FUNCTION notification_mailbox_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notification_mailboxes (tenant_id, person_id, due_at)
  SELECT DISTINCT tenant_id, person_id, now() FROM new_rows
  ON CONFLICT (tenant_id, person_id) DO UPDATE
    SET due_at = least(coalesce(notification_mailboxes.due_at, EXCLUDED.due_at), EXCLUDED.due_at);
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_mailbox_due AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notification_mailbox_due();
