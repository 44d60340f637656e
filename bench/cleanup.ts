/**
 * Teardown for the benchmark: every resource a suite opens (child process, database, LMS, cluster) registers
 * an undo step here. Steps run last-in-first-out when the suite ends, on an error, or on SIGINT/SIGTERM;
 * each runs once and a failing step does not stop the others.
 */

type Step = { label: string; run: () => Promise<void> | void };

const pending: Step[] = [];
/** Synchronous last resort for process 'exit' (e.g. kill child pids): async steps cannot run there. */
const onExit = new Set<() => void>();

export function defer(label: string, run: () => Promise<void> | void): void {
  pending.push({ label, run });
}

export function deferOnExit(fn: () => void): () => void {
  onExit.add(fn);
  return () => onExit.delete(fn);
}

/** Runs the steps registered since `mark` (all of them by default), newest first. */
export async function cleanupTo(mark = 0, log: (line: string) => void = () => undefined): Promise<void> {
  while (pending.length > mark) {
    const step = pending.pop()!;
    try {
      await step.run();
    } catch (err) {
      log(`cleanup: ${step.label} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export function mark(): number {
  return pending.length;
}

let installed = false;
let stopping = false;

/** True once SIGINT/SIGTERM arrived: errors from here on are the consequence, not worth reporting. */
export function isStopping(): boolean {
  return stopping;
}

/** SIGINT/SIGTERM: clean up everything, then exit 130/143. */
export function installSignalHandlers(log: (line: string) => void): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`\n${signal}: stopping the benchmark and cleaning up ...`);
      const force = setTimeout(() => process.exit(code), 20_000);
      force.unref();
      void cleanupTo(0, log).finally(() => process.exit(code));
    });
  }
  process.on('exit', () => {
    for (const fn of onExit) {
      try {
        fn();
      } catch {
        // Best effort on the way out.
      }
    }
  });
}
