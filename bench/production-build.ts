import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The benchmarks measure our tool as production runs it: the compiled build (`npm run build`, the Dockerfile's build
 * stage) started with plain node, not the sources through tsx. tsx's loader keeps its own module thread and the
 * transformed sources in memory: 63 MB more idle RSS (168 MB against 105 MB, #20), which production never carries.
 *
 * BENCH_OURS_ENTRY picks another entry: `src` runs the sources through tsx (no build, for a quick look), a path runs
 * that file.
 */

const ROOT = path.resolve(__dirname, '..');

/** The entry the Dockerfile's CMD and `npm run start:prod` run (production-flags.test.ts holds them equal). */
export const PRODUCTION_ENTRY = 'dist/src/main.js';

/** BENCH_OURS_ENTRY's value for the sources through tsx. */
export const SOURCE_ENTRY = 'src';

let built: Promise<void> | undefined;

/** Builds the tool once per benchmark run (every suite after the first reuses it); rejects if the build fails. */
export function buildForProduction(log: (line: string) => void): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    log('building the tool as production runs it (npm run build) ...');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`npm run build failed (${signal ?? `exit ${code}`})`)),
    );
  });
  return built;
}

/** The node arguments (after the V8 flags) that start our tool from an entry (BENCH_OURS_ENTRY's meaning). */
export function entryArgs(entry: string): string[] {
  return entry === SOURCE_ENTRY ? ['--import', 'tsx', 'src/main.ts'] : [path.resolve(ROOT, entry)];
}

/** How the report names an entry. */
export function entryLabel(entry: string): string {
  return entry === SOURCE_ENTRY ? '--import tsx src/main.ts' : entry;
}
