import crypto, { type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import express, { type Request, type Response, type Router } from 'express';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

const generateKeyPair = promisify(crypto.generateKeyPair);

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

const authRequestSchema = z.object({
  scope: z.literal('openid'),
  response_type: z.literal('id_token'),
  response_mode: z.literal('form_post'),
  client_id: z.literal(DEMO.clientId),
  redirect_uri: z.string().url(),
  login_hint: z.string().min(1),
  state: z.string().min(1),
  nonce: z.string().min(1),
  lti_message_hint: z.string().min(1),
  prompt: z.enum(['none', '']).optional(),
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
  const { privateKey, publicKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const kid = crypto
    .createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  const issuer = `${baseUrl}/demo`;
  const launchUrl = `${baseUrl}/lti/launch`;
  const router = express.Router();

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
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
  const issuedTokens = new Set<string>();
  const grades = new Map<string, DemoGrade>();
  router.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (
      body.grant_type !== 'client_credentials' ||
      body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
      typeof body.client_assertion !== 'string'
    ) {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    try {
      const header = decodeProtectedHeader(body.client_assertion);
      const keyset = (await (await fetch(toolKeysetUrl, { signal: AbortSignal.timeout(5000) })).json()) as {
        keys: Array<crypto.JsonWebKey & { kid?: string }>;
      };
      const jwk = keyset.keys.find((k) => k.kid === header.kid);
      if (!jwk) throw new Error('unknown key');
      const { payload: claims } = await jwtVerify(
        body.client_assertion,
        crypto.createPublicKey({ key: jwk, format: 'jwk' }),
        { algorithms: ['RS256'], audience: tokenEndpoint },
      );
      if (claims.iss !== DEMO.clientId || claims.sub !== DEMO.clientId) throw new Error('wrong client');
    } catch {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    const token = crypto.randomBytes(16).toString('hex');
    issuedTokens.add(token);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: AGS_SCOPES[1] });
  });
  router.post(
    '/lineitems/1/lineitem/scores',
    express.json({ type: ['application/vnd.ims.lis.v1.score+json', 'application/json'], limit: '16kb' }),
    (req, res) => {
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !issuedTokens.has(auth.slice(7))) {
        res.status(401).json({ error: 'invalid_token' });
        return;
      }
      const score = scoreSchema.safeParse(req.body);
      if (!score.success) {
        res.status(400).json({ error: 'invalid score' });
        return;
      }
      grades.set(score.data.userId, score.data);
      res.status(200).json({});
    },
  );

  router.all(
    '/auth',
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req: Request, res: Response) => {
      const params = authRequestSchema.safeParse({ ...req.query, ...(req.body as object) });
      if (!params.success) {
        res
          .status(400)
          .type('text')
          .send(
            `invalid authentication request: ${params.error.issues.map((i) => i.path.join('.')).join(', ')}`,
          );
        return;
      }
      const p = params.data;
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
      const idToken = await signIdToken(privateKey, kid, {
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
    gradebook: () => [...grades.values()].sort((a, b) => b.timestamp.localeCompare(a.timestamp)),
  };
}

function signIdToken(
  key: KeyObject,
  kid: string,
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
): Promise<string> {
  const L = 'https://purl.imsglobal.org/spec/lti/claim/';
  return new SignJWT({
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
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(o.issuer)
    .setAudience(DEMO.clientId)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
}
