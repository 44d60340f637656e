import type { JsonWebKey } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
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
  activity: z.enum(['home', 'module']).default('home'),
});
export type DemoActivity = 'home' | 'module';

const AGS_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
];

/** A score the demo gradebook received from the tool (AGS score publish). */
export interface DemoGrade {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
}

const scoreSchema = z.object({
  userId: z.string().min(1),
  scoreGiven: z.number().min(0),
  scoreMaximum: z.number().positive(),
  activityProgress: z.string(),
  gradingProgress: z.string(),
  timestamp: z.string(),
});

export interface DemoPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authEndpoint: string;
  tokenEndpoint: string;
  keysetUrl: string;
  router: Router;
  /** Where a launch as this role starts (the LMS's link to the tool). */
  startUrl(role: DemoRole, locale: 'th' | 'en', activity?: DemoActivity): string;
  /** What the demo gradebook received, newest first. */
  gradebook(): DemoGrade[];
}

export interface DemoTexts {
  courseTitle(locale: 'th' | 'en'): string;
  linkTitle(locale: 'th' | 'en'): string;
  moduleLinkTitle(locale: 'th' | 'en'): string;
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
  toolKeysetUrl = `${baseUrl}/lti/keys`,
): Promise<DemoPlatform> {
  const key = await generateSigningKey();
  const issuer = `${baseUrl}/demo`;
  const launchUrl = `${baseUrl}/lti/launch`;
  const router = express.Router();

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [publishedJwk(key)] });
  });

  router.get('/start', (req: Request, res: Response) => {
    const hint = hintSchema.safeParse({
      as: req.query.as,
      locale: req.query.locale ?? 'th',
      activity: req.query.activity ?? 'home',
    });
    if (!hint.success) {
      res.status(400).type('text').send('as must be learner, instructor or admin; activity home or module');
      return;
    }
    res.redirect(302, startUrl(hint.data.as, hint.data.locale, hint.data.activity));
  });

  // The demo gradebook: an OAuth2 token endpoint that checks the tool's signed client assertion against the
  // tool's published keys, and the line item's score endpoint. Scores are kept in memory for the demo page.
  const tokenEndpoint = `${issuer}/token`;
  const tokens = new AccessTokens();
  const gradebook = new Gradebook();
  const lineItem = '/lineitems/1/lineitem';
  router.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const refused = await checkClientAssertion(req.body as Record<string, unknown>, {
      clientId: DEMO.clientId,
      tokenUrl: tokenEndpoint,
      toolKeys: async () => {
        const keyset = (await (await fetch(toolKeysetUrl, { signal: AbortSignal.timeout(5000) })).json()) as {
          keys?: unknown;
        };
        return Array.isArray(keyset.keys) ? (keyset.keys as JsonWebKey[]) : [];
      },
    });
    if (refused) {
      res.status(refused.error === 'invalid_client' ? 401 : 400).json({ error: refused.error });
      return;
    }
    res.json({ access_token: tokens.issue(), token_type: 'Bearer', expires_in: 3600, scope: AGS_SCOPES[1] });
  });
  router.post(
    `${lineItem}/scores`,
    express.json({ type: ['application/vnd.ims.lis.v1.score+json', 'application/json'], limit: '16kb' }),
    (req, res) => {
      if (!tokens.accepts(req.headers.authorization)) {
        res.status(401).json({ error: 'invalid_token' });
        return;
      }
      const score = scoreSchema.safeParse(req.body);
      if (!score.success) {
        res.status(400).json({ error: 'invalid score' });
        return;
      }
      const taken = gradebook.receive(lineItem, score.data);
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
      const idToken = signIdToken(key, {
        issuer,
        nonce: p.nonce,
        user,
        locale: hint.locale,
        activity: hint.activity,
        courseTitle: texts.courseTitle(hint.locale),
        linkTitle:
          hint.activity === 'module' ? texts.moduleLinkTitle(hint.locale) : texts.linkTitle(hint.locale),
        launchUrl,
        returnUrl: `${baseUrl}/demo?lang=${hint.locale}`,
      });
      res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(
          `<!doctype html><html lang="${hint.locale}"><head><meta charset="utf-8"><title>DigiSkill</title></head>` +
            `<body><form method="post" action="${escapeHtml(p.redirect_uri)}" data-auto-submit>` +
            `<input type="hidden" name="id_token" value="${escapeHtml(idToken)}">` +
            `<input type="hidden" name="state" value="${escapeHtml(p.state)}">` +
            `<noscript><button type="submit">Continue</button></noscript></form>` +
            '<script src="/static/auto-submit.js"></script></body></html>',
        );
    },
  );

  function startUrl(role: DemoRole, locale: 'th' | 'en', activity: DemoActivity = 'home'): string {
    const query = new URLSearchParams({
      iss: issuer,
      login_hint: DEMO.users[role].sub,
      target_link_uri: launchUrl,
      lti_message_hint: Buffer.from(JSON.stringify({ as: role, locale, activity })).toString('base64url'),
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
    router,
    startUrl,
    gradebook: () =>
      [...gradebook.grades.values()]
        .map((g) => g.score as unknown as DemoGrade)
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp)),
  };
}

function signIdToken(
  key: SigningKey,
  o: {
    issuer: string;
    nonce: string;
    user: (typeof DEMO.users)[DemoRole];
    locale: 'th' | 'en';
    activity: DemoActivity;
    courseTitle: string;
    linkTitle: string;
    launchUrl: string;
    returnUrl: string;
  },
): string {
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
      [`${L}message_type`]: 'LtiResourceLinkRequest',
      [`${L}version`]: '1.3.0',
      [`${L}deployment_id`]: DEMO.deploymentId,
      [`${L}target_link_uri`]: o.launchUrl,
      [`${L}resource_link`]: {
        id: o.activity === 'module' ? DEMO.moduleLink.id : DEMO.link.id,
        title: o.linkTitle,
      },
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
      [`${L}custom`]: o.activity === 'module' ? { module: DEMO.moduleLink.module } : {},
      ...(o.activity === 'module'
        ? {
            'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
              scope: AGS_SCOPES,
              lineitems: `${o.issuer}/lineitems`,
              lineitem: `${o.issuer}/lineitems/1/lineitem`,
            },
          }
        : {}),
    },
    key,
  );
}
