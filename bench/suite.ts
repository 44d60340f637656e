/** What every benchmark suite gets from bench/run.ts and hands back to it. */

export interface SuiteContext {
  /** Progress for the human watching (stderr). */
  log(line: string): void;
}

export interface SuiteResult {
  /** The readable report (stdout). */
  text: string;
  /** The same results for scripts, collected into the final BENCH_JSON line. */
  json: unknown;
  /** false when the suite measured a miss against one of its targets. */
  ok: boolean;
}

export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<SuiteResult>;
}
