-- The tool owns its launch (docs/decisions/0001-own-the-launch.md): a launch's session is one row of ours, written
-- by the launch's own statement, instead of ltijs' id token and context token rows. The ltik names the row by its
-- tenant and id; the id is a hash of the launch's content, so the same launch again renews its row.
CREATE TABLE lti_sessions (
  tenant_id bigint NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  deployment_id text NOT NULL,
  platform_user_id text NOT NULL,
  -- The verified launch, in the tool's words (src/lti/launch-context.ts), read back by every later request.
  launch jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- Removing a platform or splitting off a deployment ends its sessions; the hourly purge deletes by age.
CREATE INDEX ON lti_sessions (issuer, client_id, deployment_id);
CREATE INDEX ON lti_sessions (created_at);

-- What only ltijs used: its session rows, its nonces and states (a token's nonce is held to the one remembered
-- with its login's state, and the state is consumed by the launch, so a token comes through at most once without
-- a table of nonces seen), its cached service tokens (the tool caches its own in memory). The platform registry (platform, platform_status, publickey, privatekey) stays: the tool reads
-- and writes it itself (src/db/platform.repository.ts, src/db/lti-registry.repository.ts).
DROP TABLE ltijs.idtoken;
DROP TABLE ltijs.contexttoken;
DROP TABLE ltijs.nonce;
DROP TABLE ltijs.state;
DROP TABLE ltijs.accesstoken;
