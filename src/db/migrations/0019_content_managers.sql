-- People an LMS administrator names, in the tool, to look after the organisation's content: the catalogue, the
-- skills framework and the organisation-wide eligibility rules (issue 14 item 4). Moodle sends the same
-- Instructor role to editing and non-editing teachers, so the LMS role alone cannot say who may change
-- organisation-wide content. A person is named once per organisation; removing them deletes the row.
CREATE TABLE content_managers (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  named_by bigint REFERENCES people (id) ON DELETE SET NULL,
  named_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, person_id)
);
