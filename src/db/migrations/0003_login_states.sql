-- The nonce the tool sent with each OIDC login, by state, so that the id_token that comes back can be checked
-- against it (OIDC Core §3.1.3.7); ltijs keeps only a cookie with the issuer. Rows are consumed at launch.
CREATE TABLE lti_login_states (
  state text PRIMARY KEY,
  nonce text NOT NULL,
  issuer text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON lti_login_states (created_at);
