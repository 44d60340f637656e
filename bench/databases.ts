import crypto from 'node:crypto';
import { hasServerBinaries, startThrowawayCluster } from '../test/support/pg-cluster';
import { databaseUrl, dropDatabase, quoteIdent, withAdmin } from '../test/support/test-db';
import { defer } from './cleanup';

/**
 * Fresh databases for a suite, by role name: on DATABASE_URL's server when given (dropped afterwards), otherwise
 * on a throwaway PostgreSQL cluster started for the run.
 */
export async function provideDatabases(
  log: (line: string) => void,
  roles: string[],
): Promise<{ urls: Record<string, string>; server: string; ownCluster: boolean }> {
  let adminUrl = process.env.DATABASE_URL;
  let where = 'DATABASE_URL';
  if (!adminUrl) {
    if (!hasServerBinaries())
      throw new Error('DATABASE_URL is not set and no PostgreSQL server binaries were found to start one');
    log('starting a throwaway PostgreSQL cluster ...');
    const cluster = await startThrowawayCluster();
    defer('stop the throwaway PostgreSQL cluster', () => cluster.stop());
    adminUrl = cluster.url;
    where = 'throwaway cluster';
  }
  const admin = adminUrl;
  const suffix = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const urls: Record<string, string> = {};
  for (const role of roles) {
    const name = `digiskill_bench_${role}_${suffix}`;
    await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    // A throwaway cluster goes as a whole; on a server we were given, drop what we made.
    if (where === 'DATABASE_URL') defer(`drop database ${name}`, () => dropDatabase(admin, name));
    urls[role] = databaseUrl(admin, name);
  }
  const version = await withAdmin(admin, (c) =>
    c.query<{ v: string }>("SELECT current_setting('server_version') AS v"),
  );
  return {
    urls,
    server: `PostgreSQL ${version.rows[0]?.v ?? '?'} (${where})`,
    ownCluster: where !== 'DATABASE_URL',
  };
}
