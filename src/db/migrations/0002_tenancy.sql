-- Who and where a launch comes from. A tenant is one LMS deployment (issuer + deployment id); every row
-- below carries tenant_id so that the schema can be sharded by tenant without redesign.

-- Deployment ids accepted per registered platform (issuer + client id). ltijs keeps no such registry.
CREATE TABLE lti_deployments (
  issuer text NOT NULL,
  client_id text NOT NULL,
  deployment_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, client_id, deployment_id)
);

CREATE TABLE tenants (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issuer text NOT NULL,
  deployment_id text NOT NULL,
  client_id text NOT NULL,
  platform_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, deployment_id)
);

-- A person is keyed by the platform's user id (sub), unique only per issuer; we scope it by tenant.
CREATE TABLE people (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  platform_user_id text NOT NULL,
  name text,
  given_name text,
  family_name text,
  email text,
  locale text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_launch_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, platform_user_id)
);

CREATE TABLE contexts (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  context_id text NOT NULL,
  label text,
  title text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, context_id)
);

CREATE TABLE resource_links (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  resource_link_id text NOT NULL,
  context_id bigint REFERENCES contexts (id) ON DELETE SET NULL,
  title text,
  ags_lineitem_url text,
  ags_lineitems_url text,
  ags_scopes text[],
  nrps_memberships_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resource_link_id)
);

-- Roles of a person in a course, as of their latest launch there.
CREATE TABLE enrolments (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  context_id bigint NOT NULL REFERENCES contexts (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  roles text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, context_id, person_id)
);
