import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { GradeFailureCause, ScoreFailure, ScoreFailureKind, ScoreToSend } from '../use-cases/ports';
import type { RosterSource } from '../use-cases/ports/roster';
import { OutboundTooLarge, type OutboundFetch, type OutboundInit } from '../shared/outbound-http';
import { TtlCache } from '../shared/ttl-cache';
import { isPlatformUrl, type PlatformHosts } from './platform-hosts';
import { clientAssertion } from './tool-messages';

/** LTI AGS 2.0 §3.4: the score publish scope and media type. */
export const AGS_SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const SCORE_MEDIA_TYPE = 'application/vnd.ims.lis.v1.score+json';

/** What the tool needs to ask a platform for a service token (from its registration). */
export interface ServiceCredentials {
  kid: string;
  /** The tool's private key for this platform (a PEM text is read as one). */
  privateKey: KeyObject | string;
  tokenEndpoint: string;
  /** The aud of the client assertion: the authorization server, Moodle's token endpoint by default. */
  audience: string;
  /** Where the platform's access token may be sent (its registration's hosts). */
  hosts: PlatformHosts;
}

/**
 * A failed delivery. `kind` says whether to try again (`retry`) or why retrying cannot help; `true` stands for
 * `refused`. `permanent` is true for every final kind.
 */
export class ScoreDeliveryError extends Error implements ScoreFailure {
  readonly kind: ScoreFailureKind;
  constructor(
    message: string,
    kind: boolean | ScoreFailureKind = false,
    readonly failureCause: GradeFailureCause = 'unknown',
  ) {
    super(message);
    this.name = 'ScoreDeliveryError';
    this.kind = kind === true ? 'refused' : kind === false ? 'retry' : kind;
  }
  get permanent(): boolean {
    return this.kind !== 'retry';
  }
}

/** An answer over the request's byte limit (the roster reads its pages within one budget). */
class AnswerTooLarge extends ScoreDeliveryError {}

/**
 * How much of a course roster (NRPS) is read, across its `Link: rel="next"` pages: a hostile or broken LMS could
 * otherwise make one class page hold 50 pages of 16 MiB. Moodle sends a course's whole roster in one page when
 * asked for no limit; 10,000 members take about 2 MiB there. Past either total the roster is cut, and says so.
 */
export const ROSTER_LIMITS = {
  members: 10_000,
  bytes: 32 * 1024 * 1024,
  pageBytes: 16 * 1024 * 1024,
  pages: 50,
} as const;

/** A course roster as read: its members, and whether it was cut at ROSTER_LIMITS. */
export interface Roster {
  members: NrpsMember[];
  truncated: boolean;
}

/**
 * What an HTTP answer of the score service (AGS 2.0 §3.4, POST …/scores) means for the outbox. The same request
 * sent again gets the same answer unless something changes at the LMS, so:
 * - 409: Moodle refuses a score whose timestamp is not newer (whole seconds) than the grade it holds
 *   (ltiservice_gradebookservices scores.php); AGS asks platforms to do so. The outbox keeps a score's timestamp on
 *   every retry, so 409 means the LMS already holds this score (an earlier POST landed, its answer was lost) or
 *   a newer grade: `not_newer`, never retried (the outbox tells the two apart by whether it posted before).
 * - 400 (Moodle: "Incorrect score received", e.g. a user who is not gradable, a teacher), 403 (Moodle: the line
 *   item belongs to another course or tool), 404 and 410 (the course or grade item was deleted), 405, 406, 413,
 *   415, 422: the request itself is refused; resending it cannot help: `refused`.
 * - Retried: 401 (Moodle: the token is unknown or expired, or grade sync is switched off in the tool's settings,
 *   which an administrator may switch on again; the cached token is dropped first), 408, 425, 429 (too busy),
 *   every 5xx (the LMS or a proxy in front of it is down or overloaded), redirects (refused by fetch here, and a
 *   moved LMS is an administrator's fix), timeouts and network errors, and token endpoint failures (a key or
 *   registration problem that an administrator fixes; it concerns all of a platform's grades alike).
 */
export function scoreAnswerKind(status: number): ScoreFailureKind {
  if (status === 409) return 'not_newer';
  if ([400, 403, 404, 405, 406, 410, 413, 415, 422].includes(status)) return 'refused';
  return 'retry';
}

/** The LMS's answer, said so that the instructor knows what to do (see GradeFailureCause). */
function answerCause(status: number): GradeFailureCause | undefined {
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'busy';
  return undefined;
}

/** Why the score service did not take a score (AGS 2.0 §3.4; Moodle's answers as in scoreAnswerKind). */
export function scoreAnswerCause(status: number): GradeFailureCause {
  if (status === 409) return 'not_newer';
  if (status === 401) return 'access_refused';
  if (status === 400) return 'not_gradable';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'line_item_gone';
  return answerCause(status) ?? (scoreAnswerKind(status) === 'refused' ? 'refused' : 'unknown');
}

/**
 * Why the token endpoint gave no token (RFC 6749 §5.2 `error`). Moodle's token.php answers 400 to everything:
 * `invalid_client` for an unknown client id, the message of the failed signature check (the key the LMS holds
 * for the tool is not the one it signs with: a wrong Public keyset URL), `invalid_scope` when the grade service
 * is off for the tool, `invalid_request` or `unsupported_grant_type` for a malformed request.
 */
export function tokenAnswerCause(status: number, error: unknown): GradeFailureCause {
  const busy = answerCause(status);
  if (busy) return busy;
  if (error === 'invalid_scope') return 'scope_refused';
  if (error === 'invalid_request' || error === 'unsupported_grant_type') return 'token_refused';
  if (status === 400 || status === 401) return 'key_refused';
  return 'token_refused';
}

export interface AgsClientOptions {
  credentials(issuer: string, clientId: string): Promise<ServiceCredentials | undefined>;
  timeoutMs?: number;
  /** The outbound client: token endpoints and line item URLs are outside data (addresses checked, no redirects). */
  fetch: OutboundFetch;
}

/** The line item's scores endpoint: "/scores" appended to its path, its query kept (Moodle's type_id). */
export function scoresUrl(lineitemUrl: string): string {
  const url = new URL(lineitemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

/**
 * Posts scores to a platform's line items (LTI AGS 2.0 score publish service), with an OAuth2 client-credentials
 * token got by a signed client assertion (LTI Security Framework §4.1). Tokens are cached until shortly before
 * they expire; every request has a timeout so a slow LMS cannot hold a worker.
 */
export function createAgsClient(options: AgsClientOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch;
  // Each token kept for its own lifetime (less 30 s); one per platform, client and scope.
  const tokens = new TtlCache<{ token: string; hosts: PlatformHosts }>(3_600_000, 1000);

  /** The platform's access token goes to the platform's own hosts only, whatever URL a launch or a page named. */
  function refuseOffPlatform(url: string, hosts: PlatformHosts, what: string): void {
    if (!isPlatformUrl(url, hosts))
      throw new ScoreDeliveryError(`${what}: URL is not on the platform's hosts`, 'refused');
  }

  async function request(url: string, init: OutboundInit, what: string): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    } catch (err) {
      const reason =
        (err as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (err as Error).message;
      // fetch reports a refused redirect as a network error whose cause says so.
      const redirected = /redirect/i.test(`${reason} ${String((err as { cause?: unknown }).cause)}`);
      if (err instanceof OutboundTooLarge)
        throw new AnswerTooLarge(`${what}: ${reason}`, false, 'unreachable');
      throw new ScoreDeliveryError(`${what}: ${reason}`, false, redirected ? 'redirected' : 'unreachable');
    }
  }

  async function accessToken(
    issuer: string,
    clientId: string,
    scope = AGS_SCORE_SCOPE,
  ): Promise<{ token: string; hosts: PlatformHosts }> {
    const key = `${issuer}\u0000${clientId}\u0000${scope}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const creds = await options.credentials(issuer, clientId);
    if (!creds)
      throw new ScoreDeliveryError(
        'platform is not registered any more',
        'platform_removed',
        'platform_removed',
      );
    const privateKey =
      typeof creds.privateKey === 'string' ? crypto.createPrivateKey(creds.privateKey) : creds.privateKey;
    const assertion = await clientAssertion({ kid: creds.kid, key: privateKey }, clientId, creds.audience);
    const res = await request(
      creds.tokenEndpoint,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
          scope,
        }).toString(),
      },
      'token request',
    );
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
    };
    if (!res.ok) {
      const error = typeof body.error === 'string' ? ` ${body.error.slice(0, 100)}` : '';
      throw new ScoreDeliveryError(
        `token request: HTTP ${res.status}${error}`,
        false,
        tokenAnswerCause(res.status, body.error),
      );
    }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new ScoreDeliveryError('token request: no access_token in the answer', false, 'token_answer');
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    const entry = { token: body.access_token, hosts: creds.hosts };
    tokens.set(key, entry, Math.max(lifetime - 30, 1) * 1000);
    return entry;
  }

  return {
    /** Sends one score; throws ScoreDeliveryError with the reason when the platform does not take it. */
    async sendScore(s: ScoreToSend, sending?: () => Promise<void>): Promise<void> {
      const { token, hosts } = await accessToken(s.issuer, s.clientId);
      refuseOffPlatform(s.lineitemUrl, hosts, 'score');
      await sending?.();
      const res = await request(
        scoresUrl(s.lineitemUrl),
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': SCORE_MEDIA_TYPE },
          body: JSON.stringify({
            userId: s.platformUserId,
            scoreGiven: s.scoreGiven,
            scoreMaximum: s.scoreMaximum,
            activityProgress: 'Completed',
            gradingProgress: 'FullyGraded',
            timestamp: s.timestamp.toISOString(),
          }),
        },
        'score',
      );
      if (res.status === 401) tokens.delete(`${s.issuer}\u0000${s.clientId}\u0000${AGS_SCORE_SCOPE}`);
      if (!res.ok)
        throw new ScoreDeliveryError(
          `score: HTTP ${res.status}`,
          scoreAnswerKind(res.status),
          scoreAnswerCause(res.status),
        );
      await res.arrayBuffer().catch(() => undefined);
    },

    /**
     * The course roster from the Names and Role Provisioning Service (NRPS 2.0), following `Link: rel="next"`
     * pages, members who never opened the tool included; cut (`truncated`) at ROSTER_LIMITS: its members, its
     * bytes over all pages (each page may take what is left, at most `pageBytes`; a later page that does not fit
     * ends the roster there), its pages.
     */
    async memberships(
      issuer: string,
      clientId: string,
      url: string,
      limits: typeof ROSTER_LIMITS = ROSTER_LIMITS,
    ): Promise<Roster> {
      const { token, hosts } = await accessToken(issuer, clientId, NRPS_SCOPE);
      const members: NrpsMember[] = [];
      let bytes = 0;
      let next: string | undefined = url;
      for (let page = 0; next; page += 1) {
        if (page >= limits.pages || members.length >= limits.members || bytes >= limits.bytes)
          return { members, truncated: true };
        // The first page's URL came from a launch, the next ones from the platform's Link headers.
        refuseOffPlatform(next, hosts, 'memberships');
        let res: Response;
        try {
          res = await request(
            next,
            {
              headers: {
                Authorization: `Bearer ${token}`,
                Accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
              },
              maxBytes: Math.min(limits.pageBytes, limits.bytes - bytes),
            },
            'memberships',
          );
        } catch (err) {
          if (page > 0 && err instanceof AnswerTooLarge) return { members, truncated: true };
          throw err;
        }
        if (!res.ok) throw new ScoreDeliveryError(`memberships: HTTP ${res.status}`);
        const text = await res.text();
        bytes += Buffer.byteLength(text);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const body = membershipSchema.safeParse(json);
        if (!body.success) throw new ScoreDeliveryError('memberships: not a membership container');
        const room = limits.members - members.length;
        members.push(...body.data.members.slice(0, room));
        if (body.data.members.length > room) return { members, truncated: true };
        next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      }
      return { members, truncated: false };
    },
  };
}

/** NRPS 2.0 §2: the scope for reading a context's memberships. */
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

const membershipSchema = z.object({
  members: z.array(
    z.object({
      user_id: z.string().min(1),
      name: z.string().optional(),
      email: z.string().optional(),
      roles: z.array(z.string()).default([]),
      status: z.string().optional(),
    }),
  ),
});

export type NrpsMember = z.infer<typeof membershipSchema>['members'][number];

export type AgsClient = ReturnType<typeof createAgsClient>;

/** The course roster (NRPS) as the class view reads it (RosterSource): the LMS's members in the tool's words. */
export function agsRosterSource(ags: Pick<AgsClient, 'memberships'>): RosterSource {
  return {
    async roster(course) {
      const roster = await ags.memberships(course.issuer, course.clientId, course.membershipsUrl);
      return {
        members: roster.members.map((m) => ({
          userId: m.user_id,
          name: m.name,
          email: m.email,
          roles: m.roles,
          status: m.status,
        })),
        truncated: roster.truncated,
      };
    },
  };
}
