import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A throwaway PostgreSQL 15 cluster for the test run: real server binaries, a temp data directory, a free
 * port on 127.0.0.1, durability switched off (a crash loses nothing we care about), trust auth.
 */

const BIN_DIR = '/usr/lib/postgresql/15/bin';
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 100;
/** Old enough that no run can still be between mkdtemp and the postmaster writing its pid file. */
const STALE_DIR_AGE_MS = 10 * 60_000;
const DIR_PREFIX = 'digiskill-pg-';
/** Another process may take the port between our probe and the postmaster's bind; try a fresh one. */
const START_ATTEMPTS = 3;

export interface ThrowawayCluster {
  url: string;
  stop(): Promise<void>;
}

/** Whose identity the server binaries run under: undefined means "ours". */
type RunAs = { uid: number; gid: number } | undefined;

const bin = (name: string): string => path.join(BIN_DIR, name);

export function hasServerBinaries(): boolean {
  return ['initdb', 'postgres', 'pg_ctl'].every((name) => {
    try {
      fs.accessSync(bin(name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  if (!hasServerBinaries()) throw new Error(`PostgreSQL server binaries not found in ${BIN_DIR}`);
  sweepStaleClusterDirs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
  const dataDir = path.join(dir, 'data');
  try {
    const runAs = serverIdentity();
    if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
    await initCluster(dataDir, dir, runAs);
    const { port, server } = await startServerOnFreePort(dir, dataDir, runAs);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: () => stopCluster(dir, dataDir, server, runAs),
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A Ctrl-C on jest reaches postgres (same process group) but not our stop(), leaving ~55 MB behind in the
 * temp dir. A dir without postmaster.pid has no running server (a clean shutdown removes the file), so
 * once it is old enough it belongs to no live run and goes. Best effort: never fails the run.
 */
function sweepStaleClusterDirs(): void {
  const tmp = os.tmpdir();
  for (const name of safeReaddir(tmp)) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const stale = Date.now() - fs.statSync(dir).mtimeMs > STALE_DIR_AGE_MS;
      const serverRunning = fs.existsSync(path.join(dir, 'data', 'postmaster.pid'));
      if (stale && !serverRunning) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another run removed it first, or it is not ours to remove.
    }
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** initdb and postgres refuse to run as root, and CI machines here do run as root: borrow the postgres user. */
function serverIdentity(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  return { uid: idOfPostgresUser('-u'), gid: idOfPostgresUser('-g') };
}

function idOfPostgresUser(flag: '-u' | '-g'): number {
  const out = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const id = Number.parseInt(out.stdout.trim(), 10);
  if (out.status !== 0 || Number.isNaN(id)) {
    throw new Error(
      `running as root, so PostgreSQL must run as the "postgres" system user, but \`id ${flag} postgres\` failed: ${out.stderr.trim()}`,
    );
  }
  return id;
}

async function initCluster(dataDir: string, cwd: string, runAs: RunAs): Promise<void> {
  // --no-sync: a throwaway cluster need not survive a power cut; syncing costs ~0.3 s here, more on slow disks.
  const args = [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
    '--no-instructions',
  ];
  const { code, stderr } = await runToEnd(bin('initdb'), args, spawnOptions(cwd, runAs));
  if (code !== 0) throw new Error(`initdb failed (exit ${code}) for ${dataDir}:\n${stderr.trim()}`);
}

/**
 * cwd inside the temp dir: the postgres user may not be allowed into the caller's working directory.
 * LC_ALL=C keeps server messages in English, which startupFailure matches on.
 */
function spawnOptions(cwd: string, runAs: RunAs): SpawnOptions {
  return { cwd, env: { ...process.env, LC_ALL: 'C' }, ...(runAs ?? {}) };
}

function runToEnd(
  file: string,
  args: string[],
  options: SpawnOptions,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function startServerOnFreePort(
  dir: string,
  dataDir: string,
  runAs: RunAs,
): Promise<{ port: number; server: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { port, server: await startServer(dir, dataDir, port, runAs) };
    } catch (err) {
      if (attempt >= START_ATTEMPTS || !(err instanceof PortTakenError)) throw err;
    }
  }
}

class PortTakenError extends Error {}

/** Asks the kernel for an unused port. Racy by nature, which is why startServerOnFreePort retries. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs postgres directly (not via pg_ctl) so that we see at once if it dies during startup, and so that it
 * stays in our process group: a Ctrl-C on the test run reaches it too instead of leaving it behind.
 */
async function startServer(dir: string, dataDir: string, port: number, runAs: RunAs): Promise<ChildProcess> {
  const logFile = path.join(dir, `postgres-${port}.log`);
  const logFd = fs.openSync(logFile, 'a');
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
  };
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-F',
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const server = spawn(bin('postgres'), args, {
    ...spawnOptions(dir, runAs),
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  // The jest parent must not stay alive just because the server does; stop() ends it explicitly.
  server.unref();
  try {
    await waitUntilReady(port, server, logFile);
    return server;
  } catch (err) {
    if (server.exitCode === null) server.kill('SIGQUIT');
    throw err;
  }
}

async function waitUntilReady(port: number, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw startupFailure(port, server, logFile);
    try {
      await selectOne(port);
      return;
    } catch (err) {
      lastError = err;
      await sleep(READY_POLL_MS);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `PostgreSQL on port ${port} not ready after ${READY_TIMEOUT_MS} ms (${reason}). Log:\n${readLog(logFile)}`,
  );
}

function startupFailure(port: number, server: ChildProcess, logFile: string): Error {
  const log = readLog(logFile);
  const how = server.exitCode !== null ? `exit ${server.exitCode}` : `signal ${server.signalCode}`;
  const message = `postgres exited during startup on port ${port} (${how}). Log:\n${log}`;
  return /could not bind|Address already in use/i.test(log)
    ? new PortTakenError(message)
    : new Error(message);
}

async function selectOne(port: number): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 1000,
  });
  // A refused or reset connection is reported here as well as thrown from connect(); without a listener it would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

function readLog(logFile: string): string {
  try {
    return fs.readFileSync(logFile, 'utf8').trim();
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Immediate mode: no checkpoint, no waiting for clients; the data is about to be deleted anyway. */
async function stopCluster(dir: string, dataDir: string, server: ChildProcess, runAs: RunAs): Promise<void> {
  try {
    if (server.exitCode === null && server.signalCode === null) {
      const { code, stderr } = await runToEnd(
        bin('pg_ctl'),
        ['stop', '-D', dataDir, '-m', 'immediate', '-w'],
        spawnOptions(dir, runAs),
      );
      if (code !== 0) throw new Error(`pg_ctl stop failed (exit ${code}) for ${dataDir}:\n${stderr.trim()}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
