import type { Request, Response } from 'express';
import v8 from 'node:v8';
import vm from 'node:vm';
import { launchFromIdToken, type LaunchContext } from '../../src/lti/launch-context';
import { createSessions, SESSION_CACHE_ENTRIES } from '../../src/lti/session';
import { toolSecrets } from '../../src/lti/tool-secrets';
import { SimulatedLms, user } from '../support/simulated-lms';

// The sessions a process keeps in memory (session.ts): every launch's page reads its session from the cache, and
// the cache is bounded in entries, so in memory too (#20: peak RSS under the launch benchmark). A store in memory
// stands in for lti_sessions and counts its reads; launches are the simulated Moodle's, decoded as a launch does.

let lms: SimulatedLms;
beforeAll(async () => {
  lms = await SimulatedLms.start();
});
afterAll(async () => {
  await lms.stop();
});

/** A verified launch as the launch step has it: the token's JSON decoded afresh (no string shared with another). */
function launch(): LaunchContext {
  const claims = lms.idTokenClaims({ user: user() }, 'nonce', 'https://tool.example/lti/launch');
  return launchFromIdToken(JSON.parse(JSON.stringify(claims)) as Record<string, unknown>, lms.clientId);
}

/** A session id (record.ts: a hash of the launch) for a name. */
const sid = (name: string) => `${name}.`.padEnd(32, 'x');

function sessionsWithStore() {
  const rows = new Map<string, unknown>();
  const reads: string[] = [];
  const sessions = createSessions({
    store: {
      find: async (tenantId, sessionId) => {
        reads.push(sessionId);
        return rows.get(`${tenantId}:${sessionId}`);
      },
    },
    platforms: { status: async () => 'active' },
    secrets: toolSecrets('k'.repeat(32)),
    cookies: { secure: false, sameSite: 'Lax' },
  });
  /** A launch recorded and its session started: the row, the cookie and the ltik the browser gets. */
  const start = (name: string, l: LaunchContext = launch()) => {
    const sessionId = sid(name);
    rows.set(`1:${sessionId}`, JSON.parse(JSON.stringify(sessions.stored(l))));
    let cookie = '';
    const res = { cookie: (name: string, value: string) => (cookie = `${name}=${value}`) };
    const ltik = sessions.start(res as unknown as Response, { tenantId: 1, sessionId }, l);
    return { ltik, cookie };
  };
  /** The launch's page (or any later one) as the browser asks for it. */
  const page = (browser: { ltik: string; cookie: string }) =>
    sessions.resume({
      headers: { cookie: browser.cookie },
      query: { ltik: browser.ltik },
    } as unknown as Request);
  return { sessions, start, page, reads };
}

describe('the sessions a process keeps', () => {
  it('when a session was just started, then its page reads nothing from the store', async () => {
    const { start, page, reads } = sessionsWithStore();
    const browser = start('s-0');
    expect(await page(browser)).toMatchObject({ ok: true });
    expect(reads).toEqual([]);
  });

  it(`when more than ${SESSION_CACHE_ENTRIES} sessions started since, then the first one's page reads its row again, and still opens`, async () => {
    const { start, page, reads } = sessionsWithStore();
    const l = launch();
    const first = start('s-first', l);
    for (let i = 0; i < SESSION_CACHE_ENTRIES; i++) start(`s-${i}`, l);
    const latest = start('s-latest', l);

    expect(await page(latest)).toMatchObject({ ok: true });
    expect(reads).toEqual([]);
    expect(await page(first)).toMatchObject({
      ok: true,
      session: { launch: { platformUserId: l.platformUserId } },
    });
    expect(reads).toEqual([sid('s-first')]);
  });

  it('when ten thousand launches came in a minute, then their sessions hold less than 8 MB of heap', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapUsed = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const { sessions } = sessionsWithStore();
    const launches = 12_000;
    const before = heapUsed();
    const res = { cookie: () => undefined } as unknown as Response;
    for (let i = 0; i < launches; i++)
      sessions.start(res, { tenantId: 1, sessionId: sid(`s-${i}`) }, launch());
    const held = heapUsed() - before;
    // About 1.6 kB a launch: 10,000 kept (as before #20) held 16 MB here; the bound keeps 2,000, about 3 MB.
    expect(held / 1024 / 1024).toBeLessThan(8);
    expect(sessions).toBeDefined();
  });
});
