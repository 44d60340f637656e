import crypto from 'node:crypto';
import type { Database, Queryable } from './database';
import { SqlParams, type SqlCte } from './sql';
import { TtlCache } from '../shared/ttl-cache';

/**
 * ltijs 5.9.9 database plugin on PostgreSQL (or PGlite). The contract is what ltijs' own Mongo store does
 * (see shared/reference/ltijs-and-moodle.md §1.1); the differences are deliberate:
 * - Get returns false, not [], when nothing matches; an undefined query means every row.
 * - Replace is one atomic INSERT … ON CONFLICT on the collection's unique key.
 * - Expiry that Mongo TTL indexes gave ltijs is rebuilt: expired rows are invisible to Get and purged on a timer.
 * - A query carrying an undefined value matches nothing: it never widens into an unfiltered UPDATE or DELETE.
 * - Keys and access tokens stay AES-256-CBC encrypted in ltijs' hex format, so data moves between stores.
 */
export type LtijsCollection =
  | 'platform'
  | 'platformStatus'
  | 'publickey'
  | 'privatekey'
  | 'accesstoken'
  | 'nonce'
  | 'state'
  | 'idtoken'
  | 'contexttoken';

type Doc = Record<string, unknown>;

export interface LtijsDatabasePlugin {
  setup(): Promise<true>;
  Close(): Promise<true>;
  Get(encKey: string | false, collection: LtijsCollection, query?: Doc): Promise<Doc[] | false>;
  Insert(encKey: string | false, collection: LtijsCollection, item: Doc, index?: Doc): Promise<true>;
  Replace(
    encKey: string | false,
    collection: LtijsCollection,
    query: Doc,
    item: Doc,
    index?: Doc,
  ): Promise<true>;
  Modify(encKey: string | false, collection: LtijsCollection, query: Doc, modification: Doc): Promise<true>;
  Delete(collection: LtijsCollection, query: Doc): Promise<true>;
}

interface CollectionSpec {
  table: string;
  /** ltijs field -> column, for the fields ltijs queries by. */
  columns: Record<string, string>;
  /** The fields of the unique key that Replace upserts on. */
  key: string[];
  /** Stored as {iv, data}; otherwise as a jsonb document. nonce stores nothing but its key. */
  storage: 'doc' | 'encrypted' | 'none';
  ttlSeconds?: number;
}

/** How long rows live. nonce outlives the longest-lived id_token we accept (tokenMaxAge plus clock skew). */
export const TTL_SECONDS = {
  nonce: 600,
  state: 600,
  accesstoken: 3600,
  idtoken: 86_400,
  contexttoken: 86_400,
};

const SPECS: Record<LtijsCollection, CollectionSpec> = {
  platform: {
    table: 'ltijs.platform',
    columns: { kid: 'kid', platformUrl: 'platform_url', clientId: 'client_id' },
    key: ['platformUrl', 'clientId'],
    storage: 'doc',
  },
  platformStatus: { table: 'ltijs.platform_status', columns: { id: 'id' }, key: ['id'], storage: 'doc' },
  publickey: {
    table: 'ltijs.publickey',
    columns: { kid: 'kid', platformUrl: 'platform_url', clientId: 'client_id' },
    key: ['platformUrl', 'clientId'],
    storage: 'encrypted',
  },
  privatekey: {
    table: 'ltijs.privatekey',
    columns: { kid: 'kid', platformUrl: 'platform_url', clientId: 'client_id' },
    key: ['platformUrl', 'clientId'],
    storage: 'encrypted',
  },
  accesstoken: {
    table: 'ltijs.accesstoken',
    columns: { platformUrl: 'platform_url', clientId: 'client_id', scopes: 'scopes' },
    key: ['platformUrl', 'clientId', 'scopes'],
    storage: 'encrypted',
    ttlSeconds: TTL_SECONDS.accesstoken,
  },
  nonce: {
    table: 'ltijs.nonce',
    columns: { nonce: 'nonce' },
    key: ['nonce'],
    storage: 'none',
    ttlSeconds: TTL_SECONDS.nonce,
  },
  state: {
    table: 'ltijs.state',
    columns: { state: 'state' },
    key: ['state'],
    storage: 'doc',
    ttlSeconds: TTL_SECONDS.state,
  },
  idtoken: {
    table: 'ltijs.idtoken',
    columns: { iss: 'iss', clientId: 'client_id', deploymentId: 'deployment_id', user: '"user"' },
    key: ['iss', 'clientId', 'deploymentId', 'user'],
    storage: 'doc',
    ttlSeconds: TTL_SECONDS.idtoken,
  },
  contexttoken: {
    table: 'ltijs.contexttoken',
    columns: { contextId: 'context_id', user: '"user"' },
    key: ['contextId', 'user'],
    storage: 'doc',
    ttlSeconds: TTL_SECONDS.contexttoken,
  },
};

export class LtijsStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LtijsStoreError';
  }
}

/** ltijs' format: AES-256-CBC, key = sha256(secret), random 16-byte IV, both hex. Not authenticated. */
export function encrypt(plain: string, secret: string): { iv: string; data: string } {
  const key = crypto.createHash('sha256').update(secret).digest();
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('hex'), data: data.toString('hex') };
}

export function decrypt(data: string, iv: string, secret: string): string {
  const key = crypto.createHash('sha256').update(secret).digest();
  const decipher = crypto.createDecipheriv('aes-256-cbc', key, Buffer.from(iv, 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'hex')), decipher.final()]).toString('utf8');
}

interface Where {
  sql: string;
  params: unknown[];
  /** A query value was undefined or null: it can match no row. */
  impossible: boolean;
}

const unquote = (column: string) => column.replace(/"/g, '');

function specOf(collection: LtijsCollection): CollectionSpec {
  const spec = SPECS[collection];
  if (!spec) throw new LtijsStoreError(`Unknown ltijs collection: ${String(collection)}`);
  return spec;
}

function where(spec: CollectionSpec, query: Doc | undefined, params: unknown[] = []): Where {
  const impossible = !canMatch(spec, query);
  const parts: string[] = [];
  for (const [field, value] of Object.entries(query ?? {})) {
    params.push(value === undefined || value === null ? null : String(value));
    parts.push(`${spec.columns[field]} = $${params.length}`);
  }
  if (spec.ttlSeconds) parts.push(`created_at > now() - interval '${spec.ttlSeconds} seconds'`);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, impossible };
}

/** Whether a query can match a row (not if a value is undefined or null); a field the table has no column for throws. */
function canMatch(spec: CollectionSpec, query: Doc | undefined): boolean {
  let possible = true;
  for (const [field, value] of Object.entries(query ?? {})) {
    if (!spec.columns[field]) throw new LtijsStoreError(`${spec.table} cannot be queried by ${field}`);
    if (value === undefined || value === null) possible = false;
  }
  return possible;
}

interface StoredRow {
  doc?: Doc | null;
  iv?: string | null;
  data?: string | null;
  created_at: Date | string;
  [column: string]: unknown;
}

/** The writes of the launch being served (see Replace): ltijs' session rows join its one statement. */
export interface LaunchWrites {
  /** Adds a write to the launch's statement; resolves once the statement has run. */
  add(write: SqlCte): Promise<void>;
  /** Runs the statement now, with what was added. */
  run(): void;
}

export interface LtijsStoreOptions {
  /** Called for errors that must not propagate (ltijs does not await Delete('state')). */
  onBackgroundError?: (err: unknown, context: string) => void;
  purgeIntervalMs?: number;
  /** How long platform registrations read by ltijs are reused (0: never). Misses are never cached. */
  platformCacheMs?: number;
  /** The launch whose verified token is being stored now, if any (one per request). */
  launchWrites?: () => LaunchWrites | undefined;
}

/**
 * ltijs reads the platform and its status several times per launch; both change only when an administrator
 * registers, removes or (de)activates a platform, which clears this cache in the process that does it.
 * Other instances see the change within platformCacheMs.
 */
const REGISTRY: ReadonlySet<LtijsCollection> = new Set(['platform', 'platformStatus']);

/**
 * The session a launch just wrote is read back by the very next request (the redirect to the launch page):
 * keep what this process wrote for a minute. contexttoken rows are content-addressed (their key hashes the
 * claims); an idtoken row rewritten by another instance may show an older name here for up to that minute.
 */
const SESSION: ReadonlySet<LtijsCollection> = new Set(['idtoken', 'contexttoken']);
const SESSION_CACHE_MS = 60_000;

export function createLtijsStore(
  db: Database,
  options: LtijsStoreOptions = {},
): LtijsDatabasePlugin & {
  purgeExpired(): Promise<number>;
  forgetPlatforms(): void;
} {
  let purgeTimer: NodeJS.Timeout | undefined;
  const report = options.onBackgroundError ?? (() => undefined);
  // Both caches hold JSON text: every hit parses a fresh copy, as a read from the jsonb column would give, so that
  // a caller changing what it got cannot change the cache (ltijs adds to the session it reads). Parsing is several
  // times cheaper than structuredClone for these plain claim documents.
  const cache = new TtlCache<string>(options.platformCacheMs ?? 5000);
  const sessions = new TtlCache<string>(options.platformCacheMs === 0 ? 0 : SESSION_CACHE_MS, 5000);
  const invalidate = (collection: LtijsCollection) => {
    if (REGISTRY.has(collection)) cache.clear();
  };
  /** The cache key of a query on a session collection's full unique key, else undefined. */
  const sessionKey = (spec: CollectionSpec, collection: LtijsCollection, query: Doc | undefined) =>
    SESSION.has(collection) && query && sameFields(Object.keys(query), spec.key)
      ? `${collection}\u0000${spec.key.map((f) => String(query[f])).join('\u0000')}`
      : undefined;

  /** The JSON text of a session row being written (its doc column, already serialised for the write). */
  const sessionText = (values: Map<string, unknown>) => values.get('doc') as string;

  /** Columns and values to write for one item, from its index fields and its (possibly encrypted) body. */
  function rowValues(
    spec: CollectionSpec,
    encKey: string | false,
    item: Doc,
    index?: Doc,
  ): Map<string, unknown> {
    const values = new Map<string, unknown>();
    const source = spec.storage === 'encrypted' ? { ...item, ...(index ?? {}) } : item;
    for (const [field, column] of Object.entries(spec.columns)) {
      const value = source[field];
      if (value === undefined || value === null) {
        throw new LtijsStoreError(`${spec.table}: missing ${field}`);
      }
      values.set(column, String(value));
    }
    if (spec.storage === 'doc') values.set('doc', JSON.stringify(item));
    if (spec.storage === 'encrypted') {
      if (!encKey) throw new LtijsStoreError(`${spec.table} must be written encrypted`);
      const { iv, data } = encrypt(JSON.stringify(item), encKey);
      values.set('iv', iv);
      values.set('data', data);
    }
    return values;
  }

  function toDocument(spec: CollectionSpec, encKey: string | false, row: StoredRow): Doc {
    if (spec.storage === 'encrypted' && encKey && row.iv && row.data) {
      const doc = JSON.parse(decrypt(row.data, row.iv, encKey)) as Doc;
      // ltijs compares (now - createdAt) with an access token's expires_in; without it a stale token lives forever.
      doc.createdAt = new Date(row.created_at).getTime();
      return doc;
    }
    if (spec.storage === 'doc' && row.doc) return row.doc;
    const out: Doc = {};
    for (const [field, column] of Object.entries(spec.columns)) out[field] = row[unquote(column)];
    if (spec.storage === 'encrypted') Object.assign(out, { iv: row.iv, data: row.data });
    return out;
  }

  function insertSql(
    spec: CollectionSpec,
    values: Map<string, unknown>,
    params: SqlParams,
    upsertOn?: string[],
  ): string {
    const columns = [...values.keys()];
    const placeholders = columns.map((c) => params.add(values.get(c)) + (c === 'doc' ? '::jsonb' : ''));
    let sql = `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})`;
    if (upsertOn) {
      const conflict = upsertOn.map((f) => spec.columns[f]).join(', ');
      const updates = columns.map((c) => `${c} = EXCLUDED.${c}`).concat('created_at = now()');
      sql += ` ON CONFLICT (${conflict}) DO UPDATE SET ${updates.join(', ')}`;
    }
    return sql;
  }

  async function insert(
    q: Queryable,
    spec: CollectionSpec,
    values: Map<string, unknown>,
    upsertOn?: string[],
  ) {
    const params = new SqlParams();
    await q.query(insertSql(spec, values, params, upsertOn), params.values);
  }

  const sameFields = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

  const store = {
    /** Schema is created by our migrations before ltijs deploys, so ltijs never reaches its process.exit path. */
    async setup(): Promise<true> {
      if (!purgeTimer && options.purgeIntervalMs !== 0) {
        purgeTimer = setInterval(() => {
          store.purgeExpired().catch((err) => report(err, 'purge'));
        }, options.purgeIntervalMs ?? 3_600_000);
        purgeTimer.unref();
      }
      return true;
    },

    /** Forget cached platform reads (the platform registry writes ltijs' tables directly). */
    forgetPlatforms(): void {
      cache.clear();
    },

    async Close(): Promise<true> {
      if (purgeTimer) clearInterval(purgeTimer);
      purgeTimer = undefined;
      return true;
    },

    async Get(encKey: string | false, collection: LtijsCollection, query?: Doc): Promise<Doc[] | false> {
      const spec = specOf(collection);
      // Checked before any cache: a query with an undefined value matches nothing, whatever is cached.
      if (!canMatch(spec, query)) return false;
      // Our login route keeps the target link's query itself, so ltijs stores no state row for a launch; it still
      // asks for one in the middle of the launch (and in its error handler): no row, no round trip.
      if (collection === 'state' && options.launchWrites?.()) return false;
      const cacheKey =
        REGISTRY.has(collection) && query ? `${collection}:${JSON.stringify(query)}` : undefined;
      const cached = cacheKey ? cache.get(cacheKey) : undefined;
      if (cached) return JSON.parse(cached) as Doc[];
      const ownSession = sessionKey(spec, collection, query);
      const session = ownSession ? sessions.get(ownSession) : undefined;
      if (session) return [JSON.parse(session) as Doc];
      let rows: StoredRow[];
      try {
        const w = where(spec, query);
        rows = await db.query<StoredRow>(`SELECT * FROM ${spec.table} ${w.sql}`, w.params);
      } catch (err) {
        // ltijs reads the state again inside its own error handler, outside any try: a rejection there
        // would leave the request unanswered. The state row only carries target_link_uri query parameters.
        if (collection === 'state') {
          report(err, 'get state');
          return false;
        }
        throw err;
      }
      if (rows.length === 0) return false;
      const docs = rows.map((row) => toDocument(spec, encKey, row));
      if (cacheKey) cache.set(cacheKey, JSON.stringify(docs));
      return docs;
    },

    async Insert(encKey: string | false, collection: LtijsCollection, item: Doc, index?: Doc): Promise<true> {
      const spec = specOf(collection);
      invalidate(collection);
      const values = rowValues(spec, encKey, item, index);
      if (!spec.ttlSeconds) {
        await insert(db, spec, values);
        return true;
      }
      // An expired row with the same key is dead to Get: take its place. A live one is a conflict, as a plain
      // INSERT would report (ltijs treats that as a replayed nonce). One statement, so it stays atomic.
      const columns = [...values.keys()];
      const placeholders = columns.map((c, i) => (c === 'doc' ? `$${i + 1}::jsonb` : `$${i + 1}`));
      const conflict = spec.key.map((f) => spec.columns[f]).join(', ');
      const updates = columns.map((c) => `${c} = EXCLUDED.${c}`).concat('created_at = now()');
      const rows = await db.query(
        `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
         ON CONFLICT (${conflict}) DO UPDATE SET ${updates.join(', ')}
         WHERE ${spec.table}.created_at <= now() - interval '${spec.ttlSeconds} seconds'
         RETURNING 1`,
        [...values.values()],
      );
      if (rows.length === 0) {
        throw Object.assign(new LtijsStoreError(`${spec.table}: duplicate key`), { code: '23505' });
      }
      return true;
    },

    async Replace(
      encKey: string | false,
      collection: LtijsCollection,
      query: Doc,
      item: Doc,
      index?: Doc,
    ): Promise<true> {
      const spec = specOf(collection);
      invalidate(collection);
      const queryFields = Object.keys(query ?? {});
      if (sameFields(queryFields, spec.key)) {
        const values = rowValues(spec, encKey, item, index);
        const ownSession = sessionKey(spec, collection, query);
        const launch = ownSession ? options.launchWrites?.() : undefined;
        if (ownSession && launch) {
          // ltijs 5.9.9 stores a verified launch as the id token, then the context token, and only then answers.
          // Both rows join the launch's own statement (who and where): one round trip, all of it or none.
          const written = launch
            .add((params) => insertSql(spec, values, params, spec.key))
            .then(() => sessions.set(ownSession, sessionText(values)));
          if (collection !== 'contexttoken') {
            written.catch(() => undefined); // the context token's Replace reports the statement's failure
            return true;
          }
          launch.run();
          await written;
          return true;
        }
        await insert(db, spec, values, spec.key);
        if (ownSession) sessions.set(ownSession, sessionText(values));
        return true;
      }
      // Not on the unique key: replace within one transaction so no reader sees the gap.
      const w = where({ ...spec, ttlSeconds: undefined }, query);
      if (w.impossible) throw new LtijsStoreError(`${spec.table}: Replace with an undefined query value`);
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM ${spec.table} ${w.sql}`, w.params);
        await insert(tx, spec, rowValues(spec, encKey, item, index), spec.key);
      });
      return true;
    },

    async Modify(
      encKey: string | false,
      collection: LtijsCollection,
      query: Doc,
      modification: Doc,
    ): Promise<true> {
      const spec = specOf(collection);
      invalidate(collection);
      if (SESSION.has(collection)) sessions.clear();
      const w = where({ ...spec, ttlSeconds: undefined }, query);
      if (w.impossible || Object.keys(query ?? {}).length === 0) {
        throw new LtijsStoreError(`${spec.table}: Modify needs a complete query`);
      }
      await db.transaction(async (tx) => {
        const rows = await tx.query<StoredRow>(`SELECT * FROM ${spec.table} ${w.sql} FOR UPDATE`, w.params);
        for (const row of rows) {
          const sets = new Map<string, unknown>();
          for (const [field, value] of Object.entries(modification)) {
            const column = spec.columns[field];
            if (column) sets.set(column, String(value));
          }
          if (spec.storage === 'doc') sets.set('doc', JSON.stringify({ ...row.doc, ...modification }));
          if (spec.storage === 'encrypted' && encKey) {
            const next = { ...toDocument(spec, encKey, row), ...modification };
            delete next.createdAt;
            const { iv, data } = encrypt(JSON.stringify(next), encKey);
            sets.set('iv', iv).set('data', data);
          } else if (
            spec.storage === 'encrypted' &&
            Object.keys(modification).some((f) => !spec.columns[f])
          ) {
            throw new LtijsStoreError(`${spec.table}: encrypted fields cannot change without the key`);
          }
          if (sets.size === 0) continue;
          const params = [...sets.values()];
          const assignments = [...sets.keys()].map(
            (c, i) => `${c} = $${i + 1}${c === 'doc' ? '::jsonb' : ''}`,
          );
          const rowKey = Object.fromEntries(spec.key.map((f) => [f, row[unquote(spec.columns[f] ?? f)]]));
          const keyW = where({ ...spec, ttlSeconds: undefined }, rowKey, params);
          await tx.query(`UPDATE ${spec.table} SET ${assignments.join(', ')} ${keyW.sql}`, keyW.params);
        }
      });
      return true;
    },

    async Delete(collection: LtijsCollection, query: Doc): Promise<true> {
      const spec = specOf(collection);
      if (collection === 'state' && options.launchWrites?.()) return true;
      invalidate(collection);
      if (SESSION.has(collection)) sessions.clear();
      try {
        const w = where({ ...spec, ttlSeconds: undefined }, query);
        // Never an unfiltered delete: an empty query or an undefined value deletes nothing.
        if (w.impossible || Object.keys(query ?? {}).length === 0) return true;
        await db.query(`DELETE FROM ${spec.table} ${w.sql}`, w.params);
        return true;
      } catch (err) {
        // ltijs fires Delete('state') without awaiting it: a rejection there would crash the process.
        if (collection === 'state') {
          report(err, 'delete state');
          return true;
        }
        throw err;
      }
    },

    /** Deletes every expired row; returns how many. */
    async purgeExpired(): Promise<number> {
      let total = 0;
      for (const spec of Object.values(SPECS)) {
        if (!spec.ttlSeconds) continue;
        const rows = await db.query<{ n: number }>(
          `WITH d AS (DELETE FROM ${spec.table} WHERE created_at <= now() - interval '${spec.ttlSeconds} seconds' RETURNING 1)
           SELECT count(*)::int AS n FROM d`,
        );
        total += rows[0]?.n ?? 0;
      }
      return total;
    },
  };
  return store;
}
