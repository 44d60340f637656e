import http from 'node:http';
import type { Express } from 'express';

/**
 * A performance measure, kept here with its number. express gives every request and response its app's prototypes
 * with Object.setPrototypeOf. V8 handles that badly: each change of prototype allocates, and those allocations
 * outlive the request. Measured on these 2-core machines with a bare express app at 8 concurrent clients, every
 * young-generation GC then kept about 2 MB alive and paused the process 3 ms, against 2 kB and 0.3 ms when the
 * prototype does not change (with ltijs' second app in the path, as the tool had then: 4 MB and 5–12 ms, every third
 * of a second).
 *
 * So the server creates requests and responses with express' prototypes from the start: express still calls
 * setPrototypeOf, but with the prototype the object already has, which V8 treats as nothing to do. The tool is one
 * express app (the session's routes are a Router inside it), so nothing else needs to share them.
 *
 * What it buys (performance measure; launch benchmark, paired runs at c=8 on this 2-core host, when the session's
 * routes were a second app): the tool's CPU per launch fell from 4.38 to 3.30 ms and the launch p95 from 58.8 to
 * 50.4 ms.
 */

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
