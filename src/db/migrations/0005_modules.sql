-- Learning modules of a tenant. Content lives in versions: editing a published module makes a new version,
-- and whatever was recorded against an older version (completions) keeps pointing at it.
CREATE TABLE modules (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  slug text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, slug)
);

CREATE TABLE module_versions (
  tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  module_id bigint NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
  version int NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'published')),
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  title_th text NOT NULL,
  title_en text NOT NULL,
  category smallint NOT NULL CHECK (category IN (70, 20, 10)),
  estimated_hours numeric(7, 2) NOT NULL CHECK (estimated_hours > 0),
  content jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (module_id, version)
);

CREATE TABLE module_mappings (
  tenant_id bigint NOT NULL,
  module_version_id bigint NOT NULL REFERENCES module_versions (id) ON DELETE CASCADE,
  framework_id bigint NOT NULL,
  skill_set_code text NOT NULL,
  area_code text,
  hours numeric(7, 2) NOT NULL CHECK (hours > 0),
  FOREIGN KEY (framework_id, skill_set_code) REFERENCES framework_skill_sets (framework_id, code),
  FOREIGN KEY (framework_id, area_code) REFERENCES framework_areas (framework_id, code)
);
CREATE UNIQUE INDEX module_mappings_unique ON module_mappings (module_version_id, skill_set_code, coalesce(area_code, ''));
CREATE INDEX ON module_mappings (tenant_id, skill_set_code);

-- The newest published version of each module, the one a learner gets.
CREATE INDEX module_versions_published ON module_versions (module_id, version DESC) WHERE status = 'published';

-- When the sample catalogue was given to the tenant (once; instructors may then edit or add modules).
ALTER TABLE tenants ADD COLUMN catalogue_seeded_at timestamptz;
