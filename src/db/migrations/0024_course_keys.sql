-- Courses and resource links keyed with their tenant (see 0022).
ALTER TABLE contexts ADD CONSTRAINT contexts_id_tenant_key UNIQUE (id, tenant_id);

ALTER TABLE resource_links DROP CONSTRAINT resource_links_context_id_fkey,
  ADD CONSTRAINT resource_links_context_id_fkey FOREIGN KEY (tenant_id, context_id)
    REFERENCES contexts (tenant_id, id) ON DELETE SET NULL (context_id);
ALTER TABLE enrolments DROP CONSTRAINT enrolments_context_id_fkey,
  ADD CONSTRAINT enrolments_context_id_fkey FOREIGN KEY (tenant_id, context_id)
    REFERENCES contexts (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE learning_entries DROP CONSTRAINT learning_entries_context_id_fkey,
  ADD CONSTRAINT learning_entries_context_id_fkey FOREIGN KEY (tenant_id, context_id)
    REFERENCES contexts (tenant_id, id) ON DELETE SET NULL (context_id);
ALTER TABLE eligibility_rule_overrides DROP CONSTRAINT eligibility_rule_overrides_context_id_fkey,
  ADD CONSTRAINT eligibility_rule_overrides_context_id_fkey FOREIGN KEY (tenant_id, context_id)
    REFERENCES contexts (tenant_id, id) ON DELETE CASCADE;

ALTER TABLE contexts DROP CONSTRAINT contexts_id_key;

ALTER TABLE resource_links ADD CONSTRAINT resource_links_id_tenant_key UNIQUE (id, tenant_id);
ALTER TABLE grade_outbox DROP CONSTRAINT grade_outbox_resource_link_id_fkey,
  ADD CONSTRAINT grade_outbox_resource_link_id_fkey FOREIGN KEY (tenant_id, resource_link_id)
    REFERENCES resource_links (tenant_id, id) ON DELETE SET NULL (resource_link_id);
ALTER TABLE resource_links DROP CONSTRAINT resource_links_id_key;
