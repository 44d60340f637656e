import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { checkAddress, isAddressLiteral, normaliseHost, type OutboundPolicy } from './outbound-policy';

/** A host name's addresses, as dns.lookup({ all: true }) gives them. Injected in tests. */
export type ResolveHost = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export const systemResolve: ResolveHost = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * The one error callers see, whatever went wrong: a refused address, a failed DNS lookup, a refused or reset
 * connection, a redirect, an answer too large or too slow. One message, so that error pages and stored
 * reasons cannot be used to map which internal addresses and ports exist; the log line has the detail.
 */
export const OUTBOUND_FAILED = 'the address could not be reached';

export class OutboundError extends Error {
  constructor() {
    super(OUTBOUND_FAILED);
    this.name = 'OutboundError';
  }
}

/**
 * The answer came but was larger than the caller's limit: the same message, so pages and stored reasons say
 * nothing more; a caller that reads within a budget (the roster across its pages) can stop there instead.
 */
export class OutboundTooLarge extends OutboundError {
  constructor() {
    super();
    this.name = 'OutboundTooLarge';
  }
}

/** What a request may carry: a subset of fetch's RequestInit, plus limits. */
export interface OutboundInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** As with fetch: when it aborts, the request is dropped and the promise rejects with its reason. */
  signal?: AbortSignal;
  /** Redirects are never followed: a 3xx answer fails like fetch's redirect: 'error'. */
  redirect?: 'error';
  /** Time limit of the whole request (lookup, connection, answer); see OutboundClientOptions.timeoutMs. */
  timeoutMs?: number;
  /** Largest body accepted; more fails the request. */
  maxBytes?: number;
}

/** fetch's shape, so callers keep reading a standard Response (fully received before it is returned). */
export type OutboundFetch = (url: string, init?: OutboundInit) => Promise<Response>;

export interface OutboundClient {
  fetch: OutboundFetch;
  /** Closes the pooled idle connections. */
  close(): void;
}

export interface OutboundClientOptions {
  policy: OutboundPolicy;
  resolve?: ResolveHost;
  /** Time limit when the caller gives neither timeoutMs nor a signal (default 10 s). */
  timeoutMs?: number;
  /** Body limit when the caller gives none (default 1 MiB, plenty for JSON documents and key sets). */
  maxBytes?: number;
  /** Told why a request failed (for the log; never shown to users). */
  onFailure?: (failure: { target: string; reason: string }) => void;
}

/** A lookup that answers with addresses already checked, in the form net.connect asks for. */
function pinnedLookup(addresses: ConnectTarget['addresses']): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/** A caller that brings its own signal owns the time limit; this only stops a request that would never end. */
const BACKSTOP_MS = 120_000;

/** Why a request was refused or failed: for the log only (callers get OutboundError). */
export class OutboundRefusal extends Error {
  override name = 'OutboundRefusal';
}

class AnswerTooLarge extends OutboundRefusal {}

/** The URL's host name (Host header, TLS name) and the checked addresses a request may connect to. */
export interface ConnectTarget {
  host: string;
  /** The host is an address written in the URL, not a name. */
  literal: boolean;
  addresses: Array<{ address: string; family: 4 | 6 }>;
}

/**
 * Where a request for `url` may connect: the URL's address, or the addresses its host resolves to, once every
 * one of them has passed the policy. Throws OutboundRefusal otherwise. Only `resolve` does I/O.
 */
export async function resolveTarget(
  url: URL,
  policy: OutboundPolicy,
  resolve: ResolveHost,
): Promise<ConnectTarget> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    throw new OutboundRefusal(`${url.protocol} is not allowed`);
  if (url.username || url.password) throw new OutboundRefusal('credentials in the URL');
  const host = normaliseHost(url.hostname);
  const literal = isAddressLiteral(host);
  let answers: ReadonlyArray<{ address: string }>;
  if (literal) answers = [{ address: host }];
  else {
    try {
      answers = await resolve(host);
    } catch (err) {
      throw new OutboundRefusal(
        `lookup of ${host} failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  if (answers.length === 0) throw new OutboundRefusal(`${host} has no address`);
  // Every answer must pass: a name that also points inside is not a platform.
  for (const a of answers) {
    const verdict = checkAddress(policy, host, a.address);
    if (!verdict.allowed) throw new OutboundRefusal(verdict.reason);
  }
  const addresses = answers.map((a) => {
    const parsed = ipaddr.parse(a.address);
    return { address: parsed.toString(), family: parsed.kind() === 'ipv4' ? (4 as const) : (6 as const) };
  });
  return { host, literal, addresses };
}

/**
 * The outbound HTTP client for URLs that come from outside (platform configurations, key sets, token, AGS
 * and NRPS endpoints). It resolves the host once, checks every address against the policy, and connects only
 * to the checked addresses (through a lookup that answers with them; the Host header and the TLS name stay
 * the URL's), so a DNS answer that changes between check and connect (DNS rebinding) cannot move the
 * request. No redirects are followed; time and size are limited.
 */
export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const resolve = options.resolve ?? systemResolve;
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const defaultMaxBytes = options.maxBytes ?? 1024 * 1024;
  const agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };

  function send(url: URL, to: ConnectTarget, init: OutboundInit, maxBytes: number) {
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers ?? {}))
      if (name.toLowerCase() !== 'host' && name.toLowerCase() !== 'content-length') headers[name] = value;
    headers.host = url.host;
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    let request!: http.ClientRequest;
    const answer = new Promise<Response>((resolveAnswer, reject) => {
      request = (secure ? https : http).request({
        host: to.literal ? to.addresses[0]!.address : to.host,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        headers,
        agent: secure ? agents.https : agents.http,
        // The connection goes to the addresses checked above, not to a second lookup's answer (DNS rebinding);
        // Node tries them in turn (happy eyeballs) as it would a lookup's. TLS checks the URL's name.
        lookup: pinnedLookup(to.addresses),
      });
      request.on('error', (err: NodeJS.ErrnoException) =>
        reject(new OutboundRefusal(err.code ?? err.message)),
      );
      request.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const refuse = (reason: string | OutboundRefusal) => {
          res.destroy();
          reject(typeof reason === 'string' ? new OutboundRefusal(reason) : reason);
        };
        const tooLarge = () => refuse(new AnswerTooLarge(`answer larger than ${maxBytes} bytes`));
        if (status >= 300 && status < 400)
          return refuse(`redirect (${status}) to ${res.headers.location ?? '?'} not followed`);
        if (status < 200 || status > 599) return refuse(`status ${status}`);
        if (Number(res.headers['content-length']) > maxBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) tooLarge();
          else chunks.push(chunk);
        });
        res.on('error', (err: NodeJS.ErrnoException) => reject(new OutboundRefusal(err.code ?? err.message)));
        res.on('close', () => {
          if (!res.complete) reject(new OutboundRefusal('answer cut short'));
        });
        res.on('end', () => {
          try {
            const responseHeaders = new Headers();
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
              responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            const empty = status === 204 || status === 205;
            resolveAnswer(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          } catch (err) {
            reject(new OutboundRefusal(`unreadable answer: ${(err as Error).message}`));
          }
        });
      });
      request.end(init.body);
    });
    return { answer, abort: (err: Error) => request.destroy(err) };
  }

  const fetchOutbound: OutboundFetch = async (rawUrl, init = {}) => {
    const signal = init.signal;
    signal?.throwIfAborted();
    const limitMs = init.timeoutMs ?? (signal ? BACKSTOP_MS : defaultTimeoutMs);
    const maxBytes = init.maxBytes ?? defaultMaxBytes;
    let url: URL | undefined;
    // Set once the time is up or the caller aborted: the request is dropped, or never sent if not sent yet.
    let stoppedBy: unknown;
    let abort: ((err: Error) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const parsed = (url = new URL(rawUrl));
      const stopped = new Promise<never>((_, reject) => {
        const stop = (reason: unknown) => {
          stoppedBy = reason;
          abort?.(reason as Error);
          reject(reason);
        };
        timer = setTimeout(() => stop(new OutboundRefusal(`timed out after ${limitMs} ms`)), limitMs);
        onAbort = () => stop(signal!.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      const sent = (async () => {
        const to = await resolveTarget(parsed, options.policy, resolve);
        if (stoppedBy !== undefined) throw stoppedBy;
        const request = send(parsed, to, init, maxBytes);
        abort = request.abort;
        return request.answer;
      })();
      return await Promise.race([stopped, sent]);
    } catch (err) {
      if (signal?.aborted && err === signal.reason) throw err;
      const reason = err instanceof OutboundRefusal ? err.message : `not sent: ${(err as Error).message}`;
      options.onFailure?.({ target: url ? `${url.origin}${url.pathname}` : 'not a URL', reason });
      throw err instanceof AnswerTooLarge ? new OutboundTooLarge() : new OutboundError();
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    fetch: fetchOutbound,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
