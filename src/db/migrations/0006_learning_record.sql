-- The learner journey: which module a placed link opens, each learner's target group and stage, their place
-- in a module, quiz attempts, the append-only learning record (ledger) and the grade passback outbox.

-- Deep Linking puts custom.module on the link; a launch stores it so grades and reports know the link's module.
ALTER TABLE resource_links ADD COLUMN module_slug text;

-- Chosen by the learner; an instructor may override (target_set_by says who set it last).
ALTER TABLE people ADD COLUMN target_group text;
ALTER TABLE people ADD COLUMN target_stage text;
ALTER TABLE people ADD COLUMN target_set_by bigint REFERENCES people (id) ON DELETE SET NULL;

-- Where a learner is in a module version: the pages viewed and the last one opened.
CREATE TABLE module_progress (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  module_version_id bigint NOT NULL REFERENCES module_versions (id) ON DELETE CASCADE,
  pages_viewed int[] NOT NULL DEFAULT '{}',
  current_page int NOT NULL DEFAULT 0,
  best_quiz_percent numeric(5, 2),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, person_id, module_version_id)
);

CREATE TABLE quiz_attempts (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  module_version_id bigint NOT NULL REFERENCES module_versions (id) ON DELETE CASCADE,
  answers jsonb NOT NULL,
  percent numeric(5, 2) NOT NULL,
  passed boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON quiz_attempts (tenant_id, person_id, module_version_id);

-- The learning record. Append-only: rows are never updated or deleted by the application. A correction or a
-- reversal is a new row whose corrects_id names the row it replaces; totals are derived from the rows.
CREATE TABLE learning_entries (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  -- The course it was recorded in (whose instructors review it); null for imports.
  context_id bigint REFERENCES contexts (id) ON DELETE SET NULL,
  source text NOT NULL CHECK (source IN ('module', 'activity', 'import')),
  kind text NOT NULL CHECK (kind IN ('entry', 'correction', 'reversal')),
  corrects_id bigint REFERENCES learning_entries (id),
  module_id bigint REFERENCES modules (id) ON DELETE SET NULL,
  module_version_id bigint REFERENCES module_versions (id) ON DELETE SET NULL,
  activity_type text,
  title text NOT NULL,
  category smallint NOT NULL CHECK (category IN (70, 20, 10)),
  hours numeric(7, 2) NOT NULL CHECK (hours >= 0 AND hours <= 1000),
  -- [{ "skillSet": "DL", "area": "DL-WORD", "hours": 1.5 }]
  skill_hours jsonb NOT NULL,
  occurred_on date NOT NULL,
  reflection text,
  evidence_url text,
  score_percent numeric(5, 2),
  -- Who wrote the row (the learner, an instructor correcting it, or the tool for a completion) and why.
  recorded_by bigint REFERENCES people (id) ON DELETE SET NULL,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'entry') = (corrects_id IS NULL)),
  CHECK (source <> 'module' OR module_id IS NOT NULL)
);
-- A module completes once per learner: the database, not the application, enforces it.
CREATE UNIQUE INDEX learning_entries_one_completion ON learning_entries (tenant_id, person_id, module_id)
  WHERE source = 'module' AND kind = 'entry';
-- An entry is corrected at most once at a time: a later correction corrects the correction.
CREATE UNIQUE INDEX learning_entries_one_correction ON learning_entries (corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX learning_entries_person ON learning_entries (tenant_id, person_id, occurred_on);
CREATE INDEX learning_entries_context ON learning_entries (tenant_id, context_id, created_at);

-- Decisions on logged activities, also append-only: the newest decision is the entry's status.
CREATE TABLE entry_reviews (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id bigint NOT NULL REFERENCES learning_entries (id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  comment text,
  reviewer_id bigint REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON entry_reviews (entry_id, id DESC);

-- Grade passback (AGS): one row per score to deliver, written in the completion's transaction, delivered by a
-- worker with retries and backoff. Nothing here waits on the LMS.
CREATE TABLE grade_outbox (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id bigint UNIQUE REFERENCES learning_entries (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  resource_link_id bigint REFERENCES resource_links (id) ON DELETE SET NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  lineitem_url text NOT NULL,
  platform_user_id text NOT NULL,
  score_given numeric(7, 2) NOT NULL,
  score_maximum numeric(7, 2) NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failing')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX grade_outbox_due ON grade_outbox (next_attempt_at) WHERE status <> 'delivered';
CREATE INDEX ON grade_outbox (tenant_id, resource_link_id);
