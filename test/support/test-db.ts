import crypto from 'node:crypto';
import { Client } from 'pg';

/**
 * One fresh database per test file, cloned from the migrated template that global-setup.ts built, so that
 * files running in parallel workers never see each other's rows and nobody pays for migrations twice.
 */

export interface TestDatabase {
  /** undefined in PGlite mode: the caller opens an in-memory PGlite (openDatabase(undefined, undefined)). */
  url: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.DIGISKILL_TEST_DB === 'pglite') {
    // No server binaries on this machine: each test file migrates its own in-memory PGlite, nothing to drop.
    return { url: undefined, drop: async () => {} };
  }
  const adminUrl = requiredEnv('DIGISKILL_TEST_ADMIN_URL');
  const template = requiredEnv('DIGISKILL_TEST_TEMPLATE');
  const name = `digiskill_t_${crypto.randomBytes(8).toString('hex')}`;
  await withAdmin(adminUrl, (admin) =>
    admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`),
  );
  return { url: databaseUrl(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

/** A fresh database with no migrations applied (a migration's own test applies them up to where it needs). */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  if (process.env.DIGISKILL_TEST_DB === 'pglite') return { url: undefined, drop: async () => {} };
  const adminUrl = requiredEnv('DIGISKILL_TEST_ADMIN_URL');
  const name = `digiskill_e_${crypto.randomBytes(8).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return { url: databaseUrl(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

/** The admin URL with its database name replaced: same server, same credentials. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Ends sessions a test forgot to close (DROP DATABASE refuses while any remain), then drops. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
  });
}

export async function withAdmin<T>(adminUrl: string, fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Database names cannot be bound as parameters in DDL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value) return value;
  throw new Error(
    `${name} is not set: run the tests through jest so that test/support/global-setup.ts runs first`,
  );
}
