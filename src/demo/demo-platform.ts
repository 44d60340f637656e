import type { JsonWebKey } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import { DemoCourse, type PlacedActivity } from './demo-course';
import {
  AccessTokens,
  checkAuthorizationRequest,
  checkClientAssertion,
  generateSigningKey,
  Gradebook,
  publishedJwk,
  signRs256,
  type AuthorizationRequest,
  type SigningKey,
} from './platform-kit';

/** What the demo course offers: three people, one course, one activity. */
export const DEMO = {
  clientId: 'digiskill-demo',
  deploymentId: 'demo-deployment-1',
  course: { id: 'demo-course-101', label: 'DIGI101' },
  link: { id: 'demo-link-1' },
  /** A module placed in the demo course, with a gradebook column (AGS line item). */
  moduleLink: { id: 'demo-link-module', module: 'dl-computer-basics' },
  users: {
    learner: {
      sub: 'demo-learner-1',
      given_name: 'สมชาย',
      family_name: 'ใจดี',
      email: 'somchai@demo.digiskill.test',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    },
    instructor: {
      sub: 'demo-instructor-1',
      given_name: 'มาลี',
      family_name: 'ศรีสุข',
      email: 'malee@demo.digiskill.test',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
    },
    admin: {
      sub: 'demo-admin-1',
      given_name: 'ผู้ดูแล',
      family_name: 'ระบบ',
      email: 'admin@demo.digiskill.test',
      roles: [
        'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
        'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
        'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
      ],
    },
  },
} as const;

export type DemoRole = keyof typeof DEMO.users;

const hintSchema = z.object({
  as: z.enum(['learner', 'instructor', 'admin']),
  locale: z.enum(['th', 'en']),
  activity: z.enum(['home', 'module', 'select', 'placed']).default('home'),
  /** The placed activity launched (activity 'placed'). */
  placement: z.string().max(20).optional(),
});
/**
 * What a launch from the demo course opens: the tool's home, the fixed module link, "Select content" (a Deep
 * Linking request, for the instructor and the administrator) or an activity placed through it.
 */
export type DemoActivity = 'home' | 'module' | 'select' | { placement: string };

/** Who may place content in the demo course (Moodle: whoever may add activities, the course's teachers). */
export const CAN_SELECT_CONTENT: readonly DemoRole[] = ['instructor', 'admin'];

const AGS_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
];

/** AGS 2.0 §3.4.7–3.4.8: the progress values a score may carry (any other is refused with 400). */
export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;

/** A score the demo gradebook received from the tool (AGS score publish). */
export interface DemoGrade {
  /** The gradebook column: the fixed module link's, or a placed activity's (its id). */
  column: { kind: 'module' } | { kind: 'placed'; id: string };
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: (typeof ACTIVITY_PROGRESS)[number];
  gradingProgress: (typeof GRADING_PROGRESS)[number];
  timestamp: string;
}

const scoreSchema = z.object({
  userId: z.string().min(1),
  scoreGiven: z.number().min(0),
  scoreMaximum: z.number().positive(),
  activityProgress: z.enum(ACTIVITY_PROGRESS),
  gradingProgress: z.enum(GRADING_PROGRESS),
  timestamp: z.string(),
});

export interface DemoPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authEndpoint: string;
  tokenEndpoint: string;
  keysetUrl: string;
  /** Where the tool posts its answer to "Select content" (the route is the demo page's, src/http/routes/demo.routes.ts). */
  deepLinkReturnUrl: string;
  router: Router;
  /**
   * Where a launch as this role starts (the LMS's link to the tool); undefined for a placed activity that is not
   * (or no longer) in the course, and for "Select content" by a learner.
   */
  startUrl(role: DemoRole, locale: 'th' | 'en', activity?: DemoActivity): string | undefined;
  /** The demo course's placed activities and its "Select content" requests. */
  course: DemoCourse;
  /** Removes a placed activity with its gradebook column; false if it was not there. */
  removeActivity(id: string): boolean;
  /** What the demo gradebook received, newest first (of the columns still in the course). */
  gradebook(): DemoGrade[];
}

export interface DemoTexts {
  courseTitle(locale: 'th' | 'en'): string;
  linkTitle(locale: 'th' | 'en'): string;
  moduleLinkTitle(locale: 'th' | 'en'): string;
  /** The button of the page that carries a launch on without script. */
  continueLabel(locale: 'th' | 'en'): string;
  /** Its title while it carries the launch on. */
  redirecting(locale: 'th' | 'en'): string;
}

export interface DemoOptions {
  /** The tool's published key set (its `/lti/keys`); by default read over HTTP from toolKeysetUrl. */
  toolKeys?: () => Promise<JsonWebKey[]>;
  toolKeysetUrl?: string;
  /** The clock of the demo's checks, in ms (tests). */
  now?: () => number;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * A minimal LTI 1.3 platform inside the tool for local trials (on outside production by default).
 * It performs the platform's half of a real launch: it starts the OIDC login, answers the authentication
 * request with an RS256 id_token signed by its own key, and publishes that key as a JWKS.
 */
export async function createDemoPlatform(
  baseUrl: string,
  texts: DemoTexts,
  options: DemoOptions = {},
): Promise<DemoPlatform> {
  const key = await generateSigningKey();
  const issuer = `${baseUrl}/demo`;
  const launchUrl = `${baseUrl}/lti/launch`;
  const deepLinkReturnUrl = `${issuer}/deep-link-return`;
  const now = options.now ?? Date.now;
  const toolKeysetUrl = options.toolKeysetUrl ?? `${baseUrl}/lti/keys`;
  const toolKeys =
    options.toolKeys ??
    (async () => {
      const keyset = (await (await fetch(toolKeysetUrl, { signal: AbortSignal.timeout(5000) })).json()) as {
        keys?: unknown;
      };
      return Array.isArray(keyset.keys) ? (keyset.keys as JsonWebKey[]) : [];
    });
  const course = new DemoCourse({
    issuer,
    clientId: DEMO.clientId,
    deploymentId: DEMO.deploymentId,
    toolLaunchUrl: launchUrl,
    toolKeys: async () => (await toolKeys()) as JWK[],
    now,
  });
  const router = express.Router();

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [publishedJwk(key)] });
  });

  // The demo gradebook: an OAuth2 token endpoint that checks the tool's signed client assertion against the
  // tool's published keys, and each line item's score endpoint: the fixed module link's (1) and one per placed
  // activity with a line item (placed-<id>). Scores are kept in memory for the demo page.
  const tokenEndpoint = `${issuer}/token`;
  const tokens = new AccessTokens();
  const gradebook = new Gradebook();
  const lineItemPath = (item: string) => `/lineitems/${item}/lineitem`;
  const placedItem = (a: PlacedActivity) => `placed-${a.id}`;
  router.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const refused = await checkClientAssertion(req.body as Record<string, unknown>, {
      clientId: DEMO.clientId,
      tokenUrl: tokenEndpoint,
      toolKeys,
    });
    if (refused) {
      res.status(refused.error === 'invalid_client' ? 401 : 400).json({ error: refused.error });
      return;
    }
    res.json({ access_token: tokens.issue(), token_type: 'Bearer', expires_in: 3600, scope: AGS_SCOPES[1] });
  });
  const lineItemExists = (item: string) =>
    item === '1' ||
    (item.startsWith('placed-') && course.activity(item.slice('placed-'.length))?.lineItem !== undefined);
  router.post(
    '/lineitems/:item/lineitem/scores',
    express.json({ type: ['application/vnd.ims.lis.v1.score+json', 'application/json'], limit: '16kb' }),
    (req, res) => {
      if (!tokens.accepts(req.headers.authorization)) {
        res.status(401).json({ error: 'invalid_token' });
        return;
      }
      const item = String(req.params.item);
      const path = lineItemPath(item);
      if (!lineItemExists(item) && !gradebook.deletedLineItems.has(path)) {
        res.status(404).type('text').send(`Not Found: Grade item ${item} doesn't exist.`);
        return;
      }
      const score = scoreSchema.safeParse(req.body);
      if (!score.success) {
        res.status(400).json({ error: 'invalid score' });
        return;
      }
      const taken = gradebook.receive(path, score.data);
      if (taken.status === 200) res.status(200).json({});
      else res.status(taken.status).type('text').send(taken.message);
    },
  );

  router.all(
    '/auth',
    express.urlencoded({ extended: false, limit: '16kb' }),
    (req: Request, res: Response) => {
      const checked = checkAuthorizationRequest(
        { ...(req.query as AuthorizationRequest), ...(req.body as AuthorizationRequest) },
        DEMO.clientId,
      );
      if (!checked.ok) {
        res.status(400).type('text').send(`invalid authentication request: ${checked.error}`);
        return;
      }
      const p = checked.request;
      // OIDC Core §3.1.2.1: the redirect URI must be one registered for the client.
      if (p.redirect_uri !== launchUrl) {
        res.status(400).type('text').send('redirect_uri is not registered for this client');
        return;
      }
      let hint: z.infer<typeof hintSchema>;
      try {
        hint = hintSchema.parse(JSON.parse(Buffer.from(p.lti_message_hint, 'base64url').toString('utf8')));
      } catch {
        res.status(400).type('text').send('invalid lti_message_hint');
        return;
      }
      const user = DEMO.users[hint.as];
      if (p.login_hint !== user.sub) {
        res.status(400).type('text').send('login_hint does not match the signed-in user');
        return;
      }
      const placed = hint.activity === 'placed' ? course.activity(hint.placement ?? '') : undefined;
      if (hint.activity === 'placed' && !placed) {
        res.status(404).type('text').send('the activity is no longer in the course');
        return;
      }
      if (hint.activity === 'select' && !CAN_SELECT_CONTENT.includes(hint.as)) {
        res.status(400).type('text').send('only a teacher of the course may select content');
        return;
      }
      const common = {
        issuer,
        nonce: p.nonce,
        user,
        locale: hint.locale,
        courseTitle: texts.courseTitle(hint.locale),
        returnUrl: `${baseUrl}/demo?lang=${hint.locale}`,
      };
      const idToken =
        hint.activity === 'select'
          ? signIdToken(key, {
              ...common,
              message: {
                kind: 'select',
                returnUrl: deepLinkReturnUrl,
                data: course.openRequest({ locale: hint.locale }),
                launchUrl,
              },
            })
          : signIdToken(key, {
              ...common,
              message: placed
                ? {
                    kind: 'link',
                    linkId: `demo-placed-${placed.id}`,
                    title: placed.title,
                    launchUrl: placed.url,
                    custom: placed.custom,
                    lineItem: placed.lineItem ? `${issuer}${lineItemPath(placedItem(placed))}` : undefined,
                  }
                : hint.activity === 'module'
                  ? {
                      kind: 'link',
                      linkId: DEMO.moduleLink.id,
                      title: texts.moduleLinkTitle(hint.locale),
                      launchUrl,
                      custom: { module: DEMO.moduleLink.module },
                      lineItem: `${issuer}${lineItemPath('1')}`,
                    }
                  : {
                      kind: 'link',
                      linkId: DEMO.link.id,
                      title: texts.linkTitle(hint.locale),
                      launchUrl,
                      custom: {},
                    },
            });
      res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(
          `<!doctype html><html lang="${hint.locale}"><head><meta charset="utf-8">` +
            `<title>${escapeHtml(texts.redirecting(hint.locale))}</title></head>` +
            `<body><form method="post" action="${escapeHtml(p.redirect_uri)}" data-auto-submit>` +
            `<input type="hidden" name="id_token" value="${escapeHtml(idToken)}">` +
            `<input type="hidden" name="state" value="${escapeHtml(p.state)}">` +
            `<noscript><button type="submit">${escapeHtml(texts.continueLabel(hint.locale))}</button></noscript></form>` +
            '<script src="/static/auto-submit.js"></script></body></html>',
        );
    },
  );

  function startUrl(
    role: DemoRole,
    locale: 'th' | 'en',
    activity: DemoActivity = 'home',
  ): string | undefined {
    let hint: z.input<typeof hintSchema>;
    let target = launchUrl;
    if (typeof activity === 'object') {
      const placed = course.activity(activity.placement);
      if (!placed) return undefined;
      hint = { as: role, locale, activity: 'placed', placement: placed.id };
      target = placed.url;
    } else {
      if (activity === 'select' && !CAN_SELECT_CONTENT.includes(role)) return undefined;
      hint = { as: role, locale, activity };
    }
    const query = new URLSearchParams({
      iss: issuer,
      login_hint: DEMO.users[role].sub,
      target_link_uri: target,
      lti_message_hint: Buffer.from(JSON.stringify(hint)).toString('base64url'),
      client_id: DEMO.clientId,
      lti_deployment_id: DEMO.deploymentId,
    });
    return `/lti/login?${query.toString()}`;
  }

  return {
    issuer,
    clientId: DEMO.clientId,
    deploymentId: DEMO.deploymentId,
    authEndpoint: `${issuer}/auth`,
    tokenEndpoint,
    keysetUrl: `${issuer}/jwks`,
    deepLinkReturnUrl,
    router,
    startUrl,
    course,
    removeActivity(id) {
      const placed = course.activity(id);
      if (!placed || !course.remove(id)) return false;
      // As Moodle deletes an activity's grade item with it: its grades go, and later scores get 404.
      const path = lineItemPath(placedItem(placed));
      gradebook.deletedLineItems.add(path);
      for (const k of [...gradebook.grades.keys()])
        if (k.startsWith(`${path}\u0000`)) gradebook.grades.delete(k);
      return true;
    },
    gradebook: () =>
      [...gradebook.grades.entries()]
        .map(([k, g]): DemoGrade => {
          const item = /^\/lineitems\/([^/]+)\/lineitem$/.exec(k.split('\u0000')[0] ?? '')?.[1] ?? '1';
          const score = scoreSchema.parse(g.score);
          return {
            column: item.startsWith('placed-')
              ? { kind: 'placed', id: item.slice('placed-'.length) }
              : { kind: 'module' },
            ...score,
          };
        })
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp)),
  };
}

/** What an id_token of the demo carries: a resource link's launch, or a "Select content" request. */
type DemoMessage =
  | {
      kind: 'link';
      linkId: string;
      title: string;
      launchUrl: string;
      custom: Record<string, string>;
      /** The line item of the link's gradebook column (AGS), if it has one. */
      lineItem?: string;
    }
  | { kind: 'select'; returnUrl: string; data: string; launchUrl: string };

function signIdToken(
  key: SigningKey,
  o: {
    issuer: string;
    nonce: string;
    user: (typeof DEMO.users)[DemoRole];
    locale: 'th' | 'en';
    courseTitle: string;
    returnUrl: string;
    message: DemoMessage;
  },
): string {
  const m = o.message;
  const L = 'https://purl.imsglobal.org/spec/lti/claim/';
  const iat = Math.floor(Date.now() / 1000);
  return signRs256(
    {
      iss: o.issuer,
      aud: DEMO.clientId,
      iat,
      exp: iat + 60,
      nonce: o.nonce,
      sub: o.user.sub,
      given_name: o.user.given_name,
      family_name: o.user.family_name,
      name: `${o.user.given_name} ${o.user.family_name}`,
      email: o.user.email,
      [`${L}message_type`]: m.kind === 'select' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
      [`${L}version`]: '1.3.0',
      [`${L}deployment_id`]: DEMO.deploymentId,
      [`${L}target_link_uri`]: m.launchUrl,
      ...(m.kind === 'link' ? { [`${L}resource_link`]: { id: m.linkId, title: m.title } } : {}),
      [`${L}roles`]: o.user.roles,
      [`${L}context`]: {
        id: DEMO.course.id,
        label: DEMO.course.label,
        title: o.courseTitle,
        type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
      },
      [`${L}tool_platform`]: {
        name: 'DigiSkill demo LMS',
        product_family_code: 'digiskill-demo',
        version: '1',
      },
      [`${L}launch_presentation`]: {
        locale: o.locale === 'th' ? 'th_TH' : 'en',
        document_target: 'iframe',
        return_url: o.returnUrl,
      },
      [`${L}custom`]: m.kind === 'link' ? m.custom : {},
      ...(m.kind === 'link' && m.lineItem
        ? {
            'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
              scope: AGS_SCOPES,
              lineitems: `${o.issuer}/lineitems`,
              lineitem: m.lineItem,
            },
          }
        : {}),
      // Deep Linking 2.0 §4.4.1, as Moodle's "Select content" sends it (accept_multiple as a string).
      ...(m.kind === 'select'
        ? {
            'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
              deep_link_return_url: m.returnUrl,
              accept_types: ['ltiResourceLink'],
              accept_presentation_document_targets: ['iframe', 'window'],
              accept_multiple: 'true',
              auto_create: true,
              data: m.data,
            },
          }
        : {}),
    },
    key,
  );
}
