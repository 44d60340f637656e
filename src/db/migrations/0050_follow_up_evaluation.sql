-- Follow-up evaluation (issue 19 item 3; seed 004 part 7): some weeks after a module completion, the learner and
-- a supervisor (an instructor of the course the completion was recorded in) each answer a short questionnaire on
-- using what was learnt at work (config/evaluation/follow-up.json).
--
-- Per module: follow up after N weeks (0 = no follow-up). Existing modules get the default, 8 weeks. The setting
-- is the module's, not a version's: changing it moves the due day of every completion of the module.
ALTER TABLE modules ADD COLUMN follow_up_weeks smallint NOT NULL DEFAULT 8
  CHECK (follow_up_weeks BETWEEN 0 AND 52);

-- One answer per completion (the original row of its ledger chain) and role: the learner answers for their own
-- completion, one supervisor for the learner (the first to answer); a second answer is refused by the key.
-- Whether a follow-up is due is not stored: it is read from the completion (its chain's newest row: a reversal
-- cancels it), the module's weeks and the day (src/domain/evaluation/follow-up.ts).
CREATE TABLE follow_up_answers (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  entry_id bigint NOT NULL,
  role text NOT NULL CHECK (role IN ('learner', 'supervisor')),
  -- Whose completion it is, and who answered (the learner, or the supervisor).
  learner_id bigint NOT NULL,
  respondent_id bigint,
  module_id bigint NOT NULL,
  -- The questionnaire answered (its id and version in the file).
  questionnaire text NOT NULL,
  questionnaire_version int NOT NULL,
  -- {"L1": 4, "L2": 5, ...}: a point of the scale per item of the role's part.
  ratings jsonb NOT NULL CHECK (jsonb_typeof(ratings) = 'object'),
  comment text CHECK (char_length(comment) <= 2000),
  answered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, entry_id, role),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES learning_entries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, module_id) REFERENCES modules (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, learner_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, respondent_id) REFERENCES people (tenant_id, id) ON DELETE SET NULL (respondent_id)
);
-- The committee's results: per module.
CREATE INDEX follow_up_answers_module ON follow_up_answers (tenant_id, module_id);

-- The periodic sweep that writes "follow-up due" notifications looks at completions by date, across organisations.
CREATE INDEX learning_entries_completed_on ON learning_entries (occurred_on)
  WHERE source = 'module' AND kind = 'entry';
