import type { LaunchWrites } from '../db/ltijs-store';
import type { SqlCte } from '../db/sql';
import type { LaunchFacts } from '../use-cases/ports';
import { LaunchRejected } from './launch-validation';

export interface LaunchRecorder {
  /** Upserts who and where, with the given writes in the same statement. */
  recordLaunch(facts: LaunchFacts, alongside: readonly SqlCte[]): Promise<unknown>;
}

/**
 * The writes of one verified launch: who and where, and ltijs' session rows, as one statement. The statement
 * runs when ltijs stores its last session row (see the store's Replace); `settle` also runs it a moment after
 * verification, should ltijs store nothing, so the launch is recorded either way. A failure rejects with
 * TEMPORARILY_UNAVAILABLE (ltijs shows it on its invalid-token page) after `onError` has seen the cause.
 */
export function createLaunchWrites(
  recorder: LaunchRecorder,
  facts: LaunchFacts,
  onError: (err: unknown) => void,
): LaunchWrites & { settle(): void } {
  let pending: Array<{ write: SqlCte; done: () => void; failed: (err: unknown) => void }> = [];
  let ran = false;
  let previous: Promise<unknown> = Promise.resolve();

  const run = (): Promise<void> => {
    if (ran && pending.length === 0) return Promise.resolve();
    ran = true;
    const batch = pending;
    pending = [];
    const statement = previous
      .catch(() => undefined)
      .then(() =>
        recorder.recordLaunch(
          facts,
          batch.map((b) => b.write),
        ),
      )
      .then(
        () => batch.forEach((b) => b.done()),
        (err: unknown) => {
          onError(err);
          const rejected = new LaunchRejected('TEMPORARILY_UNAVAILABLE');
          batch.forEach((b) => b.failed(rejected));
          throw rejected;
        },
      );
    previous = statement;
    return statement;
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
  };
}
