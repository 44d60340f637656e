import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database';
import { openPostgres } from './database';
import { nullable, object, rows, text } from './decode';

const migrationRow = object({ name: text });

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
/** Any constant: every instance that starts at once queues on the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_031_970;

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Applies the migrations not yet recorded, each in the same transaction as its record, behind a
 * transaction-scoped advisory lock so that several instances starting together apply each one once.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await rows(tx, migrationRow, 'SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      applied.push(m.name);
    }
    return applied;
  });
}

/** Names of migrations shipped with this build that the database has not applied (empty: current). */
export async function pendingMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  const exists = await rows(
    db,
    object({ t: nullable(text) }),
    "SELECT to_regclass('schema_migrations')::text AS t",
  );
  if (!exists[0]?.t) return migrations.map((m) => m.name);
  const done = new Set(
    (await rows(db, migrationRow, 'SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}

export async function migrateUrl(url: string): Promise<void> {
  const db = openPostgres(url, { max: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}
