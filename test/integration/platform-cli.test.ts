import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPlatformCli } from '../../src/cli/platform-cli';
import { openDatabase, type Database } from '../../src/db/database';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

// The LMS admin's CLI, run in-process against a real database (a fresh one per test), as `npm run platform` runs it.

const BASE_URL = 'https://tool.example.test';
const KEY = 'k'.repeat(40);

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
  const code = await runPlatformCli(argv, io, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digiskill-cli-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Env for the CLI: the test's PostgreSQL database, or (PGlite fallback) no DATABASE_URL and a temp DATA_DIR. */
function cliEnv(db: TestDatabase): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', LTI_ENCRYPTION_KEY: KEY, BASE_URL };
  if (db.url) env.DATABASE_URL = db.url;
  else env.DATA_DIR = tempDir();
  return env;
}

/** A platform as Moodle describes it, with a unique issuer. */
function moodle(overrides: Partial<Record<'issuer' | 'clientId' | 'name', string>> = {}) {
  const issuer = overrides.issuer ?? `https://moodle-${crypto.randomBytes(4).toString('hex')}.example.go.th`;
  const clientId = overrides.clientId ?? 'AbC123xyz';
  return {
    issuer,
    clientId,
    args: [
      '--issuer',
      issuer,
      '--client-id',
      clientId,
      '--auth-endpoint',
      `${issuer}/mod/lti/auth.php`,
      '--token-endpoint',
      `${issuer}/mod/lti/token.php`,
      '--keyset-url',
      `${issuer}/mod/lti/certs.php`,
      ...(overrides.name ? ['--name', overrides.name] : []),
    ],
  };
}

interface ListedPlatform {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  keysetUrl: string;
  deploymentIds: string[];
}

async function listJson(env: NodeJS.ProcessEnv): Promise<ListedPlatform[]> {
  const listed = await run(['list', '--json'], env);
  expect(listed).toMatchObject({ code: 0, err: '' });
  return JSON.parse(listed.out) as ListedPlatform[];
}

describe('npm run platform, with a database', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    db = await createTestDatabase();
    env = cliEnv(db);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('when a platform is added, then list shows it and the admin gets the tool URLs for Moodle', async () => {
    const p = moodle({ name: 'Moodle กรมส่งเสริมการปกครองท้องถิ่น' });

    const added = await run(['add', ...p.args, '--deployment-id', '3', '--deployment-id', '7'], env);

    expect(added.code).toBe(0);
    expect(added.out).toContain('Registered platform "Moodle กรมส่งเสริมการปกครองท้องถิ่น"');
    expect(added.out).toContain(`${BASE_URL}/lti/login`);
    expect(added.out).toContain(`${BASE_URL}/lti/launch`);
    expect(added.out).toContain(`${BASE_URL}/lti/keys`);
    expect(await listJson(env)).toEqual([
      expect.objectContaining({
        issuer: p.issuer,
        clientId: p.clientId,
        name: 'Moodle กรมส่งเสริมการปกครองท้องถิ่น',
        authEndpoint: `${p.issuer}/mod/lti/auth.php`,
        tokenEndpoint: `${p.issuer}/mod/lti/token.php`,
        keysetUrl: `${p.issuer}/mod/lti/certs.php`,
        deploymentIds: ['3', '7'],
      }),
    ]);
    const table = await run(['list'], env);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(new RegExp(`${p.issuer}\\s+AbC123xyz\\s+3, 7`));
  });

  it('when no name is given, then the platform is named after the issuer host', async () => {
    const p = moodle();
    expect((await run(['add', ...p.args, '--deployment-id', '1'], env)).code).toBe(0);
    expect((await listJson(env))[0]?.name).toBe(new URL(p.issuer).host);
  });

  it('when the same issuer and client id are added again, then it fails naming the platform and suggests add-deployment or remove', async () => {
    const p = moodle();
    expect((await run(['add', ...p.args, '--deployment-id', '1'], env)).code).toBe(0);

    const again = await run(['add', ...p.args, '--deployment-id', '2'], env);

    expect(again.code).toBe(1);
    expect(again.err).toContain(`Platform ${p.issuer} with client id ${p.clientId} is already registered`);
    expect(again.err).toContain(`add-deployment --issuer ${p.issuer} --client-id ${p.clientId}`);
    expect(again.err).toContain(`remove --issuer ${p.issuer} --client-id ${p.clientId}`);
    expect((await listJson(env)).map((x) => x.deploymentIds)).toEqual([['1']]);
  });

  it('when a deployment id is added, then the platform accepts both, and ids it already had are reported', async () => {
    const p = moodle();
    await run(['add', ...p.args, '--deployment-id', '1'], env);

    const added = await run(
      [
        'add-deployment',
        '--issuer',
        p.issuer,
        '--client-id',
        p.clientId,
        '--deployment-id',
        '2',
        '--deployment-id',
        '1',
      ],
      env,
    );

    expect(added.code).toBe(0);
    expect(added.out).toContain('Added deployment id(s) 2');
    expect(added.out).toContain('Already accepted: 1');
    expect((await listJson(env))[0]?.deploymentIds).toEqual(['1', '2']);
  });

  it('when a deployment id is added to an unknown platform, then it fails saying what is registered', async () => {
    const p = moodle();
    await run(['add', ...p.args, '--deployment-id', '1'], env);

    const result = await run(
      ['add-deployment', '--issuer', p.issuer, '--client-id', 'other', '--deployment-id', '2'],
      env,
    );

    expect(result.code).toBe(1);
    expect(result.err).toContain(`No platform is registered with issuer ${p.issuer} and client id other`);
    expect(result.err).toContain(`client id(s): ${p.clientId}`);
  });

  /** The CLI's database, opened after it has closed it (PGlite allows one user at a time). */
  async function withDatabase<T>(fn: (d: Database) => Promise<T>): Promise<T> {
    const d = await openDatabase(env.DATABASE_URL, env.DATA_DIR && path.resolve(env.DATA_DIR, 'pglite'));
    try {
      return await fn(d);
    } finally {
      await d.close();
    }
  }
  const organisations = () =>
    withDatabase((d) =>
      d.query<{ deployment_id: string | null; name: string | null; people: number }>(
        `SELECT t.deployment_id, t.name, (SELECT count(*)::int FROM people p WHERE p.tenant_id = t.id) AS people
           FROM tenants t ORDER BY t.id`,
      ),
    );

  it('when a deployment is split off, then it becomes an organisation of its own, and the output says existing data stays', async () => {
    const p = moodle();
    await run(['add', ...p.args, '--deployment-id', '3', '--deployment-id', '42'], env);
    // Launches through either deployment so far went to the issuer's organisation.
    await withDatabase(async (d) => {
      const [org] = await d.query<{ id: number }>(
        'INSERT INTO tenants (issuer, client_id) VALUES ($1, $2) RETURNING id',
        [p.issuer, p.clientId],
      );
      await d.query("INSERT INTO people (tenant_id, platform_user_id) VALUES ($1, 'u1'), ($1, 'u2')", [
        org!.id,
      ]);
    });

    const split = await run(
      ['split-deployment', '--issuer', p.issuer, '--deployment-id', '42', '--name', 'กรมตัวอย่าง'],
      env,
    );

    expect(split).toMatchObject({ code: 0, err: '' });
    expect(split.out).toContain(
      `Deployment 42 of ${p.issuer} is now an organisation of its own: "กรมตัวอย่าง"`,
    );
    expect(split.out).toContain('New launches through deployment 42 go to "กรมตัวอย่าง"');
    expect(split.out).toContain('Existing data stays where it is');
    expect(split.out).toContain('is not moved or copied');
    expect(await organisations()).toEqual([
      { deployment_id: null, name: null, people: 2 },
      { deployment_id: '42', name: 'กรมตัวอย่าง', people: 0 },
    ]);

    const again = await run(
      ['split-deployment', '--issuer', p.issuer, '--deployment-id', '42', '--name', 'Other'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.err).toContain('is already an organisation of its own: "กรมตัวอย่าง"');
    expect(again.err).toContain('Nothing was changed');
    expect((await organisations()).length).toBe(2);
    expect((await run(['list'], env)).out).toContain(
      `Deployments split off into organisations of their own:\n  deployment 42 of ${p.issuer}: "กรมตัวอย่าง" (0 people)`,
    );
  });

  it('when the deployment to split is not registered, then it fails listing the registered ones and changes nothing', async () => {
    const p = moodle();
    await run(['add', ...p.args, '--deployment-id', '3', '--deployment-id', '42'], env);

    const result = await run(
      ['split-deployment', '--issuer', p.issuer, '--deployment-id', '99', '--name', 'Agency'],
      env,
    );

    expect(result.code).toBe(1);
    expect(result.err).toContain(`Deployment id 99 is not registered for ${p.issuer}. Nothing was changed.`);
    expect(result.err).toContain('registered deployment ids: 3, 42');
    expect(result.err).toContain('add-deployment');
    expect(await organisations()).toEqual([]);
    const unknown = await run(
      ['split-deployment', '--issuer', 'https://nowhere.example', '--deployment-id', '3', '--name', 'A'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No platform is registered with issuer https://nowhere.example');
  });

  it('when a platform is removed, then list is empty again', async () => {
    const p = moodle();
    await run(['add', ...p.args, '--deployment-id', '1'], env);

    const removed = await run(['remove', '--issuer', p.issuer, '--client-id', p.clientId], env);

    expect(removed.code).toBe(0);
    expect(removed.out).toContain(`Removed 1 platform registration`);
    expect(removed.out).toContain('its open sessions have ended (0;');
    expect(removed.out).toContain('"platform removed": 0.');
    expect(await listJson(env)).toEqual([]);
    expect((await run(['list'], env)).out).toContain('No platforms are registered');
    // Both changes are in the audit log, by the operator of the command line.
    expect(
      await withDatabase((d) =>
        d.query(
          'SELECT action, actor_kind, client_id FROM platform_audit_log WHERE issuer = $1 ORDER BY id',
          [p.issuer],
        ),
      ),
    ).toEqual([
      { action: 'platform.registered', actor_kind: 'operator', client_id: p.clientId },
      { action: 'platform.removed', actor_kind: 'operator', client_id: p.clientId },
    ]);
  });

  it('when remove is given only the issuer, then every client id of that issuer goes', async () => {
    const issuer = moodle().issuer;
    await run(['add', ...moodle({ issuer, clientId: 'one' }).args, '--deployment-id', '1'], env);
    await run(['add', ...moodle({ issuer, clientId: 'two' }).args, '--deployment-id', '1'], env);

    const removed = await run(['remove', '--issuer', issuer], env);

    expect(removed).toMatchObject({ code: 0 });
    expect(removed.out).toContain('Removed 2 platform registrations');
    expect(await listJson(env)).toEqual([]);
  });

  it('when an unknown platform is removed, then it fails with a clear message and points at the near miss', async () => {
    const p = moodle();
    await run(['add', ...p.args, '--deployment-id', '1'], env);

    const removed = await run(['remove', '--issuer', `${p.issuer}/`], env);

    expect(removed.code).toBe(1);
    expect(removed.err).toContain(`No platform is registered with issuer ${p.issuer}/.`);
    expect(removed.err).toContain(`Did you mean ${p.issuer}?`);
    expect(await listJson(env)).toHaveLength(1);
  });
});

describe('npm run platform, with a wrong command line', () => {
  // Nothing listens on port 1: a test that reached the database would fail with exit code 1, not 2.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://127.0.0.1:1/never',
    LTI_ENCRYPTION_KEY: KEY,
    BASE_URL,
  };
  const complete = () => [...moodle().args, '--deployment-id', '1'];
  const without = (option: string) => {
    const args = complete();
    const at = args.indexOf(option);
    args.splice(at, 2);
    return args;
  };

  it.each([
    ['the issuer is missing', without('--issuer'), "--issuer: required (Moodle's Platform ID)"],
    ['no deployment id is given', without('--deployment-id'), '--deployment-id: required'],
    ['an option is unknown', [...complete(), '--colour', 'red'], '--colour: unknown option for "add"'],
    ['an option has no value', [...without('--client-id'), '--client-id'], '--client-id: needs a value'],
    [
      'an id is too long',
      [...complete(), '--deployment-id', 'x'.repeat(256)],
      '--deployment-id: must be at most 255 characters',
    ],
    [
      'the issuer contains a space',
      [...without('--issuer'), '--issuer', 'https://moodle.example.go.th '],
      '--issuer: must not contain spaces',
    ],
  ])('when %s, then it exits 2 naming the option', async (_, argv, message) => {
    const result = await run(['add', ...argv], env);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toContain(message);
  });

  it.each([
    ['--keyset-url', 'certs.php', '--keyset-url: must be an absolute http(s) URL'],
    [
      '--auth-endpoint',
      'ftp://moodle.example.go.th/auth',
      '--auth-endpoint: must be an absolute http(s) URL',
    ],
    [
      '--issuer',
      'https://moodle.example.go.th?x=1',
      '--issuer: must not contain a query (?) or fragment (#)',
    ],
  ])('when %s is %s, then it exits 2 naming the option', async (option, value, message) => {
    const result = await run(['add', ...without(option), option, value], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it('when several things are wrong, then every problem is printed at once', async () => {
    const result = await run(['add', '--issuer', 'moodle', '--token-endpoint', 'x', '--colour'], env);
    expect(result.code).toBe(2);
    for (const option of [
      '--colour',
      '--issuer',
      '--client-id',
      '--auth-endpoint',
      '--token-endpoint',
      '--keyset-url',
      '--deployment-id',
    ]) {
      expect(result.err).toContain(`${option}: `);
    }
  });

  it('when an endpoint is plain http in production, then it exits 2 asking for https', async () => {
    const production = { ...env, NODE_ENV: 'production' };
    const result = await run(
      [
        'add',
        ...without('--token-endpoint'),
        '--token-endpoint',
        'http://moodle.example.go.th/mod/lti/token.php',
      ],
      production,
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('--token-endpoint: must be an absolute https URL in production');
  });

  it('when the command is unknown, then it exits 2 with the usage', async () => {
    const result = await run(['register', '--issuer', 'x'], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown command "register"');
    expect(result.err).toContain('Usage: npm run platform -- <command> [options]');
  });

  it('when split-deployment has no name or no deployment id, then it exits 2 naming them', async () => {
    const result = await run(['split-deployment', '--issuer', 'https://moodle.example.go.th'], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--deployment-id: required');
    expect(result.err).toContain("--name: required (the new organisation's name)");
    const blank = await run(
      ['split-deployment', '--issuer', 'https://m.example', '--deployment-id', '4', '--name', '  '],
      env,
    );
    expect(blank.code).toBe(2);
    expect(blank.err).toContain('--name: must not be empty');
  });

  it('when remove has no issuer, then it exits 2 naming it', async () => {
    const result = await run(['remove', '--client-id', 'x'], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--issuer: required');
  });

  it('when asked for help or given nothing, then it prints the usage and exits 0', async () => {
    for (const argv of [[], ['help'], ['--help'], ['add', '--help']]) {
      const result = await run(argv, env);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain('add-deployment');
    }
  });
});

describe('npm run platform, with the embedded database', () => {
  it('when the embedded database is marked in use, then it refuses and says why, leaving the database alone', async () => {
    const dataDir = tempDir();
    const pidFile = path.join(dataDir, 'pglite', 'postmaster.pid');
    fs.mkdirSync(path.dirname(pidFile), { recursive: true });
    fs.writeFileSync(pidFile, '-42\n');

    // Port 1: nothing answers, so the tool is not running there.
    const result = await run(['list'], { NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '1' });

    expect(result.code).toBe(1);
    expect(result.err).toContain('is marked in use');
    expect(result.err).toContain(pidFile);
    expect(fs.existsSync(pidFile)).toBe(true);
    expect(fs.readdirSync(path.dirname(pidFile))).toEqual(['postmaster.pid']);
  });
});
