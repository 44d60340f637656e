-- Open Badges 3.0 (issue #19 item 5): the certificates of migration 0045 as verifiable credentials, signed by the
-- organisation (the issuer) with a key of the tool's own for credentials (never the LTI keys), with revocation
-- published as a W3C Bitstring Status List.
--
-- credential_issuers: one row per organisation that has issued a badge, made with its first one. public_id is the
-- issuer's key in public URLs (the Profile, the keys, the status list): 128 random bits, so that the public URLs do
-- not enumerate organisations. next_status_index hands out each credential's place in the status list: taken with
-- UPDATE … RETURNING under the row's lock, so two issues at once never share an index.
CREATE TABLE credential_issuers (
  tenant_id bigint PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  public_id text NOT NULL CHECK (public_id ~ '^[A-Za-z0-9_-]{22}$'),
  next_status_index integer NOT NULL DEFAULT 0 CHECK (next_status_index >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Public URLs find the issuer by public_id alone; the key holds tenant_id like every key of an organisation's
-- table (docs/scaling.md), as certificates_public_id does.
CREATE UNIQUE INDEX credential_issuers_public_id ON credential_issuers (public_id, tenant_id);

-- The issuer's signing keys (RS256). The private key is encrypted as the tool's LTI keys are
-- (src/db/key-encryption.ts, with LTI_ENCRYPTION_KEY). Rotation retires the active key and makes a new one; a
-- retired key stays published (its public JWK) so that credentials signed with it still verify. At most one active
-- key per organisation.
CREATE TABLE credential_keys (
  tenant_id bigint NOT NULL REFERENCES credential_issuers (tenant_id) ON DELETE CASCADE,
  kid text NOT NULL CHECK (kid ~ '^[A-Za-z0-9_-]{1,64}$'),
  public_jwk jsonb NOT NULL,
  private_iv text NOT NULL,
  private_data text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  PRIMARY KEY (tenant_id, kid)
);
CREATE UNIQUE INDEX credential_keys_active ON credential_keys (tenant_id) WHERE retired_at IS NULL;

-- A certificate becomes a badge the first time its credential is asked for: its place in the status list and the
-- salt of its holder's hashed identifier are fixed then, so that the credential signed again later says the same.
ALTER TABLE certificates
  ADD COLUMN status_index integer CHECK (status_index >= 0),
  ADD COLUMN identity_salt text CHECK (identity_salt ~ '^[A-Za-z0-9_-]{16,64}$'),
  ADD CONSTRAINT certificates_badge_fields CHECK ((status_index IS NULL) = (identity_salt IS NULL));
CREATE UNIQUE INDEX certificates_status_index ON certificates (tenant_id, status_index)
  WHERE status_index IS NOT NULL;
