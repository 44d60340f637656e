import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defer, deferOnExit } from './cleanup';

/**
 * A tool under test as a child process: its output goes to a temp log file (kept when asked, e.g. after
 * failures), its memory and CPU come from /proc/<pid>, and stop() ends it (SIGTERM, then SIGKILL).
 */

export interface ToolProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  hasExited(): boolean;
  /** The last `lines` lines of its output. */
  logTail(lines?: number): string;
  /** Keep the log file after the run (it is deleted otherwise). */
  keepLog(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Resolves true once the tool can take launches. */
  isReady(tool: ToolProcess): Promise<boolean>;
  timeoutMs?: number;
}

export async function startToolProcess(options: StartOptions): Promise<ToolProcess> {
  const logFile = path.join(
    os.tmpdir(),
    `digiskill-bench-${options.name}-${process.pid}-${Date.now().toString(36)}.log`,
  );
  const fd = fs.openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    fs.closeSync(fd);
  }
  let keep = false;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
    child.once('error', () => resolve());
  });
  const forget = deferOnExit(() => {
    if (!exit) child.kill('SIGKILL');
  });

  let stopped: Promise<void> | undefined;
  const tool: ToolProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    logFile,
    hasExited: () => exit !== undefined || child.pid === undefined,
    logTail: (lines = 40) => {
      try {
        return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
    keepLog: () => {
      keep = true;
    },
    stop: () =>
      (stopped ??= (async () => {
        if (!tool.hasExited()) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        forget();
        if (!keep) fs.rmSync(logFile, { force: true });
      })()),
  };
  defer(`stop ${options.name}`, () => tool.stop());

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (tool.hasExited()) {
      tool.keepLog();
      const how = exit ? (exit.signal ?? `exit ${exit.code}`) : 'failed to spawn';
      throw new Error(`${options.name} stopped during startup (${how}); log ${logFile}:\n${tool.logTail()}`);
    }
    if (await options.isReady(tool).catch(() => false)) return tool;
    if (Date.now() > deadline) {
      tool.keepLog();
      throw new Error(`${options.name} not ready after ${options.timeoutMs ?? 60_000} ms; log ${logFile}`);
    }
    await sleep(100);
  }
}

export function logContains(tool: ToolProcess, needle: string): boolean {
  try {
    return fs.readFileSync(tool.logFile, 'utf8').includes(needle);
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface Memory {
  rssMb: number;
  /** The kernel's high-water mark of the resident set since the process started. */
  hwmMb: number;
}

/** The memory of one process, or the sum over several (a primary and its workers); undefined if none is there. */
export function readMemory(pid: number | readonly number[]): Memory | undefined {
  if (typeof pid !== 'number') {
    const each = pid.map((p) => readMemory(p)).filter((m): m is Memory => m !== undefined);
    if (each.length === 0) return undefined;
    return {
      rssMb: each.reduce((sum, m) => sum + m.rssMb, 0),
      hwmMb: each.reduce((sum, m) => sum + m.hwmMb, 0),
    };
  }
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;

/**
 * User + system CPU time of a process so far, in ms (NaN when /proc is not there). withReapedChildren adds
 * the CPU of children it has already waited for (cutime + cstime): a postmaster's exited backends.
 */
export function readCpuMs(pid: number, withReapedChildren = false): number {
  try {
    clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const rest = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ticks = rest[11]! + rest[12]! + (withReapedChildren ? rest[13]! + rest[14]! : 0);
    return (ticks * 1000) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's resident set every `everyMs` while running: the peak of those samples, and VmHWM. */
export class MemorySampler {
  private peakRss = 0;
  private lastHwm = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** One process, or several whose resident sets are added up (a primary and its workers). */
    private readonly pid: number | readonly number[],
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  private sample(): void {
    const m = readMemory(this.pid);
    if (!m) return;
    this.peakRss = Math.max(this.peakRss, m.rssMb);
    this.lastHwm = Math.max(this.lastHwm, m.hwmMb);
  }

  stop(): Memory {
    clearInterval(this.timer);
    this.sample();
    return { rssMb: this.peakRss, hwmMb: this.lastHwm };
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Machine-wide CPU time from /proc/stat, in ms summed over all CPUs: busy (not idle/iowait/steal), steal
 * (time the hypervisor gave our virtual CPUs to someone else) and total.
 */
export function readMachineCpu(): { busyMs: number; stealMs: number; totalMs: number } | undefined {
  try {
    clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const steal = ticks[7] ?? 0;
    const busy = total - (ticks[3] ?? 0) - (ticks[4] ?? 0) - steal;
    const ms = (t: number) => (t * 1000) / clockTicks!;
    return { busyMs: ms(busy), stealMs: ms(steal), totalMs: ms(total) };
  } catch {
    return undefined;
  }
}

/**
 * CPU (ms) of every descendant of `root` outside the subtrees of `exclude`: with a throwaway cluster that is
 * PostgreSQL (postmaster and backends are children of this process). Backends that exited (a pool closing
 * idle connections) still count: their parent has reaped them, so they are in its cutime/cstime.
 */
export function readDescendantsCpuMs(root: number, exclude: number[]): number {
  const parent = processParents();
  const skip = new Set(exclude);
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (skip.has(p)) return false;
      const up = parent.get(p);
      if (up === root) return true;
      if (up === undefined) return false;
      p = up;
    }
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    const ms = readCpuMs(pid, true);
    if (Number.isFinite(ms)) total += ms;
  }
  return total;
}

/** Every process's parent, from /proc. */
function processParents(): Map<number, number> {
  const parent = new Map<number, number>();
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone between readdir and read.
    }
  }
  return parent;
}

/** The direct children of a process now (a cluster primary's workers). */
export function childPids(pid: number): number[] {
  return [...processParents()].filter(([, parent]) => parent === pid).map(([child]) => child);
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
