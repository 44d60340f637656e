import crypto from 'node:crypto';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createLtijsStore, TTL_SECONDS, type LaunchWrites } from '../../src/db/ltijs-store';
import { SqlParams, type SqlCte } from '../../src/db/sql';
import { migrate } from '../../src/db/migrate';
import { createTestDatabase } from '../support/test-db';

// The plugin contract ltijs 5.9.9 relies on (shared/reference/ltijs-and-moodle.md §1.1), on a real PostgreSQL.
let db: Database;
let drop: () => Promise<void>;
let store: ReturnType<typeof createLtijsStore>;
const KEY = 'store-test-encryption-key-0123456789';

beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
  if (!t.url) await migrate(db);
  store = createLtijsStore(db, { purgeIntervalMs: 0 });
  await store.setup();
});
afterAll(async () => {
  await store.Close();
  await db.close();
  await drop();
});

const uid = () => crypto.randomBytes(6).toString('hex');
const age = (table: string, column: string, value: string, seconds: number) =>
  db.query(`UPDATE ${table} SET created_at = now() - make_interval(secs => $2) WHERE ${column} = $1`, [
    value,
    seconds,
  ]);

describe('ltijs database plugin on PostgreSQL', () => {
  it('Get returns false, not [], when nothing matches', async () => {
    await expect(
      store.Get(false, 'idtoken', { iss: 'nobody', clientId: 'x', deploymentId: 'y', user: 'z' }),
    ).resolves.toBe(false);
  });

  it('Get with an undefined value in the query matches nothing instead of everything', async () => {
    await store.Insert(false, 'state', { state: uid(), query: {} });
    await expect(store.Get(false, 'state', { state: undefined })).resolves.toBe(false);
  });

  it('Get without a query returns every row (ltijs lists platforms and keys that way)', async () => {
    const kid = uid();
    await store.Replace(
      false,
      'platform',
      { platformUrl: `https://lms-${kid}`, clientId: 'c' },
      {
        platformName: 'x',
        platformUrl: `https://lms-${kid}`,
        clientId: 'c',
        authEndpoint: 'a',
        accesstokenEndpoint: 't',
        kid,
        authConfig: { method: 'JWK_SET', key: 'https://lms/jwks' },
      },
    );
    const all = await store.Get(false, 'platform');
    expect(all && all.some((p) => p.kid === kid)).toBe(true);
  });

  it('round-trips documents with nested JSON and arrays unchanged', async () => {
    const contextId = uid();
    const doc = {
      contextId,
      user: 'u1',
      roles: ['a', 'b'],
      context: { id: 'c', title: 'ไทย' },
      custom: { n: '1' },
      path: '/lti/launch',
    };
    await store.Replace(false, 'contexttoken', { contextId, user: 'u1' }, doc);
    await expect(store.Get(false, 'contexttoken', { contextId, user: 'u1' })).resolves.toEqual([doc]);
  });

  it('a caller changing what Get gave it does not change what the next Get gives (cached sessions and platforms)', async () => {
    // ltijs adds platformContext to the id token it reads; another reader must not see that.
    const contextId = uid();
    const session = { contextId, user: 'u2', context: { id: 'c', title: 'วิชา' }, roles: ['r'] };
    await store.Replace(false, 'contexttoken', { contextId, user: 'u2' }, session);
    const first = (await store.Get(false, 'contexttoken', { contextId, user: 'u2' })) as Array<
      Record<string, unknown>
    >;
    first[0]!.platformContext = { added: true };
    (first[0]!.context as { title: string }).title = 'changed';
    (first[0]!.roles as string[]).push('x');
    await expect(store.Get(false, 'contexttoken', { contextId, user: 'u2' })).resolves.toEqual([session]);

    const kid = uid();
    const platformUrl = `https://lms-${kid}`;
    const platform = {
      platformName: 'x',
      platformUrl,
      clientId: 'c',
      authEndpoint: 'a',
      accesstokenEndpoint: 't',
      kid,
      authConfig: { method: 'JWK_SET', key: 'https://lms/jwks' },
    };
    await store.Replace(false, 'platform', { platformUrl, clientId: 'c' }, platform);
    const read = (await store.Get(false, 'platform', { platformUrl, clientId: 'c' })) as Array<
      Record<string, unknown>
    >;
    (read[0]!.authConfig as { key: string }).key = 'changed';
    // The second read is answered from the platform cache.
    await expect(store.Get(false, 'platform', { platformUrl, clientId: 'c' })).resolves.toEqual([platform]);
  });

  it('Replace is one atomic upsert: 20 concurrent replaces leave exactly one row, the last write intact', async () => {
    const user = uid();
    const key = { iss: 'https://lms', clientId: 'c', deploymentId: 'd', user };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.Replace(false, 'idtoken', key, { ...key, userInfo: { name: `n${i}` } }),
      ),
    );
    const rows = await db.query('SELECT doc FROM ltijs.idtoken WHERE "user" = $1', [user]);
    expect(rows).toHaveLength(1);
  });

  it('a nonce is a primary key: of two concurrent inserts of one nonce, exactly one succeeds', async () => {
    const nonce = uid();
    const results = await Promise.allSettled([
      store.Insert(false, 'nonce', { nonce }),
      store.Insert(false, 'nonce', { nonce }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expect(store.Get(false, 'nonce', { nonce })).resolves.toEqual([{ nonce }]);
  });

  it('expired rows are invisible to Get, can be reinserted, and are purged', async () => {
    const nonce = uid();
    await store.Insert(false, 'nonce', { nonce });
    await age('ltijs.nonce', 'nonce', nonce, TTL_SECONDS.nonce + 1);
    await expect(store.Get(false, 'nonce', { nonce })).resolves.toBe(false);
    await store.Insert(false, 'nonce', { nonce });
    await expect(store.Get(false, 'nonce', { nonce })).resolves.toEqual([{ nonce }]);
    const state = uid();
    await store.Insert(false, 'state', { state, query: {} });
    await age('ltijs.state', 'state', state, TTL_SECONDS.state + 1);
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await db.query('SELECT 1 FROM ltijs.state WHERE state = $1', [state])).toEqual([]);
  });

  it('keeps keys and access tokens encrypted in ltijs format and adds createdAt (ms) when decrypting', async () => {
    const platformUrl = `https://lms-${uid()}`;
    const token = { access_token: 'secret-token', token_type: 'Bearer', expires_in: 3600, scope: 's' };
    const index = { platformUrl, clientId: 'c', scopes: 's' };
    await store.Replace(KEY, 'accesstoken', index, { token }, index);
    const [raw] = await db.query<{ iv: string; data: string }>(
      'SELECT iv, data FROM ltijs.accesstoken WHERE platform_url = $1',
      [platformUrl],
    );
    expect(raw!.iv).toMatch(/^[0-9a-f]{32}$/);
    expect(raw!.data).not.toContain('secret-token');
    // Decrypt as ltijs does: AES-256-CBC, key = sha256(secret).
    const key = crypto.createHash('sha256').update(KEY).digest();
    const decipher = crypto.createDecipheriv('aes-256-cbc', key, Buffer.from(raw!.iv, 'hex'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(raw!.data, 'hex')),
      decipher.final(),
    ]).toString();
    expect(JSON.parse(plain)).toEqual({ token });
    const got = await store.Get(KEY, 'accesstoken', index);
    expect(got).toEqual([{ token, createdAt: expect.any(Number) }]);
    expect(Math.abs((got as Array<{ createdAt: number }>)[0]!.createdAt - Date.now())).toBeLessThan(60_000);
  });

  it('expired access tokens are not returned, so ltijs fetches a fresh one', async () => {
    const index = { platformUrl: `https://lms-${uid()}`, clientId: 'c', scopes: 's' };
    await store.Replace(
      KEY,
      'accesstoken',
      index,
      { token: { access_token: 'old', expires_in: 3600 } },
      index,
    );
    await age('ltijs.accesstoken', 'platform_url', index.platformUrl, TTL_SECONDS.accesstoken + 1);
    await expect(store.Get(KEY, 'accesstoken', index)).resolves.toBe(false);
  });

  it('Modify changes plain fields of a platform and keeps the rest', async () => {
    const kid = uid();
    const platformUrl = `https://lms-${kid}`;
    await store.Replace(
      false,
      'platform',
      { platformUrl, clientId: 'c' },
      {
        platformName: 'Old',
        platformUrl,
        clientId: 'c',
        authEndpoint: 'a',
        accesstokenEndpoint: 't',
        kid,
        authConfig: { method: 'JWK_SET', key: 'k' },
      },
    );
    await store.Modify(false, 'platform', { platformUrl, clientId: 'c' }, { platformName: 'New' });
    const [p] = (await store.Get(false, 'platform', { kid })) as Array<Record<string, unknown>>;
    expect(p).toMatchObject({ platformName: 'New', authEndpoint: 'a', kid });
  });

  it("during a launch, the id token waits for the context token and both rows are written by the launch's statement", async () => {
    const user = uid();
    const statements: number[] = [];
    // The launch's statement as the launch repository runs it: every added write in one WITH … statement.
    let pending: SqlCte[] = [];
    const waiting: Array<() => void> = [];
    const launch: LaunchWrites = {
      add: (write) => {
        pending.push(write);
        return new Promise<void>((resolve) => waiting.push(resolve));
      },
      run: () => {
        const params = new SqlParams();
        const ctes = pending.map((w, i) => `w${i} AS (${w(params)})`);
        statements.push(ctes.length);
        pending = [];
        void db
          .query(`WITH ${ctes.join(', ')} SELECT 1`, params.values)
          .then(() => waiting.forEach((r) => r()));
      },
    };
    const launchStore = createLtijsStore(db, { purgeIntervalMs: 0, launchWrites: () => launch });
    const idKey = { iss: 'https://lms', clientId: 'c', deploymentId: 'd', user };
    await launchStore.Replace(false, 'idtoken', idKey, { ...idKey, userInfo: { name: 'ก' } });
    await expect(store.Get(false, 'idtoken', idKey)).resolves.toBe(false);
    await launchStore.Replace(false, 'contexttoken', { contextId: 'ctx', user }, { contextId: 'ctx', user });
    expect(statements).toEqual([2]);
    await expect(store.Get(false, 'idtoken', idKey)).resolves.toEqual([
      { ...idKey, userInfo: { name: 'ก' } },
    ]);
    await expect(store.Get(false, 'contexttoken', { contextId: 'ctx', user })).resolves.toEqual([
      { contextId: 'ctx', user },
    ]);
  });

  it('Delete with an undefined value or an empty query deletes nothing', async () => {
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ltijs.platform'))[0]!.n;
    await store.Delete('platform', { kid: undefined });
    await store.Delete('platform', {});
    const after = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ltijs.platform'))[0]!.n;
    expect(after).toBe(before);
  });

  it('Delete of a state never rejects, because ltijs does not await it', async () => {
    const errors: unknown[] = [];
    const broken = createLtijsStore(
      { ...db, query: () => Promise.reject(new Error('connection lost')) } as Database,
      { purgeIntervalMs: 0, onBackgroundError: (err) => errors.push(err) },
    );
    await expect(broken.Delete('state', { state: 'x' })).resolves.toBe(true);
    expect(errors).toHaveLength(1);
    await expect(broken.Delete('platform', { kid: 'x' })).rejects.toThrow('connection lost');
  });

  it('refuses to query by a field it does not index, rather than ignore it', async () => {
    await expect(store.Get(false, 'nonce', { somethingElse: 'x' })).rejects.toThrow(
      /cannot be queried by somethingElse/,
    );
  });
});
