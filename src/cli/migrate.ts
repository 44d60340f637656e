import path from 'node:path';
import { readMigrations } from '../db/migrate';
import { loadCliConfig, openToolDatabase, type CliIo } from './platform-cli';

/** `npm run db:migrate`: applies the pending migrations to the configured database (DATABASE_URL or PGlite). */
async function runMigrateCli(io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { config } = loadCliConfig(env);
    const where = config.databaseUrl
      ? 'The database in DATABASE_URL'
      : `The embedded database in ${path.resolve(config.dataDir, 'pglite')}`;
    const { db, applied } = await openToolDatabase(config, { out: io.out, err: () => undefined });
    await db.close();
    if (!applied.length) {
      io.out(`${where} is up to date (${readMigrations().length} migrations).`);
    } else {
      io.out(`${where}: applied ${applied.length} migration(s):`);
      for (const name of applied) io.out(`  ${name}`);
    }
    return 0;
  } catch (err) {
    io.err(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const io = {
  out: (s: string) => process.stdout.write(`${s}\n`),
  err: (s: string) => process.stderr.write(`${s}\n`),
};
void runMigrateCli(io, process.env).then((code) => (process.exitCode = code));
