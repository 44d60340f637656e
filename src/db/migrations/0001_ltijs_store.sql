-- Storage for ltijs' protocol state (see src/lti/ltijs-store.ts): one table per ltijs collection, in its own
-- schema that no query of ours joins against. Index fields are columns; the document is jsonb, or AES-encrypted
-- (iv, data in hex) for keys and access tokens, exactly as ltijs writes them.
CREATE SCHEMA IF NOT EXISTS ltijs;

CREATE TABLE ltijs.platform (
  kid text PRIMARY KEY,
  platform_url text NOT NULL,
  client_id text NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_url, client_id)
);

CREATE TABLE ltijs.platform_status (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ltijs.publickey (
  kid text PRIMARY KEY,
  platform_url text NOT NULL,
  client_id text NOT NULL,
  iv text NOT NULL,
  data text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_url, client_id)
);

CREATE TABLE ltijs.privatekey (
  kid text PRIMARY KEY,
  platform_url text NOT NULL,
  client_id text NOT NULL,
  iv text NOT NULL,
  data text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_url, client_id)
);

CREATE TABLE ltijs.accesstoken (
  platform_url text NOT NULL,
  client_id text NOT NULL,
  scopes text NOT NULL,
  iv text NOT NULL,
  data text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform_url, client_id, scopes)
);

-- Primary key: of two concurrent launches replaying one nonce, the second insert fails and ltijs rejects it.
CREATE TABLE ltijs.nonce (
  nonce text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ltijs.state (
  state text PRIMARY KEY,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ltijs.idtoken (
  iss text NOT NULL,
  client_id text NOT NULL,
  deployment_id text NOT NULL,
  "user" text NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (iss, client_id, deployment_id, "user")
);

CREATE TABLE ltijs.contexttoken (
  context_id text NOT NULL,
  "user" text NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (context_id, "user")
);

-- The hourly purge deletes by age.
CREATE INDEX ON ltijs.nonce (created_at);
CREATE INDEX ON ltijs.state (created_at);
CREATE INDEX ON ltijs.idtoken (created_at);
CREATE INDEX ON ltijs.contexttoken (created_at);
