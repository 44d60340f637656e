-- Modules, their versions and the versions' skill mappings keyed with their tenant (see 0022). A version's primary
-- key becomes (id, tenant_id) like every other surrogate key, so that a version found by id alone keeps an index.
ALTER TABLE modules ADD CONSTRAINT modules_id_tenant_key UNIQUE (id, tenant_id);
ALTER TABLE module_versions DROP CONSTRAINT module_versions_module_id_fkey,
  ADD CONSTRAINT module_versions_module_id_fkey FOREIGN KEY (tenant_id, module_id)
    REFERENCES modules (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_module_id_fkey,
  ADD CONSTRAINT learning_entries_module_id_fkey FOREIGN KEY (tenant_id, module_id)
    REFERENCES modules (tenant_id, id) ON DELETE SET NULL (module_id);
ALTER TABLE modules DROP CONSTRAINT modules_id_key;

ALTER TABLE module_versions DROP CONSTRAINT module_versions_module_id_version_key,
  ADD CONSTRAINT module_versions_module_id_version_key UNIQUE (module_id, version, tenant_id);
ALTER TABLE module_mappings DROP CONSTRAINT module_mappings_module_version_id_fkey;
ALTER TABLE module_progress DROP CONSTRAINT module_progress_module_version_id_fkey;
ALTER TABLE quiz_attempts DROP CONSTRAINT quiz_attempts_module_version_id_fkey;
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_module_version_id_fkey;
ALTER TABLE module_versions DROP CONSTRAINT module_versions_id_key,
  DROP CONSTRAINT module_versions_pkey,
  ADD CONSTRAINT module_versions_pkey PRIMARY KEY (id, tenant_id);
ALTER TABLE module_mappings ADD CONSTRAINT module_mappings_module_version_id_fkey FOREIGN KEY (tenant_id, module_version_id)
  REFERENCES module_versions (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE module_progress ADD CONSTRAINT module_progress_module_version_id_fkey FOREIGN KEY (tenant_id, module_version_id)
  REFERENCES module_versions (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE quiz_attempts ADD CONSTRAINT quiz_attempts_module_version_id_fkey FOREIGN KEY (tenant_id, module_version_id)
  REFERENCES module_versions (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE learning_entries ADD CONSTRAINT learning_entries_module_version_id_fkey
  FOREIGN KEY (tenant_id, module_version_id) REFERENCES module_versions (tenant_id, id) ON DELETE SET NULL (module_version_id);

-- A version maps a skill set (and area) once. The mappings' own tenant foreign key was missing: a version's
-- mappings go with their organisation like everything else.
DROP INDEX module_mappings_unique;
CREATE UNIQUE INDEX module_mappings_unique
  ON module_mappings (module_version_id, skill_set_code, coalesce(area_code, ''), tenant_id);
ALTER TABLE module_mappings ADD CONSTRAINT module_mappings_tenant_id_fkey FOREIGN KEY (tenant_id)
  REFERENCES tenants (id) ON DELETE CASCADE;
