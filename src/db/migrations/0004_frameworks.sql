-- Skills frameworks, one row per (framework, version). A version, once loaded, is never rewritten: records
-- made against it keep meaning what they meant. The skill sets, areas and target groups of each version are
-- also rows, so that mappings and reports can reference them with foreign keys.
CREATE TABLE frameworks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL,
  version text NOT NULL,
  content jsonb NOT NULL,
  content_sha256 text NOT NULL,
  source text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

CREATE TABLE framework_skill_sets (
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  code text NOT NULL,
  dimension_code text NOT NULL,
  name_th text NOT NULL,
  name_en text NOT NULL,
  foundational boolean NOT NULL,
  position int NOT NULL,
  PRIMARY KEY (framework_id, code)
);

CREATE TABLE framework_areas (
  framework_id bigint NOT NULL,
  code text NOT NULL,
  skill_set_code text NOT NULL,
  name_th text NOT NULL,
  name_en text NOT NULL,
  position int NOT NULL,
  PRIMARY KEY (framework_id, code),
  FOREIGN KEY (framework_id, skill_set_code) REFERENCES framework_skill_sets (framework_id, code)
);

CREATE TABLE framework_target_groups (
  framework_id bigint NOT NULL REFERENCES frameworks (id),
  code text NOT NULL,
  name_th text NOT NULL,
  name_en text NOT NULL,
  position int NOT NULL,
  PRIMARY KEY (framework_id, code)
);

-- A tenant uses one framework (its newest version); NULL means the default one.
ALTER TABLE tenants ADD COLUMN framework_code text;
