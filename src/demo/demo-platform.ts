import crypto, { type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import express, { type Request, type Response, type Router } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** What the demo course offers: three people, one course, one activity. */
export const DEMO = {
  clientId: 'digiskill-demo',
  deploymentId: 'demo-deployment-1',
  course: { id: 'demo-course-101', label: 'DIGI101' },
  link: { id: 'demo-link-1' },
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
  startUrl(role: DemoRole, locale: 'th' | 'en'): string;
}

export interface DemoTexts {
  courseTitle(locale: 'th' | 'en'): string;
  linkTitle(locale: 'th' | 'en'): string;
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
export async function createDemoPlatform(baseUrl: string, texts: DemoTexts): Promise<DemoPlatform> {
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
    const hint = hintSchema.safeParse({ as: req.query.as, locale: req.query.locale ?? 'th' });
    if (!hint.success) {
      res.status(400).type('text').send('as must be learner, instructor or admin');
      return;
    }
    res.redirect(302, startUrl(hint.data.as, hint.data.locale));
  });

  router.all(
    '/auth',
    express.urlencoded({ extended: false, limit: '16kb' }),
    (req: Request, res: Response) => {
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
      const idToken = signIdToken(privateKey, kid, {
        issuer,
        nonce: p.nonce,
        user,
        locale: hint.locale,
        courseTitle: texts.courseTitle(hint.locale),
        linkTitle: texts.linkTitle(hint.locale),
        launchUrl,
        returnUrl: `${baseUrl}/demo?lang=${hint.locale}`,
      });
      res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(
          `<!doctype html><html lang="${hint.locale}"><head><meta charset="utf-8"><title>DigiSkill</title></head>` +
            `<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(p.redirect_uri)}">` +
            `<input type="hidden" name="id_token" value="${escapeHtml(idToken)}">` +
            `<input type="hidden" name="state" value="${escapeHtml(p.state)}">` +
            `<noscript><button type="submit">Continue</button></noscript></form></body></html>`,
        );
    },
  );

  function startUrl(role: DemoRole, locale: 'th' | 'en'): string {
    const query = new URLSearchParams({
      iss: issuer,
      login_hint: DEMO.users[role].sub,
      target_link_uri: launchUrl,
      lti_message_hint: Buffer.from(JSON.stringify({ as: role, locale })).toString('base64url'),
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
    tokenEndpoint: `${issuer}/token`,
    keysetUrl: `${issuer}/jwks`,
    router,
    startUrl,
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
    courseTitle: string;
    linkTitle: string;
    launchUrl: string;
    returnUrl: string;
  },
): string {
  const L = 'https://purl.imsglobal.org/spec/lti/claim/';
  return jwt.sign(
    {
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
      [`${L}resource_link`]: { id: DEMO.link.id, title: o.linkTitle },
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
      [`${L}custom`]: {},
    },
    key,
    { algorithm: 'RS256', keyid: kid, issuer: o.issuer, audience: DEMO.clientId, expiresIn: 60 },
  );
}
