import path from 'node:path';
import { readMigrations } from '../db/migrate';
import { loadCliConfig, openToolDatabase, type CliIo } from './platform-cli';

/** `npm run db:migrate`: applies the pending migrations to the configured database (DATABASE_URL or PGlite). */
async function runMigrateCli(io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { config } = loadCliConfig(env);
    const where = config.databaseUrl
      ? 'the database in DATABASE_URL'
      : `the embedded database in ${path.resolve(config.dataDir, 'pglite')}`;
    const { db, applied } = await openToolDatabase(config, { out: io.out, err: () => undefined });
    await db.close();
    if (applied.length)
      io.out(
        `Applied ${applied.length} migration(s) to ${where}:\n${applied.map((m) => `  ${m}`).join('\n')}`,
      );
    else
      io.out(
        `${where[0]?.toUpperCase()}${where.slice(1)} is up to date (${readMigrations().length} migrations).`,
      );
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
