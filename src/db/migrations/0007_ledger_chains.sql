-- Every correction or reversal names the original entry of its chain (root_id), so that "the entry as it counts
-- now" is the newest row per root: one DISTINCT ON, no recursive walk, and totals can be summed in SQL.
ALTER TABLE learning_entries ADD COLUMN root_id bigint REFERENCES learning_entries (id);
ALTER TABLE learning_entries ADD CONSTRAINT learning_entries_root_of_corrections
  CHECK ((kind = 'entry') = (root_id IS NULL));
CREATE INDEX learning_entries_chain ON learning_entries (tenant_id, person_id, (coalesce(root_id, id)), id DESC);
