import crypto from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { t, type Locale, type TranslationKey } from '../../i18n/i18n';
import {
  readPlatformConfiguration,
  registerWithPlatform,
  RegistrationError,
  REQUESTED_CLAIMS,
  REQUESTED_SCOPES,
  type RegistrationOptions,
} from '../../lti/dynamic-registration';
import type { Logger } from '../../shared/logger';
import type { PlatformRegistration } from '../../use-cases/ports';
import { requestLocale } from '../locale';
import { refuseControlCharacters } from '../middleware/control-characters';
import { renderPage, sendErrorPage } from '../pages';
import { allowFrameAncestor } from '../security-headers';
import type { RenderPage } from '../views';

export interface RegistrationDeps {
  render: RenderPage;
  defaultLocale: Locale;
  secret: string | undefined;
  options: RegistrationOptions;
  /** Stores the platform (or adds the deployment to it); returns whether it was new. */
  savePlatform(p: PlatformRegistration): Promise<'created' | 'updated'>;
}

const startSchema = z.object({
  openid_configuration: z.string().min(1).max(2000),
  registration_token: z.string().max(4000).optional(),
});

const sameSecret = (given: string, expected: string) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
};

/**
 * What the admin is told. A failed request or an answer that is not a usable configuration or registration
 * (unreachable, refused, not JSON, incomplete) gets one status and one message whatever went wrong: otherwise a
 * registration URL pointing inside the network would tell open ports from closed ones. The log has the detail.
 * Refusals decided on a well-formed configuration (its issuer, its addresses), or on the URL before anything is
 * sent, keep their own message: only a platform's own configuration gets that far.
 */
function shownFailure(code: RegistrationError['code']): { status: number; key: TranslationKey } {
  switch (code) {
    case 'ISSUER_MISMATCH':
    case 'ENDPOINT_ELSEWHERE':
    case 'INSECURE_URL':
      return { status: 400, key: `registration.error.${code}` };
    case 'CONFIGURATION_UNREACHABLE':
    case 'CONFIGURATION_INVALID':
    case 'REGISTRATION_REFUSED':
    case 'REGISTRATION_INVALID':
      return { status: 502, key: 'registration.error.platform' };
  }
}

/**
 * "Register by URL" from the LMS (Moodle: Manage tools > Tool URL > Add LTI Advantage). The admin pastes
 * ${BASE_URL}/lti/register/<LTI_REGISTRATION_SECRET>; without the secret nobody can register a platform.
 */
export function registrationRoutes(deps: RegistrationDeps): Router {
  const router = express.Router();
  const locale = (req: Request) => requestLocale(req, deps.defaultLocale);

  const refuse = (
    req: Request,
    res: Response,
    status: number,
    key: TranslationKey,
    vars: Record<string, string> = {},
  ) =>
    sendErrorPage(req, res, deps.render, locale(req), {
      status,
      heading: t(locale(req), 'registration.failed.title'),
      message: t(locale(req), key, vars),
    });

  // Moodle shows these pages in a frame while the platform is not registered yet (so not among the frame
  // ancestors): its origin is the configuration URL's. Only past the secret.
  const framedBy = (res: Response, configurationUrl: string) =>
    allowFrameAncestor(res, configurationUrl, new URL(deps.options.baseUrl).origin);

  const fail = (req: Request, res: Response, err: unknown) => {
    if (err instanceof RegistrationError) {
      (req as Request & { log: Logger }).log.warn(
        { event: 'lti.registration_failed', code: err.code, detail: err.message },
        'dynamic registration failed',
      );
      const shown = shownFailure(err.code);
      refuse(req, res, shown.status, shown.key);
      return;
    }
    throw err;
  };

  router.all(['/lti/register', '/lti/register/'], (req, res) =>
    refuse(req, res, 404, 'registration.disabled'),
  );

  router.use('/lti/register/:secret', (req, res, next) => {
    if (!deps.secret || !sameSecret(req.params.secret ?? '', deps.secret)) {
      refuse(
        req,
        res,
        deps.secret ? 403 : 404,
        deps.secret ? 'registration.badSecret' : 'registration.disabled',
      );
      return;
    }
    next();
  });

  router.get('/lti/register/:secret', async (req, res, next) => {
    const params = startSchema.safeParse(req.query);
    if (!params.success) {
      refuse(req, res, 400, 'registration.missingConfiguration');
      return;
    }
    framedBy(res, params.data.openid_configuration);
    try {
      const config = await readPlatformConfiguration(params.data.openid_configuration, deps.options);
      const l = locale(req);
      const platform = config['https://purl.imsglobal.org/spec/lti-platform-configuration'];
      renderPage(req, res, deps.render, { locale: l }, 'registration', {
        title: t(l, 'registration.title'),
        action: req.originalUrl.split('?')[0],
        openidConfiguration: params.data.openid_configuration,
        registrationToken: params.data.registration_token ?? '',
        platform: {
          product: [platform?.product_family_code, platform?.version].filter(Boolean).join(' '),
          issuer: config.issuer,
          authEndpoint: config.authorization_endpoint,
          tokenEndpoint: config.token_endpoint,
          keysetUrl: config.jwks_uri,
        },
        tool: {
          login: `${deps.options.baseUrl}/lti/login`,
          launch: `${deps.options.baseUrl}/lti/launch`,
          keys: `${deps.options.baseUrl}/lti/keys`,
        },
        scopes: REQUESTED_SCOPES,
        claims: REQUESTED_CLAIMS.join(', '),
      });
    } catch (err) {
      try {
        fail(req, res, err);
      } catch (other) {
        next(other);
      }
    }
  });

  router.post(
    '/lti/register/:secret',
    express.urlencoded({ extended: false, limit: '16kb' }),
    refuseControlCharacters({ render: deps.render, defaultLocale: deps.defaultLocale }),
    async (req, res, next) => {
      const params = startSchema.safeParse(req.body);
      if (!params.success) {
        refuse(req, res, 400, 'registration.missingConfiguration');
        return;
      }
      framedBy(res, params.data.openid_configuration);
      try {
        // Read again rather than trust the form: the configuration URL is the only input we carry over.
        const config = await readPlatformConfiguration(params.data.openid_configuration, deps.options);
        const result = await registerWithPlatform(
          config,
          params.data.registration_token || undefined,
          deps.options,
        );
        const product =
          config['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code;
        const outcome = await deps.savePlatform({
          issuer: config.issuer,
          clientId: result.clientId,
          name: [product, new URL(config.issuer).host].filter(Boolean).join(' '),
          authEndpoint: config.authorization_endpoint,
          tokenEndpoint: config.token_endpoint,
          keysetUrl: config.jwks_uri,
          deploymentIds: result.deploymentId ? [result.deploymentId] : [],
        });
        (req as Request & { log: Logger }).log.info(
          {
            event: 'lti.platform_registered',
            issuer: config.issuer,
            clientId: result.clientId,
            deploymentId: result.deploymentId,
            outcome,
          },
          'platform registered dynamically',
        );
        const l = locale(req);
        renderPage(req, res, deps.render, { locale: l }, 'registration-done', {
          title: t(l, 'registration.done.title'),
          issuer: config.issuer,
          clientId: result.clientId,
          deploymentId: result.deploymentId,
        });
      } catch (err) {
        try {
          fail(req, res, err);
        } catch (other) {
          next(other);
        }
      }
    },
  );

  return router;
}
