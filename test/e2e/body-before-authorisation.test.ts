import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  startTestApp,
  withLtik,
  TOOL_BASE_URL,
  type Session,
  type TestApp,
} from '../support/test-app';

// The routes that take large bodies (a framework import, a module's authoring form) read them only once the
// session and the right to change content are checked: a refused caller gets its answer while most of its body
// is still unsent. Each request below declares a large body, sends a first slice and never the rest; the server
// must answer all the same (without the fix it waits for the rest, and the test runs out of time).
let t: TestApp;
let server: http.Server;
beforeAll(async () => {
  t = await startTestApp();
  server = http.createServer(t.app.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

/** The session's cookies as a Cookie header. */
function cookieHeader(s: Session): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CookieAccessInfo } = require('cookiejar') as { CookieAccessInfo: { All: object } };
  const jar = (s.agent as unknown as { jar: { getCookies(o: object): Array<{ toValueString(): string }> } })
    .jar;
  return jar
    .getCookies(CookieAccessInfo.All)
    .map((c) => c.toValueString())
    .join('; ');
}

const MULTIPART = 'multipart/form-data; boundary=XyZ';
const FORM = 'application/x-www-form-urlencoded';

/** Sends the headers of a `length`-byte body and its first 64 kB, never the rest; resolves with the status. */
function partialPost(path: string, cookie: string, type: string, length: number): Promise<number> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: {
        host: new URL(TOOL_BASE_URL).host,
        cookie,
        'content-type': type,
        'content-length': String(length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const first =
      type === MULTIPART ? '--XyZ\r\nContent-Disposition: form-data; name="json"\r\n\r\n' : 'json=';
    req.write(first + 'x'.repeat(64 * 1024));
  });
}

describe('large request bodies are read only after the caller is checked', () => {
  it("when a learner starts a 9 MB framework upload, then the 403 comes back before the body's end", async () => {
    const s = await openSession(t, user({ roles: [ROLE.learner], locale: 'en' }));
    // The same learner, with the whole (small) body: refused the same way.
    expect((await s.agent.post(withLtik(s, '/app/framework/import')).field('json', '{}')).status).toBe(403);
    const path = withLtik(s, '/app/framework/import');
    expect(await partialPost(path, cookieHeader(s), MULTIPART, 9 * 1024 * 1024)).toBe(403);
    expect(await partialPost(path, cookieHeader(s), FORM, 1_900_000)).toBe(403);
  });

  it("when an instructor starts a 1 MB authoring form, then the 403 comes back before the body's end", async () => {
    const s = await openSession(t, user({ roles: [ROLE.instructor], locale: 'en' }));
    for (const p of ['/app/catalogue/new', '/app/catalogue/computer-basics/edit'])
      expect(await partialPost(withLtik(s, p), cookieHeader(s), FORM, 1_000_000)).toBe(403);
  });

  it("when a learner or an instructor starts a 1 MB target-group import, then the 403 comes back before the body's end", async () => {
    for (const role of [ROLE.learner, ROLE.instructor]) {
      const s = await openSession(t, user({ roles: [role], locale: 'en' }));
      const preview = withLtik(s, '/app/organisation/target-groups/import/preview');
      expect(await partialPost(preview, cookieHeader(s), MULTIPART, 1_000_000)).toBe(403);
      expect(await partialPost(preview, cookieHeader(s), FORM, 1_000_000)).toBe(403);
      const confirm = withLtik(s, '/app/organisation/target-groups/import/confirm');
      expect(await partialPost(confirm, cookieHeader(s), FORM, 2_900_000)).toBe(403);
    }
  });

  it("when a learner or an instructor starts a 1 MB official-results import, then the 403 comes back before the body's end", async () => {
    for (const role of [ROLE.learner, ROLE.instructor]) {
      const s = await openSession(t, user({ roles: [role], locale: 'en' }));
      const preview = withLtik(s, '/app/organisation/official-results/import/preview');
      expect(await partialPost(preview, cookieHeader(s), MULTIPART, 1_000_000)).toBe(403);
      expect(await partialPost(preview, cookieHeader(s), FORM, 1_000_000)).toBe(403);
      const confirm = withLtik(s, '/app/organisation/official-results/import/confirm');
      expect(await partialPost(confirm, cookieHeader(s), FORM, 2_900_000)).toBe(403);
    }
  });

  it("when a request without a session starts a 2 MB form, then the 401 comes back before the body's end", async () => {
    for (const p of ['/app/framework/import', '/app/catalogue/new', '/app/catalogue/x/edit'])
      expect(await partialPost(p, '', FORM, 1_900_000)).toBe(401);
    expect(await partialPost('/app/framework/import', '', MULTIPART, 9 * 1024 * 1024)).toBe(401);
  });

  it('when an upload holds a field besides the pasted text, then it is refused as a bad upload', async () => {
    const s = await openSession(t, user({ roles: [ROLE.sysAdmin], locale: 'en' }));
    const res = await s.agent
      .post(withLtik(s, '/app/framework/import'))
      .field('json', '{}')
      .field('other', 'x'.repeat(1000));
    expect(res.status).toBe(422);
    expect(res.text).toContain('could not be read');
  });
});
