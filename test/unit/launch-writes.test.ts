import { createLaunchWrites, type LaunchRecorder } from '../../src/lti/launch-writes';
import { LaunchRejected } from '../../src/lti/launch-validation';
import { LoginRefused } from '../../src/db/launch.repository';
import type { LoginToConsume } from '../../src/db/login-state.repository';
import type { SqlCte } from '../../src/db/sql';
import type { LaunchFacts } from '../../src/use-cases/ports';

const facts: LaunchFacts = {
  issuer: 'https://lms.example',
  clientId: 'client',
  deploymentId: 'dep',
  platformUserId: 'u1',
  roles: [],
};
const login: LoginToConsume = { state: 's1', nonce: 'n1' };

/** Records what each statement would carry; the SQL itself runs in the e2e launch and security tests. */
function recorder(outcome: 'ok' | 'refused' | 'down' = 'ok') {
  const statements: Array<{ writes: string[]; consumes: boolean }> = [];
  const r: LaunchRecorder = {
    recordLaunch: async (_facts, alongside: readonly SqlCte[], consumed?: LoginToConsume) => {
      statements.push({
        writes: alongside.map((w) => w({ add: () => '$1' } as never)),
        consumes: !!consumed,
      });
      if (outcome === 'refused') throw new LoginRefused('NONCE_ALREADY_RECEIVED');
      if (outcome === 'down') throw new Error('disk full');
      return { targetQuery: { section: '3' } };
    },
  };
  return { ...r, statements };
}

const write =
  (name: string): SqlCte =>
  () =>
    name;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the writes of one launch', () => {
  it('consumes the login and runs every write added before run() as one statement, once', async () => {
    const r = recorder();
    const writes = createLaunchWrites(r, facts, login, () => undefined);
    writes.settle();
    const first = writes.add(write('idtoken'));
    const second = writes.add(write('contexttoken'));
    writes.run();
    await Promise.all([first, second]);
    await tick(); // settle's own run finds nothing left to do
    expect(r.statements).toEqual([{ writes: ['idtoken', 'contexttoken'], consumes: true }]);
    expect(writes.targetQuery()).toEqual({ section: '3' });
  });

  it('consumes the login and records the launch by itself when nothing joins it (settle)', async () => {
    const r = recorder();
    createLaunchWrites(r, facts, login, () => undefined).settle();
    await tick();
    await tick();
    expect(r.statements).toEqual([{ writes: [], consumes: true }]);
  });

  it('runs a write added after the statement ran in a statement of its own, without consuming the login again', async () => {
    const r = recorder();
    const writes = createLaunchWrites(r, facts, login, () => undefined);
    writes.run();
    const late = writes.add(write('contexttoken'));
    writes.run();
    await late;
    expect(r.statements).toEqual([
      { writes: [], consumes: true },
      { writes: ['contexttoken'], consumes: false },
    ]);
  });

  it('a refused login fails every write with its own code, and is not reported as a failure', async () => {
    const r = recorder('refused');
    const causes: unknown[] = [];
    const writes = createLaunchWrites(r, facts, login, (err) => causes.push(err));
    const first = writes.add(write('idtoken'));
    writes.run();
    await expect(first).rejects.toEqual(new LaunchRejected('NONCE_ALREADY_RECEIVED'));
    // Anything ltijs might write afterwards fails the same way and is not written.
    const late = writes.add(write('contexttoken'));
    writes.run();
    await expect(late).rejects.toEqual(new LaunchRejected('NONCE_ALREADY_RECEIVED'));
    expect(r.statements).toHaveLength(1);
    expect(causes).toEqual([]);
  });

  it('fails every write of a failed statement with TEMPORARILY_UNAVAILABLE and reports the cause once', async () => {
    const r = recorder('down');
    const causes: unknown[] = [];
    const writes = createLaunchWrites(r, facts, login, (err) => causes.push(err));
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
