import { createLaunchWrites, type LaunchRecorder } from '../../src/lti/launch-writes';
import { LaunchRejected } from '../../src/lti/launch-validation';
import type { SqlCte } from '../../src/db/sql';
import type { LaunchFacts } from '../../src/use-cases/ports';

const facts: LaunchFacts = {
  issuer: 'https://lms.example',
  clientId: 'client',
  deploymentId: 'dep',
  platformUserId: 'u1',
  roles: [],
};

/** Records what each statement would carry; the SQL itself is exercised by the e2e launch tests. */
function recorder(fail = false): LaunchRecorder & { statements: string[][] } {
  const statements: string[][] = [];
  return {
    statements,
    recordLaunch: async (_facts: LaunchFacts, alongside: readonly SqlCte[]) => {
      statements.push(alongside.map((w) => w({ add: () => '$1' } as never)));
      if (fail) throw new Error('disk full');
    },
  };
}

const write =
  (name: string): SqlCte =>
  () =>
    name;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the writes of one launch', () => {
  it('runs the record and every write added before run() as one statement, once', async () => {
    const r = recorder();
    const writes = createLaunchWrites(r, facts, () => undefined);
    writes.settle();
    const first = writes.add(write('idtoken'));
    const second = writes.add(write('contexttoken'));
    writes.run();
    await Promise.all([first, second]);
    await tick(); // settle's own run finds nothing left to do
    expect(r.statements).toEqual([['idtoken', 'contexttoken']]);
  });

  it('records the launch by itself when nothing joins it (settle)', async () => {
    const r = recorder();
    createLaunchWrites(r, facts, () => undefined).settle();
    await tick();
    await tick();
    expect(r.statements).toEqual([[]]);
  });

  it('runs a write added after the statement ran in a statement of its own', async () => {
    const r = recorder();
    const writes = createLaunchWrites(r, facts, () => undefined);
    writes.run();
    const late = writes.add(write('contexttoken'));
    writes.run();
    await late;
    expect(r.statements).toEqual([[], ['contexttoken']]);
  });

  it('fails every write of a failed statement with TEMPORARILY_UNAVAILABLE and reports the cause once', async () => {
    const r = recorder(true);
    const causes: unknown[] = [];
    const writes = createLaunchWrites(r, facts, (err) => causes.push(err));
    writes.settle();
    const first = writes.add(write('idtoken'));
    const second = writes.add(write('contexttoken'));
    writes.run();
    await expect(first).rejects.toEqual(new LaunchRejected('TEMPORARILY_UNAVAILABLE'));
    await expect(second).rejects.toBeInstanceOf(LaunchRejected);
    await tick();
    expect(causes).toEqual([new Error('disk full')]);
  });
});
