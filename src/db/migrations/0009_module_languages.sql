-- The content languages of a version, as a column: lists and filters read it for hundreds of versions, and reading
-- it out of the stored content made PostgreSQL unpack every version's whole document.
ALTER TABLE module_versions ADD COLUMN languages text[] NOT NULL DEFAULT '{th,en}';
UPDATE module_versions SET languages = ARRAY(SELECT jsonb_array_elements_text(content->'languages'))
 WHERE jsonb_typeof(content->'languages') = 'array' AND jsonb_array_length(content->'languages') > 0;
