import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import type { CertificateFacts } from '../../domain/certificates/certificate';
import {
  getBadge,
  getIssuerKeys,
  getIssuerProfile,
  getStatusList,
  STATUS_LIST_TTL_MS,
  verifyBadge,
  type BadgeCheckResult,
  type BadgeDeps,
} from '../../use-cases/open-badges';
import { requestLocale } from '../locale';
import { renderPage } from '../pages';
import type { RenderPage } from '../views';

const languageQuery = z.enum(['th', 'en']).catch('th');
/** A pasted credential: a VC-JWT of a few kilobytes; 64 KiB is far past any the tool issues. */
const VERIFY_BODY_LIMIT = '64kb';
const JWT_TYPE = 'application/vc+jwt';

export interface OpenBadgeRouteDeps extends BadgeDeps {
  render: RenderPage;
  defaultLocale: Locale;
  baseUrl: string;
}

/** The sentences of a credential in its language. */
function badgeWords(facts: CertificateFacts, l: Locale) {
  const title = facts.title[l];
  const organisation = facts.organisation[l];
  return {
    credentialName: t(l, `badge.credential.name.${facts.kind}`, { title }),
    achievementDescription: t(l, `badge.achievement.description.${facts.kind}`, { title, organisation }),
    criteria: t(l, `badge.criteria.${facts.kind}`),
  };
}

/**
 * Open Badges 3.0, public (no session, no cookie): a certificate's credential (VC-JWT, or its JSON to read), the
 * issuer's Profile, its keys (a JWK Set, and each key at its kid), its revocation status list, and the check of a
 * credential (an HTML page for people, JSON for machines). Each is one indexed read or a cached one.
 */
export function openBadgeRoutes(deps: OpenBadgeRouteDeps): Router {
  const router = express.Router();
  const json = (res: Response, status: number, type: string, body: unknown) =>
    res.status(status).type(type).set('Access-Control-Allow-Origin', '*').send(JSON.stringify(body));
  const notFound = (res: Response) => json(res, 404, 'application/json', { error: 'not found' });
  const wrap =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: express.NextFunction) => {
      res.set('X-Robots-Tag', 'noindex, nofollow');
      res.set('Referrer-Policy', 'no-referrer');
      handler(req, res).catch(next);
    };

  const verifyPage = (
    req: Request,
    res: Response,
    credential: string,
    result?: BadgeCheckResult,
    tooLarge = false,
  ) => {
    const l = requestLocale(req, deps.defaultLocale);
    renderPage(
      req,
      res,
      deps.render,
      { locale: l },
      'badge-verify',
      {
        title: t(l, 'badge.verify.title'),
        credential,
        ...(tooLarge ? { error: t(l, 'badge.error.tooLarge') } : {}),
        ...(result
          ? {
              result: {
                valid: result.valid,
                checks: result.checks.map((c) => ({
                  label: t(l, `badge.check.${c.check}`),
                  result: c.result,
                  resultText: t(l, `badge.result.${c.result}`),
                  ...(c.problem ? { problem: t(l, `badge.problem.${c.problem}`) } : {}),
                })),
                says: (
                  [
                    ['name', result.name],
                    ['achievement', result.achievement],
                    ['issuer', result.issuerName],
                    ['validFrom', validFromText(l, result.validFrom)],
                  ] as const
                )
                  .filter(
                    (x): x is readonly [(typeof x)[0], string] => typeof x[1] === 'string' && x[1] !== '',
                  )
                  .map(([k, v]) => ({ label: t(l, `badge.verify.${k}`), value: v })),
              },
            }
          : {}),
      },
      tooLarge ? 413 : 200,
    );
  };

  router.get(
    '/credentials/verify',
    wrap(async (req, res) => verifyPage(req, res, '')),
  );

  router.post(
    '/credentials/verify',
    express.text({ type: () => true, limit: VERIFY_BODY_LIMIT }),
    wrap(async (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const type = req.get('content-type') ?? '';
      const form = type.startsWith('application/x-www-form-urlencoded');
      const credential = form
        ? (new URLSearchParams(body).get('credential') ?? '')
        : type.startsWith('application/json')
          ? credentialOfJson(body)
          : body;
      const result = await verifyBadge(deps, { baseUrl: deps.baseUrl, jwt: credential });
      // A person's form gets the page; a machine (JSON or JWT posted, or asking for JSON) gets JSON.
      if (form && req.accepts(['text/html', 'application/json']) === 'text/html')
        return verifyPage(req, res, credential.slice(0, 20_000), result);
      json(res, 200, 'application/json', {
        valid: result.valid,
        checks: result.checks,
        ...(result.credentialId ? { credential: result.credentialId } : {}),
      });
    }),
  );

  // A body past the limit: the page (or JSON) says so, in the reader's language; nothing is checked.
  router.use('/credentials/verify', ((err, req, res, next) => {
    const e = err as { type?: unknown };
    if (e.type !== 'entity.too.large') return next(err);
    if (
      (req.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded') &&
      req.accepts(['text/html', 'application/json']) === 'text/html'
    )
      return verifyPage(req, res, '', undefined, true);
    json(res, 413, 'application/json', { error: 'too large' });
  }) as express.ErrorRequestHandler);

  router.get(
    '/credentials/issuers/:issuer',
    wrap(async (req, res) => {
      const profile = await getIssuerProfile(deps, {
        baseUrl: deps.baseUrl,
        issuerPublicId: String(req.params.issuer),
      });
      if (!profile) return void notFound(res);
      json(res, 200, 'application/json', profile);
    }),
  );

  const keys = async (req: Request) =>
    getIssuerKeys(deps, { baseUrl: deps.baseUrl, issuerPublicId: String(req.params.issuer) });
  router.get(
    '/credentials/issuers/:issuer/keys',
    wrap(async (req, res) => {
      const set = await keys(req);
      if (!set) return void notFound(res);
      res.set('Cache-Control', 'public, max-age=300');
      json(res, 200, 'application/jwk-set+json', set);
    }),
  );
  router.get(
    '/credentials/issuers/:issuer/keys/:kid',
    wrap(async (req, res) => {
      const set = await keys(req);
      const key = set?.keys.find((k) => k.kid?.endsWith(`/keys/${String(req.params.kid)}`));
      if (!key) return void notFound(res);
      res.set('Cache-Control', 'public, max-age=86400');
      json(res, 200, 'application/jwk+json', key);
    }),
  );

  router.get(
    '/credentials/issuers/:issuer/status/revocation',
    wrap(async (req, res) => {
      const list = await getStatusList(deps, {
        baseUrl: deps.baseUrl,
        issuerPublicId: String(req.params.issuer),
      });
      if (!list) return void notFound(res);
      res
        .status(200)
        .type(JWT_TYPE)
        .set('Access-Control-Allow-Origin', '*')
        .set('Cache-Control', `public, max-age=${STATUS_LIST_TTL_MS / 1000}`)
        .send(list);
    }),
  );

  const badge = (req: Request) =>
    getBadge(deps, {
      baseUrl: deps.baseUrl,
      publicId: String(req.params.publicId),
      language: languageQuery.parse(req.query.in),
      words: badgeWords,
    });
  router.get(
    '/credentials/:publicId',
    wrap(async (req, res) => {
      const found = await badge(req);
      if (!found) return void notFound(res);
      res.status(200).type(JWT_TYPE).set('Access-Control-Allow-Origin', '*').set('Cache-Control', 'no-store');
      if (req.query.download === '1')
        res.set('Content-Disposition', `attachment; filename="badge-${found.publicId}.jwt"`);
      res.send(found.jwt);
    }),
  );
  router.get(
    '/credentials/:publicId/json',
    wrap(async (req, res) => {
      const found = await badge(req);
      if (!found) return void notFound(res);
      res.set('Cache-Control', 'no-store');
      json(res, 200, 'application/json', found.credential);
    }),
  );

  return router;
}

/** A credential's validFrom as a date in the page's language (Buddhist era in Thai); as given when unreadable. */
function validFromText(l: Locale, validFrom: string | undefined): string | undefined {
  if (validFrom === undefined) return undefined;
  const at = new Date(validFrom);
  return Number.isNaN(at.getTime()) ? validFrom : formatDate(l, at);
}

/** The credential of a JSON body: `{ "credential": "<jwt>" }`, or a JSON string of the JWT. */
function credentialOfJson(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') return parsed;
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof (parsed as { credential?: unknown }).credential === 'string'
    )
      return (parsed as { credential: string }).credential;
  } catch {
    // Not JSON: checked as it is, and refused as not a JWT.
  }
  return body;
}
