import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { createTestDatabase } from '../support/test-db';

// Ready to scale out (issue 16 item 8): every table an organisation owns carries its tenant id, and every primary,
// unique and foreign key on it includes that id, so that the schema can be distributed by tenant (Citus: the
// tenant id is the distribution column, and a key must hold it to be enforced within one shard) or sharded by
// hand. Read from the catalog, so a table or key added later is held to the same rule. See docs/scaling.md.

/**
 * Tables shared by every organisation, which a distributed database would copy to every node (Citus reference
 * tables). They may not refer to an organisation's rows; organisations' rows may refer to them.
 */
const REFERENCE_TABLES = new Set([
  // The skills frameworks shipped with the tool or imported: one copy, chosen per organisation by code.
  'frameworks',
  'framework_skill_sets',
  'framework_areas',
  'framework_target_groups',
  // The platform registry: written when a platform is registered (before it has an organisation), read by every
  // login to find the organisation.
  'lti_deployments',
  // The registry's audit log (registered, deployments added or split, removed): keyed by issuer like the registry,
  // since a platform is registered before its organisation exists; every organisation of the issuer shows it.
  'platform_audit_log',
]);

/**
 * Tables that are neither an organisation's nor shared content, each for its own reason.
 */
const NOT_TENANT_OWNED = new Set([
  // The organisations themselves: their id is the tenant id (distributed by id, alongside their rows).
  'tenants',
  // OIDC logins in flight: written before the launch says which organisation it is for, consumed within minutes.
  'lti_login_states',
  // The migration runner's own record.
  'schema_migrations',
]);

let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await drop();
});

interface Table {
  name: string;
  tenant_id: 'not null' | 'nullable' | null;
}
interface Key {
  tbl: string;
  name: string;
  kind: 'p' | 'u' | 'f' | 'i';
  cols: string[];
  ref_tbl: string | null;
  ref_cols: string[] | null;
}

async function tables(): Promise<Table[]> {
  return db.query<Table>(
    `SELECT c.relname AS name,
            (SELECT CASE WHEN a.attnotnull THEN 'not null' ELSE 'nullable' END FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenant_id
       FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
  );
}

/** Primary, unique and foreign keys, and unique indexes that are not a constraint's (partial, on expressions). */
async function keys(): Promise<Key[]> {
  return db.query<Key>(
    `SELECT k.conrelid::regclass::text AS tbl, k.conname AS name, k.contype AS kind,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
            CASE WHEN k.contype = 'f' THEN k.confrelid::regclass::text END AS ref_tbl,
            CASE WHEN k.contype = 'f' THEN ARRAY(
              SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS ref_cols
       FROM pg_constraint k
      WHERE k.connamespace = current_schema()::regnamespace AND k.contype IN ('p', 'u', 'f')
     UNION ALL
     SELECT x.indrelid::regclass::text, x.indexrelid::regclass::text, 'i',
            ARRAY(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, i)
                    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n
                   WHERE u.i <= x.indnkeyatts ORDER BY u.i),
            NULL, NULL
       FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND x.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))
      ORDER BY 1, 2`,
  );
}

const isTenantOwned = (name: string) => !REFERENCE_TABLES.has(name) && !NOT_TENANT_OWNED.has(name);

describe('tenant id in every key (ready to distribute by tenant)', () => {
  it('names in its lists only tables that exist', async () => {
    const names = new Set((await tables()).map((t) => t.name));
    expect([...REFERENCE_TABLES, ...NOT_TENANT_OWNED].filter((n) => !names.has(n))).toEqual([]);
  });

  it('gives every table an organisation owns a tenant_id that is never null', async () => {
    const missing = (await tables())
      .filter((t) => isTenantOwned(t.name) && t.tenant_id !== 'not null')
      .map((t) => `${t.name}: tenant_id ${t.tenant_id ?? 'missing'}`);
    expect(missing).toEqual([]);
  });

  it('puts tenant_id in every primary key, unique key and unique index of such a table', async () => {
    const offending = (await keys())
      .filter((k) => isTenantOwned(k.tbl) && k.kind !== 'f' && !k.cols.includes('tenant_id'))
      .map((k) => `${k.tbl}.${k.name} (${k.cols.join(', ')})`);
    expect(offending).toEqual([]);
  });

  it("makes every foreign key of an organisation's table match tenant_id to the row it refers to", async () => {
    const offending = (await keys())
      .filter((k) => k.kind === 'f' && isTenantOwned(k.tbl))
      .filter((k) => {
        const ref = k.ref_tbl!;
        if (REFERENCE_TABLES.has(ref)) return false;
        const at = k.cols.indexOf('tenant_id');
        if (at < 0) return true;
        return k.ref_cols![at] !== (ref === 'tenants' ? 'id' : 'tenant_id');
      })
      .map((k) => `${k.tbl}.${k.name} (${k.cols.join(', ')}) -> ${k.ref_tbl} (${k.ref_cols!.join(', ')})`);
    expect(offending).toEqual([]);
  });

  it("never lets a shared table refer to an organisation's rows", async () => {
    const offending = (await keys())
      .filter((k) => k.kind === 'f' && REFERENCE_TABLES.has(k.tbl) && !REFERENCE_TABLES.has(k.ref_tbl!))
      .map((k) => `${k.tbl}.${k.name} -> ${k.ref_tbl}`);
    expect(offending).toEqual([]);
  });
});
