import fs from 'node:fs';
import { Pool, types } from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { prepared } from './prepared-statements';

/** Anything that runs a parameterised SQL statement: the database itself or an open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The connection pool now (PostgreSQL; the embedded database has none): read at each metrics scrape. */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

// int8 (counts, bigint ids) as JS numbers on both drivers: our ids stay far below 2^53.
const INT8_OID = 20;
types.setTypeParser(INT8_OID, (v) => Number(v));

export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(prepared(sql, params));
      return result.rows as R[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: async <R>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(prepared(sql, params))).rows as R[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        };
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await pool.end();
    },
  };
}

/** PGlite: PostgreSQL compiled to WebAssembly, in this process. dataDir undefined keeps it in memory. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { parsers: { [INT8_OID]: (v: string) => Number(v) } });
  return {
    kind: 'pglite',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<R>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction((tx) =>
        fn({
          query: async <R>(sql: string, params: readonly unknown[] = []) =>
            (await tx.query<R>(sql, params as unknown[])).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      );
    },
    async close() {
      await db.close();
    },
  };
}

export async function openDatabase(url: string | undefined, dataDir: string | undefined): Promise<Database> {
  return url ? openPostgres(url) : openPglite(dataDir);
}
