-- Certificates (issue #19 item 4): a completion certificate per module completion and an "eligible for the
-- assessment" certificate per person, assessment and fiscal year. A certificate is issued the first time it is asked
-- for (its PDF downloaded), once: the unique keys below make a second request find the first row. What it says is
-- frozen in `facts` at issue (the organisation's and the person's names, the title in Thai and English, hours, skill
-- sets, the date, the signatory), so a later rename or rule edit never changes a certificate already handed out.
--
-- public_id is the verification link's key: 128 random bits in base64url (22 characters), unguessable. The page is
-- reached without a session, by that id alone: one read of the index below, which leads with public_id. The key
-- holds tenant_id like every key of an organisation's table (docs/scaling.md); two organisations drawing the same
-- 128 random bits is as likely as guessing one.
-- Revocation is an administrator's, with a reason (audited); a completion whose ledger chain ends in a reversal is
-- shown as revoked when read (src/db/certificate.repository.ts), without a write.
CREATE TABLE certificates (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  public_id text NOT NULL CHECK (public_id ~ '^[A-Za-z0-9_-]{22}$'),
  person_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('module', 'assessment')),
  -- module: the completion's ledger chain (learning_entries.id of its first row).
  entry_root_id bigint,
  -- assessment: its code and the fiscal year (Buddhist era) the person was found eligible in.
  assessment_code text,
  fiscal_year smallint CHECK (fiscal_year BETWEEN 2500 AND 2700),
  facts jsonb NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason <> ''),
  revoked_by bigint,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, entry_root_id) REFERENCES learning_entries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, revoked_by) REFERENCES people (tenant_id, id) ON DELETE SET NULL (revoked_by),
  CHECK ((kind = 'module') = (entry_root_id IS NOT NULL)),
  CHECK ((kind = 'assessment') = (assessment_code IS NOT NULL AND fiscal_year IS NOT NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE UNIQUE INDEX certificates_public_id ON certificates (public_id, tenant_id);
CREATE UNIQUE INDEX certificates_per_completion ON certificates (tenant_id, entry_root_id) WHERE kind = 'module';
CREATE UNIQUE INDEX certificates_per_eligibility ON certificates (tenant_id, person_id, assessment_code, fiscal_year)
  WHERE kind = 'assessment';
CREATE INDEX certificates_of_person ON certificates (tenant_id, person_id, id DESC);
CREATE INDEX certificates_newest ON certificates (tenant_id, id DESC);

-- What an organisation's certificates carry besides the person's facts, set by its administrators (audited): the
-- organisation's name in Thai and English, and the signatory (name, position in both languages). Unset, the
-- certificate names the LMS's organisation and leaves the signature out.
CREATE TABLE certificate_settings (
  tenant_id bigint PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  organisation_th text NOT NULL DEFAULT '',
  organisation_en text NOT NULL DEFAULT '',
  signatory_name text NOT NULL DEFAULT '',
  signatory_position_th text NOT NULL DEFAULT '',
  signatory_position_en text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now()
);
