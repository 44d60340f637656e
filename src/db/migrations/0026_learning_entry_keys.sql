-- Learning entries keyed with their tenant (see 0022): a correction or reversal, a review and a queued grade refer
-- to an entry of their own organisation.
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_corrects_id_fkey,
  DROP CONSTRAINT learning_entries_root_id_fkey;
ALTER TABLE entry_reviews DROP CONSTRAINT entry_reviews_entry_id_fkey;
ALTER TABLE grade_outbox DROP CONSTRAINT grade_outbox_entry_id_fkey;
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_pkey,
  ADD CONSTRAINT learning_entries_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE learning_entries
  ADD CONSTRAINT learning_entries_corrects_id_fkey FOREIGN KEY (tenant_id, corrects_id)
    REFERENCES learning_entries (tenant_id, id),
  ADD CONSTRAINT learning_entries_root_id_fkey FOREIGN KEY (tenant_id, root_id) REFERENCES learning_entries (tenant_id, id);
ALTER TABLE entry_reviews ADD CONSTRAINT entry_reviews_entry_id_fkey FOREIGN KEY (tenant_id, entry_id)
  REFERENCES learning_entries (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE grade_outbox ADD CONSTRAINT grade_outbox_entry_id_fkey FOREIGN KEY (tenant_id, entry_id)
  REFERENCES learning_entries (tenant_id, id) ON DELETE CASCADE;

-- An entry is corrected at most once at a time (migration 0006), now within its organisation's key.
DROP INDEX learning_entries_one_correction;
CREATE UNIQUE INDEX learning_entries_one_correction ON learning_entries (corrects_id, tenant_id)
  WHERE corrects_id IS NOT NULL;
