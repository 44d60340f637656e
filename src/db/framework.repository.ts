import crypto from 'node:crypto';
import { frameworkIdColumn } from './id-columns';
import type { Database, Queryable } from './database';
import type { Framework } from '../domain/framework/framework';
import { FrameworkNotFound, FrameworkVersionChanged } from '../domain/framework/framework-errors';
import type { FrameworkStore, StoredFramework } from '../use-cases/ports';
import { firstRow, int, nullable, object, oneRow, rows, storedDocument, text, timestamp } from './decode';

/** Validated in full when loaded (the framework file's schema and the domain's checks). */
const frameworkContent = storedDocument<Framework>('framework', [
  'id',
  'version',
  'skillSets',
  'areas',
  'targetGroups',
]);
const versionRow = object({ id: frameworkIdColumn, code: text, version: text });
const contentRow = object({
  id: frameworkIdColumn,
  content: frameworkContent,
  loaded_at: timestamp,
  source: text,
});
import { TtlCache } from '../shared/ttl-cache';
import type { AuditEntry } from '../use-cases/ports/audit';
import { writeAudit } from './audit.repository';

export const DEFAULT_FRAMEWORK = 'ocsc-digital-government-skills';

export { FrameworkNotFound, FrameworkVersionChanged };

export type { StoredFramework };

/** Stable across key order, so that reformatting a file is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (f: Framework) => crypto.createHash('sha256').update(canonical(f)).digest('hex');

async function insertVersion(tx: Queryable, f: Framework, source: string): Promise<number> {
  const row = await oneRow(
    tx,
    object({ id: int }),
    'INSERT INTO frameworks (code, version, content, content_sha256, source) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id',
    [f.id, f.version, JSON.stringify(f), sha256(f), source],
  );
  const id = row.id;
  for (const [i, s] of f.skillSets.entries()) {
    await tx.query(
      `INSERT INTO framework_skill_sets (framework_id, code, dimension_code, name_th, name_en, foundational, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, s.code, s.dimension, s.name.th, s.name.en, s.foundational, i],
    );
  }
  for (const [i, a] of f.areas.entries()) {
    await tx.query(
      'INSERT INTO framework_areas (framework_id, code, skill_set_code, name_th, name_en, position) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, a.code, a.skillSet, a.name.th, a.name.en, i],
    );
  }
  for (const [i, g] of f.targetGroups.entries()) {
    await tx.query(
      'INSERT INTO framework_target_groups (framework_id, code, name_th, name_en, position) VALUES ($1, $2, $3, $4, $5)',
      [id, g.code, g.name.th, g.name.en, i],
    );
  }
  return id;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export function createFrameworkRepository(db: Database): FrameworkStore {
  // Stored versions never change: kept without expiry, bounded (a version no longer read is pushed out).
  const contents = new TtlCache<StoredFramework>(Infinity, 256);
  return {
    /**
     * Stores each framework version not yet loaded. Loading the same content again changes nothing; the same
     * version with other content is refused (it would rewrite history); a new version is added beside the old.
     */
    async load(
      frameworks: Framework[],
      source: string,
      audit?: AuditEntry,
    ): Promise<{ added: string[]; unchanged: string[] }> {
      const added: string[] = [];
      const unchanged: string[] = [];
      for (const f of frameworks) {
        await db.transaction(async (tx) => {
          // Serialise concurrent loads (several instances starting at once) of the same framework.
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`framework:${f.id}`]);
          const existing = await firstRow(
            tx,
            object({ content_sha256: text }),
            'SELECT content_sha256 FROM frameworks WHERE code = $1 AND version = $2',
            [f.id, f.version],
          );
          if (existing) {
            if (existing.content_sha256 !== sha256(f))
              throw new FrameworkVersionChanged(f.id, f.version, source);
            unchanged.push(`${f.id}@${f.version}`);
            if (audit) await writeAudit(tx, audit, { added: false, version: f.version });
            return;
          }
          await insertVersion(tx, f, source);
          added.push(`${f.id}@${f.version}`);
          if (audit) await writeAudit(tx, audit, { added: true, version: f.version });
        });
      }
      return { added, unchanged };
    },

    /** The newest version of every framework. */
    async listLatest(): Promise<StoredFramework[]> {
      // A stored version never changes, so its content is read once per process; each call only lists versions.
      const versions = await rows(
        db,
        versionRow,
        'SELECT id, code, version FROM frameworks ORDER BY code, id',
      );
      const latest = new Map<string, (typeof versions)[number]>();
      for (const r of versions) {
        const current = latest.get(r.code);
        if (!current || compareVersions(r.version, current.version) > 0) latest.set(r.code, r);
      }
      const found = new Map([...latest.values()].map((r) => [r.id, contents.get(String(r.id))]));
      const missing = [...found].filter(([, f]) => f === undefined).map(([id]) => id);
      if (missing.length) {
        const loaded = await rows(
          db,
          contentRow,
          'SELECT id, content, loaded_at, source FROM frameworks WHERE id = ANY ($1::bigint[])',
          [missing],
        );
        for (const r of loaded) {
          const stored = {
            id: r.id,
            framework: r.content,
            loadedAt: r.loaded_at,
            source: r.source,
          };
          found.set(r.id, stored);
          contents.set(String(r.id), stored);
        }
      }
      return [...latest.values()].map((r) => found.get(r.id)!);
    },

    async latest(code: string): Promise<StoredFramework | undefined> {
      return (await this.listLatest()).find((f) => f.framework.id === code);
    },

    async versions(code: string): Promise<string[]> {
      const found = await rows(
        db,
        object({ version: text }),
        'SELECT version FROM frameworks WHERE code = $1',
        [code],
      );
      return found.map((r) => r.version).sort(compareVersions);
    },

    /** The framework a tenant uses: its choice, else the default. */
    async forTenant(tenantId: number): Promise<StoredFramework> {
      const row = await firstRow(
        db,
        object({ framework_code: nullable(text) }),
        'SELECT framework_code FROM tenants WHERE id = $1',
        [tenantId],
      );
      const code = row?.framework_code ?? DEFAULT_FRAMEWORK;
      const found = (await this.latest(code)) ?? (await this.latest(DEFAULT_FRAMEWORK));
      if (!found) throw new FrameworkNotFound(code);
      return found;
    },

    async targetGroupsInUse(tenantId: number): Promise<Map<string, number>> {
      const found = await rows(
        db,
        object({ target_group: text, n: int }),
        `SELECT target_group, count(*)::int AS n FROM people
          WHERE tenant_id = $1 AND target_group IS NOT NULL GROUP BY 1 ORDER BY 1`,
        [tenantId],
      );
      return new Map(found.map((r) => [r.target_group, r.n]));
    },

    async chooseForTenant(tenantId: number, code: string, audit: AuditEntry): Promise<void> {
      const chosen = await this.latest(code);
      if (!chosen) throw new FrameworkNotFound(code);
      await db.transaction(async (tx) => {
        // The choice before, read under the row's lock, for the audit row written with the change.
        const before = await firstRow(
          tx,
          object({ framework_code: nullable(text) }),
          'SELECT framework_code FROM tenants WHERE id = $1 FOR UPDATE',
          [tenantId],
        );
        await tx.query('UPDATE tenants SET framework_code = $2, updated_at = now() WHERE id = $1', [
          tenantId,
          code,
        ]);
        await writeAudit(tx, audit, {
          before: before?.framework_code ?? DEFAULT_FRAMEWORK,
          after: code,
          version: chosen.framework.version,
        });
      });
    },
  };
}

export type FrameworkRepository = FrameworkStore;
