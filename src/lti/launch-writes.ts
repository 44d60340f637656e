import { LoginRefused } from '../db/launch.repository';
import type { LaunchWrites } from '../db/ltijs-store';
import type { LoginToConsume } from '../db/login-state.repository';
import type { SqlCte } from '../db/sql';
import type { LaunchFacts } from '../use-cases/ports';
import { LaunchRejected } from './launch-validation';
import { isUnstorableText } from '../shared/unavailable';

export interface LaunchRecorder {
  /**
   * Consumes the login, upserts who and where, and runs the given writes, in one statement; a login that cannot
   * be consumed rejects with an error whose `code` names the refusal (and nothing is written).
   */
  recordLaunch(
    facts: LaunchFacts,
    alongside: readonly SqlCte[],
    login?: LoginToConsume,
  ): Promise<{ targetQuery?: Record<string, string> }>;
}

/**
 * The writes of one verified launch: its login consumed, who and where, and ltijs' session rows, as one
 * statement. The statement runs when ltijs stores its last session row (see the store's Replace); `settle` also
 * runs it a moment after verification, should ltijs store nothing, so the login is consumed either way.
 * A refused login rejects with its code; a failure with TEMPORARILY_UNAVAILABLE after `onError` has seen the
 * cause. ltijs shows either on its invalid-token page.
 */
export function createLaunchWrites(
  recorder: LaunchRecorder,
  facts: LaunchFacts,
  login: LoginToConsume,
  onError: (err: unknown) => void,
): LaunchWrites & {
  settle(): void;
  /** The target link's query parameters kept with the login, once the statement has run. */
  targetQuery(): Record<string, string> | undefined;
} {
  let pending: Array<{ write: SqlCte; done: () => void; failed: (err: unknown) => void }> = [];
  let ran = false;
  let first: Promise<{ targetQuery?: Record<string, string> }> | undefined;
  let targetQuery: Record<string, string> | undefined;
  let reported = false;

  const run = (): Promise<void> => {
    if (ran && pending.length === 0) return Promise.resolve();
    ran = true;
    const batch = pending;
    pending = [];
    const writes = batch.map((b) => b.write);
    // The first statement consumes the login. A later one (only if ltijs wrote after it ran) waits for it and,
    // if it was refused or failed, fails the same way.
    const statement = first
      ? first.then(() => recorder.recordLaunch(facts, writes))
      : (first = recorder.recordLaunch(facts, writes, login));
    return statement.then(
      (result) => {
        targetQuery ??= result.targetQuery;
        batch.forEach((b) => b.done());
      },
      (err: unknown) => {
        let rejected: LaunchRejected;
        if (err instanceof LoginRefused) rejected = new LaunchRejected(err.code);
        else if (isUnstorableText(err)) rejected = new LaunchRejected('INVALID_LAUNCH_CLAIMS');
        else {
          if (!reported) onError(err);
          reported = true;
          rejected = new LaunchRejected('TEMPORARILY_UNAVAILABLE');
        }
        batch.forEach((b) => b.failed(rejected));
        throw rejected;
      },
    );
  };

  return {
    add(write) {
      return new Promise<void>((done, failed) => pending.push({ write, done, failed }));
    },
    run() {
      run().catch(() => undefined); // reported through onError and the writes' own promises
    },
    settle() {
      setImmediate(() => run().catch(() => undefined));
    },
    targetQuery: () => targetQuery,
  };
}
