-- Ready to scale out (issue 16 item 8, docs/scaling.md): every table an organisation owns carries its tenant id,
-- and every primary, unique and foreign key on it includes that id, so that the schema can be distributed by
-- tenant (Citus) or sharded by hand. test/integration/tenant-keys.test.ts holds every table to it from the
-- catalog. Migrations 0022 to 0027 bring the existing tables there; no row changes meaning.
--
-- Keys on a surrogate id are (id, tenant_id), id first: the id alone still finds its row through the key's index,
-- as every query did before, while a distributed database gets the tenant id it needs in every key. A foreign key
-- pairs tenant_id with tenant_id, so a row can only ever refer to a row of its own organisation. Should a database
-- hold a reference across organisations (no code path writes one), the migration stops on that foreign key and
-- changes nothing.

-- The archive of rows set aside when tenants of one issuer were merged (migration 0018) belongs to the organisation
-- they were merged into: the archived tenant row names it (kept_id); rows of a tenant that was not merged away keep
-- their own tenant. An archived row whose organisation no longer exists goes, as ON DELETE CASCADE would have taken it.
ALTER TABLE tenant_merge_archive ADD COLUMN tenant_id bigint;
UPDATE tenant_merge_archive a SET tenant_id = CASE
    WHEN a.table_name = 'tenants' THEN a.kept_id
    ELSE coalesce((SELECT t.kept_id FROM tenant_merge_archive t
                    WHERE t.table_name = 'tenants' AND (t.row_data ->> 'id')::bigint = (a.row_data ->> 'tenant_id')::bigint),
                  (a.row_data ->> 'tenant_id')::bigint) END;
DELETE FROM tenant_merge_archive a WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = a.tenant_id);
ALTER TABLE tenant_merge_archive ALTER COLUMN tenant_id SET NOT NULL,
  ADD CONSTRAINT tenant_merge_archive_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
  DROP CONSTRAINT tenant_merge_archive_pkey,
  ADD PRIMARY KEY (id, tenant_id);
