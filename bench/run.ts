import { cleanupTo, installSignalHandlers, isStopping, mark } from './cleanup';
import { destroyAgent } from './http-client';
import { runLaunchBench } from './launch.bench';
import { runLearningBench } from './learning.bench';
import { runSoakBench } from './soak.bench';
import { runDevelopmentBench } from './development.bench';
import { runCatalogueBench } from './catalogue.bench';
import { runReportBench } from './report.bench';
import { runCertificateBench } from './certificate.bench';
import type { Suite } from './suite';

/**
 * `npm run bench [-- suite ...]`: runs the benchmark suites (all, or those named on the command line or in
 * BENCH_SUITES, comma-separated), prints each suite's report, and at the end one line
 * `BENCH_JSON {...}` with every result, for scripts. Progress goes to stderr, results to stdout.
 * Exit code: 0, or 1 on an error, 130 on Ctrl-C; with BENCH_STRICT=1 also 2 when a target was missed.
 */

const SUITES: Suite[] = [
  {
    name: 'launch',
    description:
      'LTI launch throughput, latency and RSS: ours vs bare ltijs + ltijs-sequelize; multi-link page',
    run: runLaunchBench,
  },
  {
    name: 'learning',
    description:
      'progress page with 1,000 entries, module library of 200 modules, completions per second, grade outbox draining 10,000 grades',
    run: runLearningBench,
  },
  {
    name: 'catalogue',
    description: 'catalogue page, coverage matrix and picker search with 300 modules',
    run: runCatalogueBench,
  },
  {
    name: 'development',
    description: 'eligibility of 100,000 learners; the class view of a 500-learner course',
    run: runDevelopmentBench,
  },
  {
    name: 'report',
    description:
      'organisation report over 100,000 learners x 50 entries (5 M rows) and the cost of its rollups',
    run: runReportBench,
  },
  {
    name: 'certificates',
    description:
      'issuing certificate PDFs, downloading them again, the public check page, progress with certificates, Open Badges: credentials and their check',
    run: runCertificateBench,
  },
  {
    name: 'soak',
    description: 'launches at 70 % of peak for 10 minutes (BENCH_SOAK_SECONDS): errors and RSS drift',
    run: runSoakBench,
  },
];

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Options on the command line, taken out before the suite names: `--workers N` (or `--workers=N`) runs our tool
 * with WEB_CONCURRENCY=N in the launch suite (BENCH_WORKERS).
 */
function takeOptions(argv: string[], env: NodeJS.ProcessEnv): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const inline = /^--workers=(.*)$/.exec(arg);
    if (arg === '--workers' || inline) {
      const value = inline ? inline[1] : argv[(i += 1)];
      if (!value || !/^[1-9]\d*$/.test(value))
        throw new Error(`--workers needs a number of workers, got "${value ?? ''}"`);
      env.BENCH_WORKERS = value;
      continue;
    }
    rest.push(arg);
  }
  return rest;
}

function selectSuites(argv: string[], env: NodeJS.ProcessEnv): Suite[] {
  const wanted = [...argv, ...(env.BENCH_SUITES ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  if (wanted.includes('--help') || wanted.includes('-h') || wanted.includes('list')) {
    log(
      'Usage: npm run bench [-- suite ...] [--workers N]   (or BENCH_SUITES=a,b; --workers: our tool with WEB_CONCURRENCY=N in the launch suite)\nSuites:',
    );
    for (const s of SUITES) log(`  ${s.name.padEnd(10)} ${s.description}`);
    process.exit(0);
  }
  if (!wanted.length) return SUITES;
  const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
  if (unknown.length)
    throw new Error(
      `unknown suite(s): ${unknown.join(', ')}; available: ${SUITES.map((s) => s.name).join(', ')}`,
    );
  return SUITES.filter((s) => wanted.includes(s.name));
}

async function main(): Promise<number> {
  installSignalHandlers(log);
  const suites = selectSuites(takeOptions(process.argv.slice(2), process.env), process.env);
  const startedAt = new Date().toISOString();
  const results: Record<string, unknown> = {};
  let allOk = true;
  for (const suite of suites) {
    const before = mark();
    const started = Date.now();
    try {
      const result = await suite.run({ log });
      results[suite.name] = result.json;
      allOk &&= result.ok;
      process.stdout.write(`\n=== ${suite.name} ===\n${result.text}\n`);
    } finally {
      await cleanupTo(before, log);
    }
    log(`${suite.name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  process.stdout.write(
    `\nBENCH_JSON ${JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), suites: results })}\n`,
  );
  return allOk || process.env.BENCH_STRICT !== '1' ? 0 : 2;
}

main()
  .then(
    (code) => code,
    async (err: unknown) => {
      if (isStopping()) return new Promise<number>(() => undefined); // the signal handler exits
      log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await cleanupTo(0, log);
      return 1;
    },
  )
  .then((code) => {
    destroyAgent();
    process.exitCode = code;
    // Anything still holding the loop (a stray socket) must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
  });
