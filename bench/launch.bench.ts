import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { openPostgres } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { createPlatformRepository } from '../src/db/platform.repository';
import { SimulatedLms, user, type LaunchOptions, type LmsUser } from '../test/support/simulated-lms';
import { provideDatabases } from './databases';
import { defer } from './cleanup';
import { CookieJar, formAction, hiddenInput, request, type HttpResponse } from './http-client';
import { buildForProduction, entryArgs, entryLabel, PRODUCTION_ENTRY } from './production-build';
import { round, summarize, table, type LatencySummary } from './stats';
import {
  childPids,
  freePort,
  logContains,
  MemorySampler,
  readCpuMs,
  readDescendantsCpuMs,
  readMachineCpu,
  readMemory,
  startToolProcess,
  type ToolProcess,
} from './tool-process';
import type { SuiteContext, SuiteResult } from './suite';

/**
 * Launch throughput: full LTI 1.3 launches (login -> LMS auth -> launch POST -> launch page; ours answers a
 * launch without a placed module there with its redirect to the home page) from the
 * simulated LMS against our tool and against a bare ltijs + ltijs-sequelize tool, both as child processes on
 * the same PostgreSQL, closed loop at several concurrencies; then a course page that opens several links at
 * once for one user (same cookie jar), counting failed launches.
 */

const ROOT = path.resolve(__dirname, '..');
/** Warm-up of a tool's later slices in a level: the tool is warm, only the loop needs to fill up. */
const REWARM_MS = 500;

interface Settings {
  seconds: number;
  warmupSeconds: number;
  concurrency: number[];
  multiLinks: number;
  multiRounds: number;
  tools: ToolKind[];
  logLevel: string;
  barePoolMax: number;
  /** Measured time per level and tool is cut into this many slices, alternating between the tools. */
  slices: number;
  /** How long to wait for other processes to stop using the CPU before the load starts. */
  quietWaitSeconds: number;
  /** Run our tool from this entry (`src`: the sources through tsx) instead of building it as production does. */
  oursEntry: string | undefined;
  /** Extra node flags for both tools, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
  nodeArgs: string[];
  /**
   * WEB_CONCURRENCY of the tool `ours-workers` (`npm run bench -- launch --workers 2`, or BENCH_WORKERS): a
   * primary and that many workers, whose RSS and CPU the report adds up. `ours` is always one process.
   */
  workers: number;
}

/** `ours-workers` is our tool with WEB_CONCURRENCY=BENCH_WORKERS, measured in slices alternating with `ours`. */
type ToolKind = 'ours' | 'ours-workers' | 'bare';
const TOOL_KINDS: readonly ToolKind[] = ['ours', 'ours-workers', 'bare'];

const TOOL_LABEL: Record<ToolKind, string> = {
  ours: 'DigiSkill (ours, PostgreSQL store)',
  'ours-workers': 'DigiSkill (ours, PostgreSQL store) with WEB_CONCURRENCY workers',
  bare: 'bare ltijs 5.9.9 + ltijs-sequelize 2.4.4',
};
const toolLabel = (kind: ToolKind, settings: Pick<Settings, 'workers'>) =>
  kind === 'ours-workers'
    ? `DigiSkill (ours, PostgreSQL store), WEB_CONCURRENCY=${settings.workers}: the primary and ${settings.workers} workers`
    : TOOL_LABEL[kind];

function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const num = (name: string, fallback: number, min = 0) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
    return n;
  };
  const concurrency = (env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map((s) => Number(s.trim()));
  if (!concurrency.length || concurrency.some((c) => !Number.isInteger(c) || c < 1))
    throw new Error(`BENCH_CONCURRENCY must be a list of positive integers, got "${env.BENCH_CONCURRENCY}"`);
  const workers = Math.round(num('BENCH_WORKERS', 1, 1));
  // --workers N alone compares one process with N workers, slice by slice, on the same host at the same time.
  const tools = (env.BENCH_TOOLS ?? (workers > 1 ? 'ours,ours-workers' : 'ours,bare'))
    .split(',')
    .map((s) => s.trim());
  for (const t of tools)
    if (!TOOL_KINDS.includes(t as ToolKind))
      throw new Error(`BENCH_TOOLS: unknown tool "${t}" (${TOOL_KINDS.join(', ')})`);
  if (tools.includes('ours-workers') && workers < 2)
    throw new Error('BENCH_TOOLS: ours-workers needs BENCH_WORKERS (or --workers) of 2 or more');
  return {
    seconds: num('BENCH_SECONDS', 20, 0.5),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 2, 0),
    concurrency,
    multiLinks: Math.round(num('BENCH_MULTI_LINKS', 6, 1)),
    multiRounds: Math.round(num('BENCH_MULTI_ROUNDS', 30, 1)),
    tools: tools as ToolKind[],
    logLevel: env.BENCH_LOG_LEVEL ?? 'info',
    barePoolMax: Math.round(num('BENCH_BARE_POOL_MAX', 10, 1)),
    slices: Math.round(num('BENCH_SLICES', 8, 1)),
    quietWaitSeconds: num('BENCH_QUIET_WAIT_SECONDS', 60, 0),
    oursEntry: env.BENCH_OURS_ENTRY || undefined,
    nodeArgs: (env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    workers,
  };
}

// ---------------------------------------------------------------------------------------------------------
// One launch, as a browser inside the LMS page does it.

export interface Target {
  kind: ToolKind;
  baseUrl: string;
  process: ToolProcess;
  /** Every process of the tool, measured together: the one process, or the primary and its workers. */
  pids: number[];
}

interface Failure {
  tool: ToolKind;
  scenario: string;
  step: Step;
  status: number | null;
  location?: string;
  body?: string;
  error?: string;
}

/** Failures grouped by what they looked like, with a count: the report shows each kind once. */
class FailureLog {
  private readonly groups = new Map<string, Failure & { count: number }>();
  private static readonly MAX_GROUPS = 20;

  add(tool: ToolKind, scenario: string, failure: Omit<Failure, 'tool' | 'scenario'>): void {
    const key = JSON.stringify([scenario, failure.step, failure.status, failure.error, failure.body]);
    const group = this.groups.get(key);
    if (group) group.count += 1;
    else if (this.groups.size < FailureLog.MAX_GROUPS)
      this.groups.set(key, { tool, scenario, ...failure, count: 1 });
  }

  list(): Array<Failure & { count: number }> {
    return [...this.groups.values()];
  }
}

const STEPS = ['login', 'auth', 'launch', 'page'] as const;
type Step = (typeof STEPS)[number];

type Outcome =
  | {
      ok: true;
      ms: number;
      /** Where the launch landed (carries the ltik). */
      pageUrl: string;
      /** How long each request took, from sending it to its response's end (the LMS's auth step included). */
      steps: Record<Step, number>;
    }
  | { ok: false; ms: number; failure: Omit<Failure, 'tool' | 'scenario'> };

/** What a failing response looked like: status, where it pointed, and the start of its text. */
function describe(step: Failure['step'], res: HttpResponse): Omit<Failure, 'tool' | 'scenario'> {
  const text = res.body
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return {
    step,
    status: res.status,
    ...(res.location ? { location: res.location } : {}),
    body: text.slice(0, 400),
  };
}

export async function launch(
  target: Target,
  lms: SimulatedLms,
  jar: CookieJar,
  who: LmsUser,
  options: LaunchOptions = {},
): Promise<Outcome> {
  const started = performance.now();
  let step: Step = 'login';
  const steps = { login: 0, auth: 0, launch: 0, page: 0 };
  let stepStart = started;
  const lap = () => {
    const now = performance.now();
    steps[step] = now - stepStart;
    stepStart = now;
  };
  const fail = (res: HttpResponse) => ({
    ok: false as const,
    ms: performance.now() - started,
    failure: describe(step, res),
  });
  try {
    const login = await request('POST', `${target.baseUrl}/lti/login`, {
      jar,
      form: lms.loginParams(`${target.baseUrl}/lti/launch`, who, options),
    });
    lap();
    if (login.status !== 302 || !login.location?.startsWith(lms.authUrl)) return fail(login);

    step = 'auth';
    const auth = await request('GET', login.location, { jar });
    lap();
    const idToken = hiddenInput(auth.body, 'id_token');
    const state = hiddenInput(auth.body, 'state');
    const action = formAction(auth.body);
    if (auth.status !== 200 || !idToken || !state || !action) return fail(auth);

    step = 'launch';
    const post = await request('POST', action, { jar, form: { id_token: idToken, state } });
    lap();
    if (post.status !== 302 || !post.location) return fail(post);

    step = 'page';
    const page = await request('GET', post.location, { jar });
    lap();
    // Our launch page of a link that places no module is a redirect to the role's home page (its reads are
    // measured by the learning suite's `home` scenario); bare ltijs and a placed module answer with the page.
    const toHome =
      page.status === 302 && new URL(page.location ?? '/', target.baseUrl).pathname === '/app/home';
    if (page.status !== 200 && !toHome) return fail(page);
    return { ok: true, ms: performance.now() - started, pageUrl: post.location, steps };
  } catch (err) {
    return {
      ok: false,
      ms: performance.now() - started,
      failure: { step, status: null, error: err instanceof Error ? err.message : String(err) },
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Closed loop at one concurrency.

interface LevelResult {
  concurrency: number;
  /** Measured seconds, in `slices` stretches alternating with the other tool's. */
  seconds: number;
  slices: number;
  /** Launches that completed inside the measured window. */
  launches: number;
  failed: number;
  /** Failed launches during the warm-up (not in `failed`). */
  warmupFailed: number;
  launchesPerSecond: number;
  latencyMs: LatencySummary;
  /** Per request of a launch; login + launch + page is the time spent waiting on the tool. */
  stepsMs: Record<Step | 'tool', LatencySummary>;
  /**
   * How late this process's event loop ran (ms, p50/p95/p99) in the measured windows. The load generator and the
   * simulated LMS share it: a late loop makes every request of a launch look slower than the tool made it.
   */
  benchLoopDelayMs: { p50: number; p95: number; p99: number };
  /** How busy the machine was (other processes) just before the level started. */
  busyBeforePercent: number;
  /** Highest VmRSS sampled every 200 ms during the level's slices (warm-ups included). */
  peakRssMb: number;
  /** The tool process's VmHWM at the end of the level (its lifetime peak). */
  hwmMb: number;
  /** CPU time per successful launch in the window (user + system), and how busy the machine was. */
  cpu: {
    /** The tool process. */
    toolMsPerLaunch: number;
    /** This process: simulated LMS (RS256 signing) and load generator. */
    benchMsPerLaunch: number;
    /** PostgreSQL, when it is our throwaway cluster (NaN with DATABASE_URL). */
    postgresMsPerLaunch: number;
    /** Everything else the machine did meanwhile (with DATABASE_URL, PostgreSQL too): other processes. */
    otherMsPerLaunch: number;
    machineBusyPercent: number;
    /** CPU time the hypervisor gave to other guests: a busy host slows everything down. */
    stealPercent: number;
  };
}

/** CPU counters (ms) at one instant: the tool's, this process's (LMS + load generator), PostgreSQL's, the machine's. */
interface CpuMark {
  tool: number;
  bench: number;
  postgres: number;
  machine: ReturnType<typeof readMachineCpu>;
}

function cpuMark(toolPids: number[], allToolPids: number[], ownCluster: boolean): CpuMark {
  const bench = process.cpuUsage();
  return {
    tool: toolPids.reduce((sum, pid) => sum + readCpuMs(pid), 0),
    bench: (bench.user + bench.system) / 1000,
    // With our throwaway cluster, PostgreSQL is every descendant of this process that is not a tool.
    postgres: ownCluster ? readDescendantsCpuMs(process.pid, allToolPids) : NaN,
    machine: readMachineCpu(),
  };
}

/** One stretch of closed-loop load on one tool: a warm-up, then a measured window. */
interface Slice {
  latencies: number[];
  steps: Array<Record<Step, number>>;
  failed: number;
  warmupFailed: number;
  memory: { rssMb: number; hwmMb: number };
  start?: CpuMark;
  end?: CpuMark;
}

async function runSlice(
  target: Target,
  lms: SimulatedLms,
  concurrency: number,
  warmupMs: number,
  measureMs: number,
  failures: FailureLog,
  mark: () => CpuMark,
  /** Records this process's event-loop delay, enabled only inside the measured window. */
  loopDelay: IntervalHistogram,
): Promise<Slice> {
  const sampler = new MemorySampler(target.pids, 200);
  const windowStart = performance.now() + warmupMs;
  const windowEnd = windowStart + measureMs;
  const slice: Slice = {
    latencies: [],
    steps: [],
    failed: 0,
    warmupFailed: 0,
    memory: { rssMb: 0, hwmMb: 0 },
  };
  const timers = [
    setTimeout(
      () => {
        slice.start = mark();
        loopDelay.enable();
      },
      Math.max(0, windowStart - performance.now()),
    ),
    setTimeout(
      () => {
        slice.end = mark();
        loopDelay.disable();
      },
      Math.max(0, windowEnd - performance.now()),
    ),
  ];
  const worker = async () => {
    while (performance.now() < windowEnd) {
      // A fresh learner in a fresh browser for every launch.
      const outcome = await launch(target, lms, new CookieJar(), user());
      const finished = performance.now();
      // Launches that complete inside the window count, wherever they started: unbiased in steady state.
      const inWindow = finished >= windowStart && finished <= windowEnd;
      if (outcome.ok) {
        if (inWindow) {
          slice.latencies.push(outcome.ms);
          slice.steps.push(outcome.steps);
        }
        continue;
      }
      if (inWindow) slice.failed += 1;
      else if (finished < windowStart) slice.warmupFailed += 1;
      failures.add(target.kind, `closed loop c=${concurrency}`, outcome.failure);
      if (target.process.hasExited()) throw new Error(`${target.process.name} exited during the run`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    for (const t of timers) clearTimeout(t);
    loopDelay.disable();
    slice.memory = sampler.stop();
  }
  return slice;
}

function levelFromSlices(
  concurrency: number,
  seconds: number,
  slices: Slice[],
  loopDelay: IntervalHistogram,
): LevelResult {
  const latencies = slices.flatMap((s) => s.latencies);
  const steps = slices.flatMap((s) => s.steps);
  const loopMs = (p: number) => (loopDelay.count ? loopDelay.percentile(p) / 1e6 : NaN);
  const stepsMs = Object.fromEntries(
    STEPS.map((step) => [step, summarize(steps.map((x) => x[step]))]),
  ) as Record<Step, LatencySummary>;
  const n = latencies.length;
  const sum = (f: (s: Slice) => number) => slices.reduce((acc, s) => acc + f(s), 0);
  const complete = slices.filter((s) => s.start && s.end);
  const delta = (f: (m: CpuMark) => number) => complete.reduce((acc, s) => acc + f(s.end!) - f(s.start!), 0);
  const tool = delta((m) => m.tool);
  const bench = delta((m) => m.bench);
  const postgres = delta((m) => m.postgres);
  const busy = delta((m) => m.machine?.busyMs ?? NaN);
  const steal = delta((m) => m.machine?.stealMs ?? NaN);
  const total = delta((m) => m.machine?.totalMs ?? NaN);
  return {
    concurrency,
    busyBeforePercent: NaN,
    seconds,
    slices: slices.length,
    launches: n,
    failed: sum((s) => s.failed),
    warmupFailed: sum((s) => s.warmupFailed),
    launchesPerSecond: n / seconds,
    latencyMs: summarize(latencies),
    stepsMs: { ...stepsMs, tool: summarize(steps.map((x) => x.login + x.launch + x.page)) },
    benchLoopDelayMs: { p50: loopMs(50), p95: loopMs(95), p99: loopMs(99) },
    peakRssMb: Math.max(...slices.map((s) => s.memory.rssMb)),
    hwmMb: Math.max(...slices.map((s) => s.memory.hwmMb)),
    cpu: {
      toolMsPerLaunch: tool / n,
      benchMsPerLaunch: bench / n,
      postgresMsPerLaunch: postgres / n,
      otherMsPerLaunch: (busy - tool - bench - (Number.isFinite(postgres) ? postgres : 0)) / n,
      machineBusyPercent: (100 * busy) / total,
      stealPercent: (100 * steal) / total,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// A course page with several embedded links: one user, one browser, all launches at once.

interface MultiLinkMode {
  mode: 'first-visit' | 'reload';
  description: string;
  launches: number;
  failed: number;
  /** Time until the last of a page's launches finished. */
  pageMs: LatencySummary;
}

interface MultiLinkResult {
  links: number;
  rounds: number;
  launches: number;
  failed: number;
  modes: MultiLinkMode[];
}

async function multiLink(
  target: Target,
  lms: SimulatedLms,
  settings: Settings,
  failures: FailureLog,
): Promise<MultiLinkResult> {
  const modes: MultiLinkMode[] = [];
  const courseUser = user();
  const courseJar = new CookieJar();
  for (const mode of ['first-visit', 'reload'] as const) {
    let failed = 0;
    const pageTimes: number[] = [];
    for (let r = 0; r < settings.multiRounds; r++) {
      // first-visit: a new learner opens the course page; reload: the same learner reloads it, same browser.
      const who = mode === 'first-visit' ? user() : courseUser;
      const jar = mode === 'first-visit' ? new CookieJar() : courseJar;
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: settings.multiLinks }, (_, i) =>
          launch(target, lms, jar, who, {
            resourceLink: { id: `course-page-link-${i + 1}`, title: `Module ${i + 1}` },
          }),
        ),
      );
      pageTimes.push(performance.now() - started);
      for (const o of outcomes) {
        if (o.ok) continue;
        failed += 1;
        failures.add(target.kind, `multi-link ${mode}`, o.failure);
      }
      if (target.process.hasExited()) throw new Error(`${target.process.name} exited during the run`);
    }
    modes.push({
      mode,
      description:
        mode === 'first-visit'
          ? `${settings.multiRounds} new learners, each opening a page with ${settings.multiLinks} links`
          : `one learner reloading the page ${settings.multiRounds} times in the same browser`,
      launches: settings.multiRounds * settings.multiLinks,
      failed,
      pageMs: summarize(pageTimes),
    });
  }
  return {
    links: settings.multiLinks,
    rounds: settings.multiRounds,
    launches: modes.reduce((a, m) => a + m.launches, 0),
    failed: modes.reduce((a, m) => a + m.failed, 0),
    modes,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Databases and the two tools.

/**
 * The V8 flags the tool runs with in production (the Dockerfile's CMD and `npm run start:prod`; a unit test keeps
 * the three in step).
 * - A young generation of 2 × 32 MB instead of 16 MB halves the scavenges of a request-serving heap: in paired runs
 *   at c=8, 4–8 % less tool CPU per launch, for 32 MB more RSS.
 * - An old generation of at most 1.5 GB (node's default: a quarter of the machine's memory, up to 4 GB) also lowers
 *   how far V8 lets it grow past what is live before it collects: up to 4× with a limit of 2 GB or more, scaled
 *   down to 1.3–2× below that (1.8× at 1.5 GB, 1.6× at 1 GB; V8's heap-controller.cc, MaxGrowingFactor). The tool
 *   holds 30–40 MB live under launches. In paired runs at c=32 (#20, the tool with and without the flag alternating
 *   slices), the old generation peaked at 53 MB instead of 129 MB and RSS at 183 MB instead of 260 MB; 1 GB gave
 *   46 MB and 178 MB for twice the major GCs. The cost is more major GCs (26 instead of 14 per 20,000 launches):
 *   tool CPU per launch 0 to +9 % and launches/s -2 to -12 % at c=32 over three such runs, +2 to +15 % at c=8,
 *   within the shared host's noise. 1.5 GB is still forty times what the tool keeps live: a worker that grows past
 *   it has a leak, and exits (the supervisor or the container starts another) instead of swapping the server.
 */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=32', '--max-old-space-size=1536'];

/** Our tool as a child process on a migrated database with the simulated LMS registered, as production runs it. */
export async function startOurs(
  url: string,
  lms: SimulatedLms,
  settings: Pick<Settings, 'nodeArgs' | 'oursEntry' | 'logLevel'>,
  extraEnv: NodeJS.ProcessEnv = {},
  /** WEB_CONCURRENCY: more than one starts a primary and that many workers (the tool `ours-workers`). */
  workers = 1,
): Promise<Target> {
  const key = crypto.randomBytes(32).toString('hex');
  const db = openPostgres(url, { max: 1 });
  try {
    await migrate(db);
    await createPlatformRepository(db, key).add(lms.registration());
  } finally {
    await db.close();
  }
  if (settings.oursEntry === undefined) await buildForProduction((line) => process.stderr.write(`${line}\n`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const proc = await startToolProcess({
    name: 'digiskill',
    args: [
      ...PRODUCTION_NODE_FLAGS,
      ...settings.nodeArgs,
      ...entryArgs(settings.oursEntry ?? PRODUCTION_ENTRY),
    ],
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: baseUrl,
      DATABASE_URL: url,
      LTI_ENCRYPTION_KEY: key,
      LOG_LEVEL: settings.logLevel,
      DEMO_PLATFORM: 'false',
      // The simulated LMS is plain http on loopback, which production otherwise refuses to reach.
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      OUTBOUND_ALLOW_HTTP: 'true',
      // The tool is plain http on loopback too (a closed lab, as production refuses otherwise).
      ALLOW_HTTP_BASE_URL: 'true',
      ...(workers > 1 ? { WEB_CONCURRENCY: String(workers) } : {}),
      ...extraEnv,
    },
    // With workers, ready once every worker listens (each logs server.started at info) and health answers.
    isReady: async (tool) =>
      (workers === 1 || (childPids(tool.pid).length >= workers && startedWorkers(tool) >= workers)) &&
      (await request('GET', `${baseUrl}/healthz`, { timeoutMs: 2000 })).status === 200,
  });
  return {
    kind: workers > 1 ? 'ours-workers' : 'ours',
    baseUrl,
    process: proc,
    pids: workers > 1 ? [proc.pid, ...childPids(proc.pid)] : [proc.pid],
  };
}

/** How many workers have logged that they listen (server.started, at info). */
function startedWorkers(tool: ToolProcess): number {
  try {
    return fs.readFileSync(tool.logFile, 'utf8').split('"event":"server.started"').length - 1;
  } catch {
    return 0;
  }
}

async function startBare(url: string, lms: SimulatedLms, settings: Settings): Promise<Target> {
  const port = await freePort();
  const proc = await startToolProcess({
    name: 'bare-ltijs',
    args: [...settings.nodeArgs, path.join(__dirname, 'bare-ltijs-tool.js')],
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      BARE_PORT: String(port),
      BARE_DATABASE_URL: url,
      BARE_ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
      BARE_POOL_MAX: String(settings.barePoolMax),
      BARE_LMS_ISSUER: lms.issuer,
      BARE_LMS_CLIENT_ID: lms.clientId,
      BARE_LMS_AUTH_URL: lms.authUrl,
      BARE_LMS_TOKEN_URL: lms.tokenUrl,
      BARE_LMS_JWKS_URL: lms.jwksUrl,
    },
    isReady: async (tool) => logContains(tool, 'BARE_LTIJS_READY'),
  });
  return { kind: 'bare', baseUrl: `http://127.0.0.1:${port}`, process: proc, pids: [proc.pid] };
}

// ---------------------------------------------------------------------------------------------------------
// The suite.

interface ToolResult {
  tool: ToolKind;
  label: string;
  levels: LevelResult[];
  multiLink: MultiLinkResult;
  idleRssMb: number | null;
  finalHwmMb: number | null;
  failures: Array<Failure & { count: number }>;
  logFile?: string;
}

interface TargetCheck {
  name: string;
  met: boolean | null;
  value: string;
}

export async function runLaunchBench(ctx: SuiteContext): Promise<SuiteResult> {
  const settings = settingsFromEnv(process.env);
  const { log } = ctx;
  const perLevel = settings.warmupSeconds + settings.seconds + ((settings.slices - 1) * REWARM_MS) / 1000 + 1;
  log(
    `launch: ${settings.tools.join(' + ')}, c=${settings.concurrency.join('/')}, ${settings.warmupSeconds}s warm-up + ${settings.seconds}s per level (~${Math.ceil(perLevel * settings.concurrency.length * settings.tools.length)}s of load)`,
  );

  const provided = await provideDatabases(
    log,
    settings.tools.map((kind) => kind.replace('-', '_')),
  );
  const dbs = {
    ours: provided.urls.ours!,
    oursWorkers: provided.urls.ours_workers!,
    bare: provided.urls.bare!,
    server: provided.server,
    ownCluster: provided.ownCluster,
  };
  const lms = await SimulatedLms.start();
  defer('stop the simulated LMS', () => lms.stop());

  // Both tools stay up for the whole run (an idle tool costs next to nothing) so that their load can alternate.
  const tools: Array<{
    kind: ToolKind;
    target: Target;
    idle?: number;
    failures: FailureLog;
    levels: LevelResult[];
  }> = [];
  for (const kind of settings.tools) {
    log(`starting ${toolLabel(kind, settings)} ...`);
    const target =
      kind === 'ours'
        ? await startOurs(dbs.ours, lms, settings)
        : kind === 'ours-workers'
          ? await startOurs(dbs.oursWorkers, lms, settings, {}, settings.workers)
          : await startBare(dbs.bare, lms, settings);
    tools.push({
      kind,
      target,
      idle: readMemory(target.pids)?.rssMb,
      failures: new FailureLog(),
      levels: [],
    });
  }
  // Each level is cut into slices that alternate between the tools (ours, bare, bare, ours, ...), so that a
  // machine whose speed drifts during the run (shared hosts do) treats both alike.
  const allPids = tools.map((t) => t.target.process.pid);
  const sliceMs = (settings.seconds * 1000) / settings.slices;
  for (const c of settings.concurrency) {
    const busyBefore = await waitForQuietMachine(settings.quietWaitSeconds * 1000, log);
    log(`  c=${c}: ${settings.slices} slices of ${(sliceMs / 1000).toFixed(1)}s per tool ...`);
    const slices = new Map<ToolKind, Slice[]>(tools.map((t) => [t.kind, []]));
    const loopDelays = new Map(tools.map((t) => [t.kind, monitorEventLoopDelay({ resolution: 1 })]));
    for (let i = 0; i < settings.slices; i++) {
      const order = i % 2 === 0 ? tools : [...tools].reverse();
      for (const tool of order) {
        const warmupMs = i === 0 ? settings.warmupSeconds * 1000 : REWARM_MS;
        const mark = () => cpuMark(tool.target.pids, allPids, dbs.ownCluster);
        slices
          .get(tool.kind)!
          .push(
            await runSlice(
              tool.target,
              lms,
              c,
              warmupMs,
              sliceMs,
              tool.failures,
              mark,
              loopDelays.get(tool.kind)!,
            ),
          );
      }
    }
    for (const tool of tools) {
      const level = levelFromSlices(c, settings.seconds, slices.get(tool.kind)!, loopDelays.get(tool.kind)!);
      level.busyBeforePercent = busyBefore ?? NaN;
      tool.levels.push(level);
      log(
        `  ${tool.kind}: c=${c}: ${level.launchesPerSecond.toFixed(1)} launches/s, p95 ${round(level.latencyMs.p95)} ms, ${level.failed} failed`,
      );
    }
  }
  const results: ToolResult[] = [];
  for (const { kind, target, idle, failures, levels } of tools) {
    await waitForQuietMachine(settings.quietWaitSeconds * 1000, log);
    log(
      `  ${kind}: multi-link (${settings.multiLinks} links x ${settings.multiRounds} rounds x 2 modes) ...`,
    );
    const multi = await multiLink(target, lms, settings, failures);
    log(`  ${kind}: multi-link: ${multi.failed} of ${multi.launches} launches failed`);
    const finalMemory = readMemory(target.pids);
    // Our tool's log is worth reading after a failure; bare ltijs' failures are its known behaviour.
    const keepLog = kind === 'ours' && failures.list().length > 0;
    if (keepLog) target.process.keepLog();
    results.push({
      tool: kind,
      label: toolLabel(kind, settings),
      levels,
      multiLink: multi,
      idleRssMb: idle === undefined ? null : round(idle),
      finalHwmMb: finalMemory ? round(finalMemory.hwmMb) : null,
      failures: failures.list(),
      ...(keepLog ? { logFile: target.process.logFile } : {}),
    });
  }
  for (const { target } of tools) await target.process.stop();

  return report(settings, dbs.server, results);
}

/** Other work on the machine skews the numbers: wait (up to maxMs) for it to be under 15 % busy. */
async function waitForQuietMachine(maxMs: number, log: (line: string) => void): Promise<number | undefined> {
  const deadline = Date.now() + maxMs;
  let busy = await machineBusyPercent(1000);
  if (busy === undefined || busy <= 15) return busy;
  log(
    `the machine is ${busy.toFixed(0)} % busy (other processes): waiting up to ${maxMs / 1000}s for it to quiet down ...`,
  );
  while (busy !== undefined && busy > 15 && Date.now() < deadline) busy = await machineBusyPercent(1000);
  if (busy !== undefined && busy > 15)
    log(`still ${busy.toFixed(0)} % busy: going ahead, expect noisy numbers`);
  return busy;
}

async function machineBusyPercent(ms: number): Promise<number | undefined> {
  const a = readMachineCpu();
  await new Promise((r) => setTimeout(r, ms));
  const b = readMachineCpu();
  return a && b ? (100 * (b.busyMs - a.busyMs)) / (b.totalMs - a.totalMs) : undefined;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function report(settings: Settings, server: string, results: ToolResult[]): SuiteResult {
  const ours = results.find((r) => r.tool === 'ours');
  const bare = results.find((r) => r.tool === 'bare');
  const oursWorkers = results.find((r) => r.tool === 'ours-workers');
  const at = (r: ToolResult | undefined, c: number) => r?.levels.find((l) => l.concurrency === c);
  const ratio = (c: number) => {
    const o = at(ours, c);
    const b = at(bare, c);
    return o && b && b.launchesPerSecond > 0 ? o.launchesPerSecond / b.launchesPerSecond : undefined;
  };

  const lines: string[] = [];
  const cpu = os.cpus();
  lines.push(
    `Launch benchmark: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${server}`,
  );
  lines.push(
    `One launch = POST /lti/login -> GET LMS auth -> POST /lti/launch -> GET /lti/launch?ltik (200, or for ours the 302 to /app/home, = success). ` +
      `Closed loop, a new learner and browser per launch; per level and tool ${settings.warmupSeconds}s warm-up, then ${settings.seconds}s measured in ${settings.slices} slices alternating with the other tool.`,
  );
  lines.push(
    `Our tool: node ${PRODUCTION_NODE_FLAGS.join(' ')} ${entryLabel(settings.oursEntry ?? PRODUCTION_ENTRY)}${settings.oursEntry === undefined ? ' (npm run build, as the Dockerfile)' : ''}, NODE_ENV=production LOG_LEVEL=${settings.logLevel}, pg pool 10` +
      (settings.tools.includes('ours-workers')
        ? `; with WEB_CONCURRENCY=${settings.workers}, a primary and ${settings.workers} workers, each with its pool (RSS, VmHWM and CPU summed over the ${settings.workers + 1} processes)`
        : '') +
      `. Bare ltijs: sequelize pool ${settings.barePoolMax}. ` +
      `The load generator and simulated LMS (RS256 signing) share the machine with the tool and PostgreSQL.`,
  );

  for (const r of results) {
    lines.push('', `${r.label}  (idle RSS ${r.idleRssMb ?? '-'} MB, VmHWM at end ${r.finalHwmMb ?? '-'} MB)`);
    lines.push(
      table(
        [
          'concurrency',
          'launches/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'launches',
          'errors',
          'peak RSS MB',
          'CPU ms/launch: tool',
          'LMS+client',
          'postgres',
          'other',
          'machine busy',
          'steal',
        ],
        r.levels.map((l) => [
          `c=${l.concurrency}`,
          fixed(l.launchesPerSecond, 1),
          fixed(l.latencyMs.p50, 1),
          fixed(l.latencyMs.p95, 1),
          fixed(l.latencyMs.p99, 1),
          l.launches,
          l.warmupFailed ? `${l.failed} (+${l.warmupFailed} warm-up)` : l.failed,
          fixed(l.peakRssMb, 1),
          fixed(l.cpu.toolMsPerLaunch, 2),
          fixed(l.cpu.benchMsPerLaunch, 2),
          fixed(l.cpu.postgresMsPerLaunch, 2),
          fixed(l.cpu.otherMsPerLaunch, 2),
          `${fixed(l.cpu.machineBusyPercent, 0)} %`,
          `${fixed(l.cpu.stealPercent, 0)} %`,
        ]),
      ),
    );
  }

  if (ours && bare) {
    lines.push('', 'Ratio ours / bare ltijs (launches/s):');
    lines.push(
      '  ' +
        settings.concurrency
          .map((c) => `c=${c}: ${ratio(c) === undefined ? '-' : `${ratio(c)!.toFixed(2)}x`}`)
          .join('   '),
    );
  }

  if (ours && oursWorkers) {
    lines.push('', `Ratio ${settings.workers} workers / one process (launches/s; peak RSS):`);
    lines.push(
      '  ' +
        settings.concurrency
          .map((c) => {
            const one = at(ours, c);
            const many = at(oursWorkers, c);
            if (!one || !many || one.launchesPerSecond === 0) return `c=${c}: -`;
            return `c=${c}: ${(many.launchesPerSecond / one.launchesPerSecond).toFixed(2)}x; ${fixed(many.peakRssMb, 0)} / ${fixed(one.peakRssMb, 0)} MB`;
          })
          .join('   '),
    );
  }

  lines.push(
    '',
    'Where a launch waits, p50 / p95 ms per request (auth is the simulated LMS; tool = login + launch + page of the same launch;',
    'bench loop delay: how late the load generator noticed what was ready, which every request above includes):',
  );
  lines.push(
    table(
      ['tool', 'concurrency', ...STEPS, 'tool', 'bench loop delay'],
      results.flatMap((r) =>
        r.levels.map((l) => [
          r.tool,
          `c=${l.concurrency}`,
          ...[...STEPS, 'tool' as const].map(
            (step) => `${fixed(l.stepsMs[step].p50, 1)} / ${fixed(l.stepsMs[step].p95, 1)}`,
          ),
          `${fixed(l.benchLoopDelayMs.p50, 1)} / ${fixed(l.benchLoopDelayMs.p95, 1)}`,
        ]),
      ),
    ),
  );

  lines.push(
    '',
    `Multi-link: a course page with ${settings.multiLinks} embedded links, all launched at once by one user with one cookie jar, ${settings.multiRounds} rounds per mode`,
  );
  lines.push(
    table(
      ['tool', 'mode', 'launches', 'failed', 'page p50 ms', 'page p95 ms'],
      results.flatMap((r) =>
        r.multiLink.modes.map((m) => [
          r.tool,
          m.mode,
          m.launches,
          m.failed,
          fixed(m.pageMs.p50, 1),
          fixed(m.pageMs.p95, 1),
        ]),
      ),
    ),
  );

  for (const r of results) {
    if (!r.failures.length) continue;
    const total = r.failures.reduce((n, f) => n + f.count, 0);
    lines.push(
      '',
      `Failed launches of ${r.label}, by kind (${total}${r.failures.length >= 20 ? '+' : ''})${r.logFile ? `; tool log kept: ${r.logFile}` : ''}:`,
    );
    for (const f of r.failures)
      lines.push(
        `  ${f.count} x [${f.scenario}] step ${f.step}: ${f.status ?? 'no response'}${f.location ? ` -> ${f.location}` : ''}${f.error ? ` ${f.error}` : ''}${f.body ? `\n      ${f.body}` : ''}`,
      );
  }

  const targets: TargetCheck[] = [];
  for (const c of [8, 32]) {
    const x = ratio(c);
    targets.push({
      name: `ours >= 2x bare ltijs launches/s at c=${c}`,
      met: x === undefined ? null : x >= 2,
      value: x === undefined ? 'not measured' : `${x.toFixed(2)}x`,
    });
  }
  // #20: one process's memory budget under launches (bare ltijs peaked at 233 MB on this machine).
  const o32 = at(ours, 32);
  targets.push({
    name: 'ours peak RSS < 250 MB at c=32',
    met: o32 ? o32.peakRssMb < 250 : null,
    value: o32 ? `${round(o32.peakRssMb)} MB` : 'not measured',
  });
  const o8 = at(ours, 8);
  targets.push({
    name: 'ours p95 < 50 ms at c=8',
    met: o8 ? o8.latencyMs.p95 < 50 : null,
    value: o8 ? `${round(o8.latencyMs.p95)} ms` : 'not measured',
  });
  targets.push({
    name: 'ours: 0 failed multi-link launches',
    met: ours ? ours.multiLink.failed === 0 : null,
    value: ours ? `${ours.multiLink.failed} of ${ours.multiLink.launches} failed` : 'not measured',
  });
  const oursErrors = ours?.levels.reduce((a, l) => a + l.failed + l.warmupFailed, 0);
  targets.push({
    name: 'ours: 0 failed launches under load (closed loop)',
    met: ours ? oursErrors === 0 : null,
    value: ours ? `${oursErrors} failed` : 'not measured',
  });
  const cores = os.cpus().length;
  const noisy = results.flatMap((r) =>
    r.levels
      .map((l) => ({
        r,
        l,
        share: (100 * l.cpu.otherMsPerLaunch * l.launchesPerSecond) / (cores * 1000),
      }))
      .filter((x) => x.share > 10),
  );
  const busyLevels = results.flatMap((r) =>
    r.levels.filter((l) => l.busyBeforePercent > 15).map((l) => ({ r, l })),
  );
  const stolen = results.flatMap((r) =>
    r.levels.filter((l) => l.cpu.stealPercent > 10).map((l) => ({ r, l })),
  );
  if (busyLevels.length || noisy.length || stolen.length) {
    lines.push('', 'Warning: the machine was not ours alone during the run, so these numbers are noisy:');
    for (const { r, l } of busyLevels)
      lines.push(
        `  ${r.tool} c=${l.concurrency}: the machine was ${l.busyBeforePercent.toFixed(0)} % busy just before`,
      );
    for (const { r, l, share } of noisy)
      lines.push(`  ${r.tool} c=${l.concurrency}: other processes took ${share.toFixed(0)} % of the machine`);
    for (const { r, l } of stolen)
      lines.push(
        `  ${r.tool} c=${l.concurrency}: the hypervisor took ${l.cpu.stealPercent.toFixed(0)} % (steal)`,
      );
  }

  if (ours) {
    lines.push('', 'Notes on our tool:');
    for (const l of ours.levels.filter((x) => x.concurrency >= 8)) {
      const bound = 1000 / l.cpu.toolMsPerLaunch;
      lines.push(
        `  c=${l.concurrency}: mean latency ${fixed(l.latencyMs.mean, 1)} ms (closed loop: = c / launches/s); ` +
          `${fixed(l.cpu.toolMsPerLaunch, 2)} ms tool CPU per launch caps one Node process near ${fixed(bound, 0)} launches/s`,
      );
    }
    const o8 = at(ours, 8);
    if (o8)
      lines.push(
        `  p95 < 50 ms at c=8 needs roughly >= ${fixed(8000 / 40, 0)} launches/s (mean <= ~40 ms); measured ${fixed(o8.launchesPerSecond, 1)}`,
      );
  }
  lines.push('', 'Targets:');
  for (const t of targets)
    lines.push(`  [${t.met === null ? 'N/A ' : t.met ? 'MET ' : 'MISS'}] ${t.name}: ${t.value}`);

  const json = {
    settings,
    server,
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model.trim(),
      node: process.version,
    },
    tools: results.map((r) => ({
      tool: r.tool,
      label: r.label,
      idleRssMb: r.idleRssMb,
      finalHwmMb: r.finalHwmMb,
      levels: r.levels.map((l) => ({
        concurrency: l.concurrency,
        seconds: l.seconds,
        slices: l.slices,
        busyBeforePercent: round(l.busyBeforePercent),
        launches: l.launches,
        failed: l.failed,
        warmupFailed: l.warmupFailed,
        launchesPerSecond: round(l.launchesPerSecond, 2),
        latencyMs: Object.fromEntries(
          Object.entries(l.latencyMs).map(([k, v]) => [k, k === 'count' ? v : round(v, 2)]),
        ),
        stepsMs: Object.fromEntries(
          Object.entries(l.stepsMs).map(([step, x]) => [
            step,
            { p50: round(x.p50, 2), p95: round(x.p95, 2), p99: round(x.p99, 2) },
          ]),
        ),
        benchLoopDelayMs: Object.fromEntries(
          Object.entries(l.benchLoopDelayMs).map(([k, v]) => [k, round(v, 2)]),
        ),
        peakRssMb: round(l.peakRssMb),
        hwmMb: round(l.hwmMb),
        cpu: Object.fromEntries(Object.entries(l.cpu).map(([k, v]) => [k, round(v, 2)])),
      })),
      multiLink: {
        ...r.multiLink,
        modes: r.multiLink.modes.map((m) => ({
          ...m,
          pageMs: { p50: round(m.pageMs.p50, 2), p95: round(m.pageMs.p95, 2), max: round(m.pageMs.max, 2) },
        })),
      },
      failures: r.failures,
    })),
    ratios: Object.fromEntries(settings.concurrency.map((c) => [`c${c}`, round(ratio(c) ?? NaN, 3)])),
    targets,
  };
  return { text: lines.join('\n'), json, ok: targets.every((t) => t.met !== false) };
}
