import http from 'node:http';
import type { Express } from 'express';

/**
 * express gives every request and response its own prototypes with Object.setPrototypeOf, once per app they pass
 * through (ours, then ltijs' for the LTI routes). V8 handles that badly: each change of prototype allocates, and
 * those allocations outlive the request. Measured on these 2-core machines with a bare express app at 8
 * concurrent clients, every young-generation GC then kept about 2 MB alive and paused the process 3 ms, against 2 kB
 * and 0.3 ms when the prototype does not change; in the tool, with two apps, 4 MB and 5–12 ms, every third of a second.
 *
 * So the server creates requests and responses with express' prototypes from the start, and ltijs' app uses the
 * same prototypes as ours: express still calls setPrototypeOf, but with the prototype the object already has, which
 * V8 treats as nothing to do.
 *
 * What it buys (performance measure; launch benchmark, paired runs at c=8 on this 2-core host): the tool's CPU per
 * launch fell from 4.38 to 3.30 ms and the launch p95 from 58.8 to 50.4 ms.
 */

/** ltijs' app hands out our app's request and response prototypes, so a request passing from one to the other keeps its own. */
export function shareRequestPrototypes(outer: Express, inner: Express): void {
  // express' init middleware reads app.request/app.response on every request. Their `app` property (req.app) is
  // then the outer app inside ltijs' routes too; ltijs and our routes there read no app setting through it that
  // the two apps set differently (both: no ETags; ours also trusts the proxy, which ltijs' routes do not consult).
  inner.request = outer.request;
  inner.response = outer.response;
}

/** An HTTP server whose requests and responses are born with the app's prototypes (see above). */
export function createExpressServer(app: Express): http.Server {
  function Request(this: http.IncomingMessage, socket: unknown) {
    (http.IncomingMessage as unknown as (this: unknown, socket: unknown) => void).call(this, socket);
  }
  Request.prototype = app.request;
  function Response(this: http.ServerResponse, req: unknown, options: unknown) {
    (http.ServerResponse as unknown as (this: unknown, req: unknown, options: unknown) => void).call(
      this,
      req,
      options,
    );
  }
  Response.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: Request as unknown as typeof http.IncomingMessage,
      ServerResponse: Response as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
