-- Evidence files of logged learning (issue 19 item 8): a PDF or image a person attaches to an activity they log,
-- kept in the database with the entry, in the same transaction. Only its owner, the instructors who review the
-- entry's course and administrators read it (use-cases/get-evidence-file.ts).
--
-- media_type: what the bytes are (read from their first bytes, never from the name); name: the file's name as
-- sent, cleaned for display and download; sha256: of the bytes, hex. The record lists read the metadata only.
CREATE TABLE evidence_files (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  entry_id bigint NOT NULL,
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (octet_length(content) = size),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES learning_entries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX evidence_files_of_entry ON evidence_files (tenant_id, entry_id, id);
