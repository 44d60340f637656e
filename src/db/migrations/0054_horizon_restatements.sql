-- A learner restates what an entry of their own record served (issue #18 item 8: 70:30, today's work or the
-- future), module completions included, whose horizon the tool chose at completion (migration 0041).
--
-- A restatement is written the way the ledger writes every change: a new row of the entry's chain
-- (kind 'restatement', corrects_id the newest row, root_id the original), never an update. Everything that reads
-- "the newest row of each chain" (the rollups of 0010/0041 and their '~current' / '~future' / '~unstated' keys,
-- the record's history, the as-of report) reads the new horizon with no change, and the history keeps the old one.
--
-- What a restatement may change is the horizon alone. The row copies every other value of the row it replaces
-- (hours, category, skill-set hours, date, lecture share, course, module), so what counts, eligibility and the
-- targets are untouched; the review stays the original's (entry_reviews are of the root), so an approved activity
-- stays approved and a pending one waits as before: the learner restates their own purpose, which no instructor
-- approved as a fact and which nothing judges eligibility on. It also carries the reason of a correction it
-- follows (so "corrected" and the instructor's reason still show); a restatement by itself gives no reason.
-- Only the entry's owner writes one (recorded_by = person_id). The trigger below holds all this, so no code path
-- can write a restatement that changes hours or category.
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_kind_check,
  ADD CONSTRAINT learning_entries_kind_check CHECK (kind IN ('entry', 'correction', 'reversal', 'restatement')),
  ADD CONSTRAINT learning_entries_restatement_states CHECK (kind <> 'restatement' OR horizon IS NOT NULL);

CREATE FUNCTION learning_entries_restatement_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  prev learning_entries%ROWTYPE;
BEGIN
  SELECT * INTO prev FROM learning_entries WHERE tenant_id = NEW.tenant_id AND id = NEW.corrects_id;
  IF NOT FOUND OR prev.kind = 'reversal'
     OR NEW.recorded_by IS DISTINCT FROM NEW.person_id
     OR NEW.person_id <> prev.person_id
     OR NEW.root_id <> coalesce(prev.root_id, prev.id)
     OR NEW.source <> prev.source
     OR NEW.context_id IS DISTINCT FROM prev.context_id
     OR NEW.module_id IS DISTINCT FROM prev.module_id
     OR NEW.module_version_id IS DISTINCT FROM prev.module_version_id
     OR NEW.activity_type IS DISTINCT FROM prev.activity_type
     OR NEW.title <> prev.title
     OR NEW.category <> prev.category
     OR NEW.hours <> prev.hours
     OR NEW.skill_hours <> prev.skill_hours
     OR NEW.occurred_on <> prev.occurred_on
     OR NEW.lecture_share IS DISTINCT FROM prev.lecture_share
     OR NEW.reason IS DISTINCT FROM (CASE WHEN prev.kind = 'entry' THEN NULL ELSE prev.reason END)
     OR NEW.horizon IS NOT DISTINCT FROM prev.horizon THEN
    RAISE EXCEPTION 'a restatement changes the horizon of its own entry and nothing else (entry %)', NEW.corrects_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;

-- Only restatements pay for the check: every other insert skips it in the WHEN.
CREATE TRIGGER learning_entries_restatement BEFORE INSERT ON learning_entries
  FOR EACH ROW WHEN (NEW.kind = 'restatement') EXECUTE FUNCTION learning_entries_restatement_check();
