import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createOutboundClient,
  OUTBOUND_FAILED,
  OutboundError,
  OutboundTooLarge,
  type OutboundClient,
  type ResolveHost,
} from '../../src/shared/outbound-http';
import {
  createOutboundPolicy,
  parseAllowEntry,
  type AllowEntry,
  type OutboundPolicy,
} from '../../src/shared/outbound-policy';

/**
 * The outbound client against real servers, all on loopback: nothing here sends a packet anywhere else.
 * "platform" (127.0.0.2) stands for a public platform: production rules let the client reach it only because
 * 127.0.0.2/32 is listed. "inside" (127.0.0.1) stands for an internal service that must never be reached.
 * Host names are resolved by an injected resolver; a name the client looked up again itself would not resolve.
 */
interface Recorder {
  server: http.Server;
  port: number;
  hits: Array<{ method: string; url: string; host: string; body: string }>;
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

async function serve(address: string, port = 0): Promise<Recorder> {
  const rec: Recorder = {
    server: http.createServer(),
    port: 0,
    hits: [],
    handle: (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ from: address }));
    },
  };
  rec.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      rec.hits.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', body });
      rec.handle(req, res);
    });
  });
  await new Promise<void>((done) => rec.server.listen(port, address, done));
  rec.port = (rec.server.address() as AddressInfo).port;
  return rec;
}

let platform: Recorder;
let inside: Recorder;
let closedPort: number;
const clients: OutboundClient[] = [];

beforeAll(async () => {
  platform = await serve('127.0.0.2');
  // The same port on both addresses: a request that went to the wrong address would still find a server.
  inside = await serve('127.0.0.1', platform.port);
  // A port that was just free: connecting to it is refused.
  const probe = await serve('127.0.0.1');
  closedPort = probe.port;
  await new Promise((done) => probe.server.close(done));
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const r of [platform, inside]) {
    r.server.closeAllConnections();
    await new Promise((done) => r.server.close(done));
  }
});
beforeEach(() => {
  platform.hits.length = 0;
  inside.hits.length = 0;
  platform.handle = (_req, res) => res.end(JSON.stringify({ from: 'platform' }));
});

/** Production's address rules; plain http only because the test servers have no certificates. */
const productionRules = (...allow: string[]): OutboundPolicy => ({
  ...createOutboundPolicy({ production: true, allow: allow.map((e) => parseAllowEntry(e) as AllowEntry) }),
  allowHttp: true,
});

function client(
  policy: OutboundPolicy,
  answers: Record<string, string[] | (() => string[])> = {},
  extra: { maxBytes?: number; timeoutMs?: number } = {},
) {
  const lookups: string[] = [];
  const failures: string[] = [];
  const resolve: ResolveHost = async (host) => {
    lookups.push(host);
    const a = answers[host];
    const list = typeof a === 'function' ? a() : a;
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const c = createOutboundClient({
    policy,
    resolve,
    onFailure: (f) => failures.push(f.reason),
    ...extra,
  });
  clients.push(c);
  return { fetch: c.fetch, lookups, failures };
}

describe('the outbound HTTP client', () => {
  it('reaches a permitted host by name, sending the name as Host, the method and the body', async () => {
    const c = client(productionRules('127.0.0.2/32'), { 'lms.example.test': ['127.0.0.2'] });
    const res = await c.fetch(`http://lms.example.test:${platform.port}/token?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', Host: 'evil.test' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ from: 'platform' });
    expect(platform.hits).toEqual([
      {
        method: 'POST',
        url: '/token?x=1',
        host: `lms.example.test:${platform.port}`,
        body: 'grant_type=client_credentials',
      },
    ]);
  });

  it('DNS rebinding: connects to the address it checked, never to a later answer pointing inside', async () => {
    // A hostile DNS server: a permitted address when checked, loopback on every lookup after that.
    let n = 0;
    const c = client(productionRules('127.0.0.2/32'), {
      'rebind.example.test': () => (n++ === 0 ? ['127.0.0.2'] : ['127.0.0.1']),
    });
    const first = await c.fetch(`http://rebind.example.test:${platform.port}/`);
    expect(await first.json()).toEqual({ from: 'platform' });
    expect(c.lookups).toEqual(['rebind.example.test']); // one lookup: the connection used the checked answer

    // The next request looks up again, is told loopback, and is refused before connecting.
    const second = c.fetch(`http://rebind.example.test:${platform.port}/`);
    await expect(second).rejects.toThrow(OutboundError);
    expect(c.failures.at(-1)).toMatch(/loopback address 127\.0\.0\.1/);
    expect(inside.hits).toEqual([]);
  });

  it('refuses a name whose answers mix a permitted address and an inside one', async () => {
    const c = client(productionRules('127.0.0.2/32'), { 'mixed.example.test': ['127.0.0.2', '127.0.0.1'] });
    await expect(c.fetch(`http://mixed.example.test:${platform.port}/`)).rejects.toThrow(OutboundError);
    expect(platform.hits).toEqual([]);
  });

  it('does not follow a redirect to an inside address', async () => {
    platform.handle = (_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` });
      res.end();
    };
    const c = client(productionRules('127.0.0.2/32'));
    await expect(c.fetch(`http://127.0.0.2:${platform.port}/openid-configuration`)).rejects.toThrow(
      OutboundError,
    );
    expect(platform.hits).toHaveLength(1);
    expect(inside.hits).toEqual([]);
    expect(c.failures).toEqual([`redirect (302) to http://127.0.0.1:${inside.port}/admin not followed`]);
  });

  it.each([
    ['announced by Content-Length', true],
    ['streamed without a length', false],
  ])('refuses an answer over the size limit (%s)', async (_name, announced) => {
    platform.handle = (_req, res) => {
      if (!announced) res.setHeader('transfer-encoding', 'chunked');
      else res.setHeader('content-length', '1001');
      res.end('x'.repeat(1001));
    };
    const c = client(productionRules('127.0.0.2/32'), {}, { maxBytes: 1000 });
    // The one message, but a kind the roster (read within a budget over its pages) can stop at.
    const refused = c.fetch(`http://127.0.0.2:${platform.port}/`);
    await expect(refused).rejects.toThrow(OutboundTooLarge);
    await expect(refused).rejects.toThrow(OUTBOUND_FAILED);
    expect(c.failures).toEqual(['answer larger than 1000 bytes']);

    platform.handle = (_req, res) => res.end('x'.repeat(1000));
    expect(await (await c.fetch(`http://127.0.0.2:${platform.port}/`)).text()).toHaveLength(1000);
  });

  it('gives up when the answer does not come within the time limit', async () => {
    platform.handle = () => undefined; // never answers
    const c = client(productionRules('127.0.0.2/32'), {}, { timeoutMs: 100 });
    await expect(c.fetch(`http://127.0.0.2:${platform.port}/`)).rejects.toThrow(OutboundError);
    expect(c.failures).toEqual(['timed out after 100 ms']);
  });

  it("stops when the caller's signal aborts, rejecting with its reason as fetch does", async () => {
    const controller = new AbortController();
    platform.handle = () => controller.abort(new DOMException('stop', 'TimeoutError'));
    const c = client(productionRules('127.0.0.2/32'));
    await expect(
      c.fetch(`http://127.0.0.2:${platform.port}/`, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('gives one error, with one message, for a refused address, a DNS failure, a closed port and a redirect', async () => {
    const dev = createOutboundPolicy({ production: false });
    platform.handle = (_req, res) => {
      res.writeHead(301, { location: '/elsewhere' });
      res.end();
    };
    const c = client({ ...dev, allowNetworks: productionRules('127.0.0.2/32').allowNetworks });
    const attempts = [
      c.fetch('http://10.0.0.1/'), // refused before any connection
      c.fetch('http://no-such-host.test/'),
      c.fetch(`http://127.0.0.1:${closedPort}/`),
      c.fetch(`http://127.0.0.2:${platform.port}/`),
      c.fetch('not a url'),
    ];
    const errors = await Promise.all(
      attempts.map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    for (const e of errors) {
      expect(e).toBeInstanceOf(OutboundError);
      expect((e as Error).message).toBe(OUTBOUND_FAILED);
    }
    // The log has the detail.
    expect(c.failures).toEqual(
      expect.arrayContaining([
        'private address 10.0.0.1 for 10.0.0.1',
        'lookup of no-such-host.test failed: ENOTFOUND',
        'ECONNREFUSED',
        'redirect (301) to /elsewhere not followed',
      ]),
    );
  });

  it('in production reaches a private host only when its name is listed', async () => {
    const answers = { 'moodle.intranet.test': ['127.0.0.1'], 'other.intranet.test': ['127.0.0.1'] };
    const listed = client(productionRules('moodle.intranet.test'), answers);
    const res = await listed.fetch(`http://moodle.intranet.test:${inside.port}/mod/lti/certs.php`);
    expect(res.status).toBe(200);
    expect(inside.hits).toEqual([expect.objectContaining({ host: `moodle.intranet.test:${inside.port}` })]);

    await expect(listed.fetch(`http://other.intranet.test:${inside.port}/`)).rejects.toThrow(OutboundError);
    const unlisted = client(productionRules(), answers);
    await expect(unlisted.fetch(`http://moodle.intranet.test:${inside.port}/`)).rejects.toThrow(
      OutboundError,
    );
    expect(inside.hits).toHaveLength(1);
  });

  it('tries the next checked address when one refuses the connection', async () => {
    const c = client(productionRules('127.0.0.0/8'), { 'two.example.test': ['127.0.0.3', '127.0.0.2'] });
    const res = await c.fetch(`http://two.example.test:${platform.port}/`);
    expect(await res.json()).toEqual({ from: 'platform' });
    expect(c.lookups).toEqual(['two.example.test']);
  });
});
