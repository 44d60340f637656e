import crypto from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { TtlCache } from '../shared/ttl-cache';

/*
 * The demo course's "Select content" (Deep Linking 2.0): the requests the demo LMS has sent, and what it does with
 * the tool's signed answer, as Moodle's mod/lti/contentitem_return.php does: the LtiDeepLinkingResponse JWT is
 * verified against the tool's published key set (RS256), must be issued by our client id to us, for our
 * deployment, unexpired, with a nonce not seen before and the `data` of a request we sent and have not yet had an
 * answer to; its ltiResourceLink items become placed activities of the demo course.
 *
 * Kept in memory, for the life of the demo process: the demo LMS has no storage of its own (src/demo may not reach
 * the database, and `npm start` runs one process), like its gradebook. A restart empties the course.
 */

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

/** Why a deep-linking response was refused; the demo page says each in the visitor's language. */
export type DeepLinkingRefusal =
  /** No JWT, or not a JWT. */
  | 'unreadable'
  /** The tool's key set could not be read. */
  | 'keySet'
  /** Not signed by a key of the tool's key set. */
  | 'signature'
  /** Not issued by our client id, or not addressed to this LMS. */
  | 'notForUs'
  /** Expired (or issued in the future). */
  | 'expired'
  /** Not an LtiDeepLinkingResponse of LTI 1.3.0. */
  | 'messageType'
  /** Another deployment's. */
  | 'deployment'
  /** Its nonce was seen before, or its request was answered already. */
  | 'replayed'
  /** Its `data` names no request this LMS sent (or one sent too long ago). */
  | 'unknownRequest'
  /** A content item that is not a well-formed resource link of the tool. */
  | 'items'
  /** The course holds as many activities as it can. */
  | 'full';

/** A gradebook column the tool asked for with the link (Deep Linking 2.0 §3.4.2, `lineItem`). */
export interface PlacedLineItem {
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
}

/** An activity of the demo course placed through Deep Linking. */
export interface PlacedActivity {
  /** The demo's id: its resource link is `demo-placed-<id>`, its line item `/lineitems/placed-<id>/lineitem`. */
  id: string;
  title: string;
  /** The target link URI of its launches (the tool's launch URL). */
  url: string;
  /** Custom parameters sent with each launch (the module's slug, `module`). */
  custom: Record<string, string>;
  lineItem?: PlacedLineItem;
  placedAt: Date;
}

/** What the visitor asked for when the request was sent: the answer comes back in their language. */
export interface PendingRequest {
  locale: 'th' | 'en';
}

export type ReceivedResponse =
  | { ok: true; placed: PlacedActivity[]; request: PendingRequest; message?: string }
  | { ok: false; reason: DeepLinkingRefusal; request?: PendingRequest };

/** The most activities the demo course holds; past it an answer is refused whole. */
export const MAX_PLACED = 40;
/** A "Select content" request can be answered within this time (Moodle keeps no limit; a demo need not wait). */
const REQUEST_TTL_MS = 30 * 60_000;
/** Nonces are remembered well past the 60 s that the tool's answers live. */
const NONCE_TTL_MS = 10 * 60_000;

const text = (max: number) => z.string().trim().min(1).max(max);
const itemSchema = z.object({
  type: z.literal('ltiResourceLink'),
  title: text(255).optional(),
  url: z.string().max(2000).optional(),
  custom: z
    .record(z.string().min(1).max(100), z.string().max(1000))
    .refine((c) => Object.keys(c).length <= 20)
    .optional(),
  lineItem: z
    .object({
      scoreMaximum: z.number().positive().max(1_000_000),
      label: text(255).optional(),
      resourceId: text(255).optional(),
      tag: text(255).optional(),
    })
    .optional(),
});
const itemsSchema = z.array(itemSchema).max(MAX_PLACED);

export interface DemoCourseOptions {
  issuer: string;
  clientId: string;
  deploymentId: string;
  /** The tool's launch URL: an item without a url is launched there; an item's url must be on its origin. */
  toolLaunchUrl: string;
  /** The tool's published key set (its `/lti/keys`), read for each answer. */
  toolKeys(): Promise<JWK[]>;
  clockToleranceSeconds?: number;
  now?: () => number;
}

/** The demo course: the activities placed in it, and its "Select content" requests in flight. */
export class DemoCourse {
  private readonly placed = new Map<string, PlacedActivity>();
  private readonly pending: TtlCache<PendingRequest>;
  private readonly seenNonces: TtlCache<true>;
  private nextId = 1;
  private readonly now: () => number;

  constructor(private readonly o: DemoCourseOptions) {
    this.now = o.now ?? Date.now;
    this.pending = new TtlCache<PendingRequest>(REQUEST_TTL_MS, 1_000, this.now);
    this.seenNonces = new TtlCache<true>(NONCE_TTL_MS, 100_000, this.now);
  }

  /** A new request's `data` (Deep Linking 2.0 §4.4.1): opaque to the tool, which must send it back unchanged. */
  openRequest(request: PendingRequest): string {
    const data = crypto.randomBytes(18).toString('base64url');
    this.pending.set(data, request);
    return data;
  }

  /** The placed activities, oldest first. */
  activities(): PlacedActivity[] {
    return [...this.placed.values()];
  }

  activity(id: string): PlacedActivity | undefined {
    return this.placed.get(id);
  }

  /** Removes an activity; true if it was there. */
  remove(id: string): boolean {
    return this.placed.delete(id);
  }

  /**
   * Checks the tool's answer (Deep Linking 2.0 §4.5; LTI Security Framework §5.1.3 for the JWT) and places its
   * items. All or nothing: a refused answer places nothing and keeps its request open only when the refusal came
   * before the request was known.
   */
  async receive(jwt: unknown): Promise<ReceivedResponse> {
    if (typeof jwt !== 'string' || jwt.length > 64_000 || jwt.split('.').length !== 3)
      return { ok: false, reason: 'unreadable' };
    let keys: ReturnType<typeof createLocalJWKSet>;
    try {
      keys = createLocalJWKSet({ keys: await this.o.toolKeys() });
    } catch {
      return { ok: false, reason: 'keySet' };
    }
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(jwt, keys, {
        algorithms: ['RS256'],
        issuer: this.o.clientId,
        audience: this.o.issuer,
        requiredClaims: ['iat', 'exp', 'nonce'],
        clockTolerance: this.o.clockToleranceSeconds ?? 10,
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      return { ok: false, reason: refusalOf(err) };
    }
    const iat = claims.iat as number;
    if (iat * 1000 > this.now() + (this.o.clockToleranceSeconds ?? 10) * 1000)
      return { ok: false, reason: 'expired' };
    if (claims[`${LTI}message_type`] !== 'LtiDeepLinkingResponse' || claims[`${LTI}version`] !== '1.3.0')
      return { ok: false, reason: 'messageType' };
    if (claims[`${LTI}deployment_id`] !== this.o.deploymentId) return { ok: false, reason: 'deployment' };
    const nonce = claims.nonce;
    if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > 255)
      return { ok: false, reason: 'unreadable' };
    if (this.seenNonces.get(nonce)) return { ok: false, reason: 'replayed' };
    this.seenNonces.set(nonce, true);

    const data = claims[`${DL}data`];
    const request = typeof data === 'string' ? this.pending.get(data) : undefined;
    if (!request) return { ok: false, reason: 'unknownRequest' };
    // The request is answered, whatever the items hold: a second answer to it is a replay.
    this.pending.delete(data as string);

    const items = itemsSchema.safeParse(claims[`${DL}content_items`] ?? []);
    if (!items.success) return { ok: false, reason: 'items', request };
    const toolOrigin = new URL(this.o.toolLaunchUrl).origin;
    const activities: PlacedActivity[] = [];
    for (const item of items.data) {
      const url = item.url ?? this.o.toolLaunchUrl;
      if (!sameOrigin(url, toolOrigin)) return { ok: false, reason: 'items', request };
      const custom = item.custom ?? {};
      const title = item.title ?? item.lineItem?.label ?? custom.module ?? 'DigiSkill';
      activities.push({
        id: '',
        title,
        url,
        custom,
        lineItem: item.lineItem ? { ...item.lineItem, label: item.lineItem.label ?? title } : undefined,
        placedAt: new Date(this.now()),
      });
    }
    if (this.placed.size + activities.length > MAX_PLACED) return { ok: false, reason: 'full', request };
    for (const a of activities) {
      a.id = String(this.nextId++);
      this.placed.set(a.id, a);
    }
    const msg = claims[`${DL}msg`];
    return {
      ok: true,
      placed: activities,
      request,
      ...(typeof msg === 'string' && msg.length <= 1000 ? { message: msg } : {}),
    };
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function refusalOf(err: unknown): DeepLinkingRefusal {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed)
    return err.claim === 'iss' || err.claim === 'aud' ? 'notForUs' : 'unreadable';
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSEAlgNotAllowed
  )
    return 'signature';
  return 'unreadable';
}
