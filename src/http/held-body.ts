import type { Request, RequestHandler, Response } from 'express';

type Held = Request & { _body?: boolean };

/**
 * Holds a request's body unread until the route has checked who is asking. The session router (lti.app,
 * src/lti/lti-app.ts) parses every urlencoded and JSON body (up to 100 kB) before its session check, and the routes
 * that take larger forms (a framework import, a module's authoring form) would otherwise need a larger parser in
 * front of it, read for anyone on the internet. body-parser leaves alone a request that a parser has read already
 * (the `_body` mark its parsers share): this marks it so, on the outer app, before the session router. A request
 * refused by the session or role check is answered with its body still on the socket; the route reads it with
 * `readHeldBody` once the caller may.
 */
export const holdBody: RequestHandler = (req, _res, next) => {
  (req as Held)._body = true;
  req.body = {};
  next();
};

/** Reads a held body with the route's own parser and limits; rejects with the parser's error (a 4xx). */
export function readHeldBody(req: Request, res: Response, parser: RequestHandler): Promise<void> {
  (req as Held)._body = false;
  return new Promise((resolve, reject) => {
    parser(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  });
}
