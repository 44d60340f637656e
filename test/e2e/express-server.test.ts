import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExpressServer } from '../../src/http/express-server';
import { startTestApp, type TestApp } from '../support/test-app';

// Requests and responses are born with express' prototypes and keep them through the app:
// a change of prototype per request costs a GC pause (src/http/express-server.ts).

interface Seen {
  born: object | null;
  finished: object | null;
  response: object | null;
}

async function serve(app: express.Express): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const server: http.Server = createExpressServer(app);
  const seen: Seen[] = [];
  // Registered after express' own listener, but the prototypes are checked before any request was handled.
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const entry: Seen = {
      born: Object.getPrototypeOf(req),
      finished: null,
      response: Object.getPrototypeOf(res),
    };
    seen.push(entry);
    res.on('finish', () => (entry.finished = Object.getPrototypeOf(req)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('HTTP server for the express apps', () => {
  it("creates requests and responses with the app's prototypes, and express' methods work on them", async () => {
    const app = express();
    app.get('/hello', (req, res) => {
      res.status(201).json({ path: req.path, query: req.query });
    });
    const s = await serve(app);
    try {
      const res = await fetch(`${s.url}/hello?x=1`);
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ path: '/hello', query: { x: '1' } });
      expect(s.seen).toHaveLength(1);
      expect(s.seen[0]!.born).toBe(app.request);
      expect(s.seen[0]!.response).toBe(app.response);
      expect(s.seen[0]!.finished).toBe(app.request);
    } finally {
      await s.close();
    }
  });

  describe('the tool', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it("keeps a request's prototype on the key set and on our own pages", async () => {
      const s = await serve(t.app.app);
      try {
        // The tool's key set.
        const keys = await fetch(`${s.url}/lti/keys`);
        expect(keys.status).toBe(200);
        expect(((await keys.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
        // Served by ours alone: a 404 page.
        const missing = await fetch(`${s.url}/no-such-page`);
        expect(missing.status).toBe(404);
        expect(await missing.text()).toContain('<html');
        expect(s.seen).toHaveLength(2);
        for (const seen of s.seen) {
          expect(seen.born).toBe(t.app.app.request);
          expect(seen.finished).toBe(t.app.app.request);
        }
      } finally {
        await s.close();
      }
    });
  });
});
