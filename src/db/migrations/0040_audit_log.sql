-- The audit log (issue 20 item 5): what administrators and instructors change, who, when, what and from which LMS.
-- Each row is written in the same transaction as the change it records (src/db/audit.repository.ts), and never
-- updated or deleted by the tool.
--
-- actor_kind: 'person' (someone launched from the LMS: actor_person_id, issuer and deployment_id of that launch),
-- 'operator' (the platform command line), 'registration' (the LMS itself, through Dynamic Registration: issuer),
-- 'system' (the tool at start: the demo LMS). subject: what was changed, in the tool's words (an assessment and
-- target group, an entry id, a framework code); subject_person_id: whose record, plan or role it was. details: the
-- before and after where they matter (the rule's old and new values, a correction's old and new hours).
CREATE TABLE audit_log (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('person', 'operator', 'registration', 'system')),
  actor_person_id bigint,
  issuer text,
  deployment_id text,
  subject text NOT NULL,
  subject_person_id bigint,
  details jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id),
  CHECK (actor_kind <> 'person' OR actor_person_id IS NOT NULL),
  FOREIGN KEY (tenant_id, actor_person_id) REFERENCES people (tenant_id, id) ON DELETE SET NULL (actor_person_id),
  FOREIGN KEY (tenant_id, subject_person_id) REFERENCES people (tenant_id, id) ON DELETE SET NULL (subject_person_id)
);
-- The page: newest first, filtered by action or by person.
CREATE INDEX audit_log_newest ON audit_log (tenant_id, id DESC);
CREATE INDEX audit_log_by_action ON audit_log (tenant_id, action, id DESC);
CREATE INDEX audit_log_by_actor ON audit_log (tenant_id, actor_person_id, id DESC);

-- Changes to the platform registry (registered, deployments added, removed): a platform is registered before it
-- has an organisation (the issuer's organisation is made by its first launch), so these rows are keyed by issuer,
-- as the registry itself (lti_deployments) is, and every organisation of that issuer shows them.
CREATE TABLE platform_audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('operator', 'registration', 'system')),
  issuer text NOT NULL,
  client_id text,
  subject text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX platform_audit_log_issuer ON platform_audit_log (issuer, id DESC);
