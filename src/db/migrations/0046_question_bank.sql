-- The question bank, quizzes drawn from it, and pre-tests (issue 19 items 1 and 2).
--
-- A bank question belongs to an organisation. Its versions are immutable: an edit inserts a new version, so that an
-- attempt that drew a version is scored, reviewed and counted in the statistics against the text it showed.
-- Retiring a question keeps it and its versions (past attempts name them) and takes it out of every pool.
CREATE TABLE bank_questions (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE bank_question_versions (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  question_id bigint NOT NULL,
  version int NOT NULL CHECK (version > 0),
  skill_set text NOT NULL,
  area text,
  difficulty text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
  -- The question as a module's quiz holds one: kind, prompt, options (text, correct, feedback), both languages.
  content jsonb NOT NULL,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, question_id, version),
  FOREIGN KEY (tenant_id, question_id) REFERENCES bank_questions (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, created_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (created_by)
);

-- A module's quiz drawn from the bank, set per module (not per version: the draw follows the bank, not the text of
-- the module). No row: the module's quiz is its own questions, as before.
CREATE TABLE module_quiz_draws (
  tenant_id bigint NOT NULL,
  module_id bigint NOT NULL,
  -- [{ skillSet?, area?, difficulty?, count }]
  pools jsonb NOT NULL,
  attempt_limit int CHECK (attempt_limit > 0),
  wait_minutes int NOT NULL DEFAULT 0 CHECK (wait_minutes >= 0),
  pre_test boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, module_id),
  FOREIGN KEY (tenant_id, module_id) REFERENCES modules (tenant_id, id) ON DELETE CASCADE
);

-- One attempt at a drawn quiz: the questions it drew (bank question versions, in the order shown) are kept when it
-- starts, so that scoring and review are against that set; submitting it fills answers, results and percent once
-- (a second submission of the same attempt finds it submitted and is refused). kind: 'pre' (the pre-test, not
-- counted for completion or grades) or 'post' (the module's quiz).
CREATE TABLE drawn_attempts (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id bigint NOT NULL,
  module_id bigint NOT NULL,
  module_version_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pre', 'post')),
  questions bigint[] NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  answers jsonb,
  results boolean[],
  percent numeric(5, 2),
  PRIMARY KEY (tenant_id, id),
  CHECK ((submitted_at IS NULL) = (percent IS NULL)),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, module_id) REFERENCES modules (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, module_version_id) REFERENCES module_versions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX drawn_attempts_learner ON drawn_attempts (tenant_id, person_id, module_id, id);
-- At most one open attempt of each kind per learner and module (a second start resumes it), and one pre-test.
CREATE UNIQUE INDEX drawn_attempts_one_open ON drawn_attempts (tenant_id, person_id, module_id, kind)
  WHERE submitted_at IS NULL;
CREATE UNIQUE INDEX drawn_attempts_one_pre ON drawn_attempts (tenant_id, person_id, module_id) WHERE kind = 'pre';
-- The statistics of a question version: the submitted attempts that drew it.
CREATE INDEX drawn_attempts_questions ON drawn_attempts USING gin (questions) WHERE submitted_at IS NOT NULL;
