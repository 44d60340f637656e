import { startThrowawayCluster, hasServerBinaries } from './pg-cluster';
import { databaseUrl, dropDatabase, quoteIdent, withAdmin } from './test-db';
import { clusterHolder } from './global-teardown';
import { migrateUrl } from '../../src/db/migrate';

/**
 * Runs once per jest run, before any worker starts: finds or starts a PostgreSQL server and migrates one
 * template database that every test file clones (test-db.ts). Workers inherit what we put in process.env.
 */
export default async function globalSetup(): Promise<void> {
  const adminUrl = await adminDatabaseUrl();
  if (!adminUrl) {
    process.env.DIGISKILL_TEST_DB = 'pglite';
    console.log(
      'Tests fall back to the embedded PGlite: no PostgreSQL server binaries were found (and DATABASE_URL is not set).',
    );
    return;
  }
  process.env.DIGISKILL_TEST_ADMIN_URL = adminUrl;
  try {
    process.env.DIGISKILL_TEST_TEMPLATE = await createTemplate(adminUrl);
  } catch (err) {
    // jest skips globalTeardown when globalSetup throws: stop our cluster here or it outlives the run.
    await clusterHolder.__digiskillStopTestCluster?.().catch(() => undefined);
    delete clusterHolder.__digiskillStopTestCluster;
    throw err;
  }
}

/** DATABASE_URL wins (CI service container, a developer's own server); else a throwaway cluster if we can. */
async function adminDatabaseUrl(): Promise<string | undefined> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!hasServerBinaries()) return undefined;
  const cluster = await startThrowawayCluster();
  clusterHolder.__digiskillStopTestCluster = cluster.stop;
  return cluster.url;
}

/** Named by pid so that two runs against one shared server do not trample each other's template. */
async function createTemplate(adminUrl: string): Promise<string> {
  const name = `digiskill_tpl_${process.pid}`;
  await dropDatabase(adminUrl, name);
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
  await migrateUrl(databaseUrl(adminUrl, name));
  return name;
}
