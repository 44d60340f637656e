import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import { LTI_ROUTES, type Lti } from '../../lti/lti-app';
import { loginParamsSchema } from '../../lti/login';
import { MESSAGE_TYPE } from '../../lti/claims';
import { requestLocale } from '../locale';
import { expectedRefusal } from '../middleware/request-log';
import type { RefusalCode } from './launch-errors';
import { sendErrorPage, sendRedirect, sendStandardError } from '../pages';
import { foreignTargetLink } from '../setup-mistakes';
import type { RenderPage } from '../views';
import type { Metrics } from '../../shared/metrics';

/**
 * The launch, as the browser goes through it (LTI Core 1.3 §5.1; OIDC Core §3.1.2):
 * 1. login: the platform starts a login; the tool redirects the browser to the platform with a state and a nonce;
 * 2. validate: the platform posts back a signed id_token, checked against the login (its state cookie);
 * 3. record: the login consumed, who and where recorded, the session stored, in one statement;
 * 4. session: the session cookie set and the browser sent to the launch page with its ltik.
 * Every refusal is a page in the user's language with the refusal's code in the log, and nothing written.
 */
export interface LaunchRoutesDeps {
  lti: Lti;
  render: RenderPage;
  defaultLocale: Locale;
  baseUrl: string;
  /** A refused login or launch: its page (src/http/routes/launch-errors.ts). */
  refuse(req: Request, res: Response, code: RefusalCode, locale?: string): void;
  /** Checks run on the login and launch forms once parsed (control characters). */
  formChecks: RequestHandler;
  /** Counts each launch that got its session, and each refusal of a login or launch by its code. */
  metrics: Pick<Metrics, 'launch'>;
}

export function launchRoutes(deps: LaunchRoutesDeps) {
  const { lti, render, defaultLocale, baseUrl } = deps;
  const launchUrl = `${baseUrl}${LTI_ROUTES.launch}`;
  const router = express.Router();
  const refuse = (req: Request, res: Response, code: RefusalCode, locale?: string) => {
    deps.metrics.launch('refused', code);
    deps.refuse(req, res, code, locale);
  };

  // 1. Login initiation (GET or POST, as the platform chooses).
  router.all(
    LTI_ROUTES.login,
    express.urlencoded({ extended: false, limit: '32kb' }),
    deps.formChecks,
    async (req, res, next) => {
      const locale = requestLocale(req, defaultLocale);
      const parsed = loginParamsSchema.safeParse({ ...req.query, ...(req.body as object) });
      if (!parsed.success) {
        deps.metrics.launch('refused', 'MISSING_LOGIN_PARAMETERS');
        sendErrorPage(req, res, render, locale, {
          status: 400,
          heading: t(locale, 'error.launch.title'),
          message: t(locale, 'error.launch.missingParams', {
            fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', '),
          }),
          hint: t(locale, 'error.reopen'),
        });
        return;
      }
      const params = parsed.data;
      // target_link_uri goes back to the platform as redirect_uri: only our own launch URL may go there.
      if (params.target_link_uri.split('?')[0] !== launchUrl) {
        req.log.warn({ event: 'lti.login_rejected', code: 'FOREIGN_TARGET_LINK_URI' }, 'login rejected');
        deps.metrics.launch('refused', 'FOREIGN_TARGET_LINK_URI');
        // Usually the LMS's Tool URL names another address of the tool than BASE_URL: say which, and what to change.
        const foreign = foreignTargetLink(params.target_link_uri, launchUrl);
        if (!foreign) {
          sendStandardError(req, res, render, locale, 'badRequest');
          return;
        }
        sendErrorPage(req, res, render, locale, {
          status: 400,
          heading: t(locale, 'error.setup.title'),
          message: t(locale, `error.setup.${foreign.kind}`, {
            configured: foreign.configured.slice(0, 200),
            baseUrl,
            launchUrl,
          }),
          hint: t(locale, 'error.setup.who'),
        });
        return;
      }
      let started;
      try {
        started = await lti.login(params);
      } catch (err) {
        next(err);
        return;
      }
      if (!started.ok) {
        // The platform's public identifiers, for the administrator to see which registration is missing.
        req.log.warn(
          {
            event: 'lti.login_rejected',
            code: started.reason,
            issuer: params.iss.slice(0, 200),
            clientId: params.client_id?.slice(0, 200),
            deploymentId: params.lti_deployment_id?.slice(0, 200),
          },
          'login rejected',
        );
        refuse(req, res, started.reason);
        return;
      }
      lti.stateCookie.set(res, started.state, started.issuer);
      sendRedirect(res, started.redirectTo);
    },
  );

  // 2–4. The platform's form post with the id_token. A post without one (an ltik in a form) is a session's request.
  router.post(
    LTI_ROUTES.launch,
    express.urlencoded({ extended: false, limit: '64kb' }),
    deps.formChecks,
    async (req, res, next) => {
      const form = req.body as { id_token?: unknown; state?: unknown } | undefined;
      if (typeof form?.id_token !== 'string' || !form.id_token) {
        next();
        return;
      }
      const state = typeof form.state === 'string' ? form.state : '';
      // The state cookie has done its work whatever the outcome (a second post of the form finds no login).
      if (state) lti.stateCookie.clear(res, state);

      const validated = await lti.validate(
        form.id_token,
        state ? lti.stateCookie.issuer(req, state) : undefined,
      );
      if (!validated.ok) {
        if (validated.cause) req.log.warn({ err: validated.cause }, 'launch validation failed');
        refuse(req, res, validated.reason);
        return;
      }
      const { launch, nonce, ignoredServiceUrls } = validated;
      // The request's id comes with the line (the logger's mixin); the URLs themselves are the LMS's, not logged.
      if (ignoredServiceUrls.length > 0)
        req.log.warn(
          { event: 'lti.service_url_ignored', claims: ignoredServiceUrls },
          "service URLs not on the platform's hosts ignored",
        );

      const recorded = await lti.record(launch, { state, nonce });
      if (!recorded.ok) {
        if (recorded.cause)
          req.log.warn(
            { err: recorded.cause, event: 'lti.launch_not_recorded' },
            'launch could not be recorded',
          );
        refuse(req, res, recorded.reason, launch.locale);
        return;
      }

      const ltik = lti.startSession(res, recorded, launch);
      deps.metrics.launch('accepted');
      // The launch page, with the target link's query parameters (Moodle custom URLs) and the ltik.
      const to = new URLSearchParams(req.query as Record<string, string>);
      for (const [key, value] of Object.entries(recorded.targetQuery ?? {})) to.append(key, value);
      to.append('ltik', ltik);
      sendRedirect(res, `${req.baseUrl}${req.path}?${to.toString()}`);
    },
  );

  // Moodle fetches an activity's tool URL from its server each time the activity is saved, without launch
  // parameters (mod/lti lti_is_cartridge, "is this an IMS cartridge?", User-Agent MoodleBot); it reads the body
  // and ignores the status. Such a request (and a browser's, the same) gets the page a launch without a session
  // gets, 401, but as the expected answer it is: logged at info, not a warning per activity created. A GET with an
  // ltik is a session's launch page (lti.app).
  router.get(LTI_ROUTES.launch, (req, res, next) => {
    if (req.query.ltik !== undefined || req.headers.authorization !== undefined) {
      next();
      return;
    }
    expectedRefusal(res);
    req.log.info({ event: 'lti.probe', userAgent: req.headers['user-agent'] }, 'launch URL without a launch');
    const l = requestLocale(req, defaultLocale);
    sendErrorPage(req, res, render, l, {
      status: 401,
      heading: t(l, 'error.launch.title'),
      message: t(l, 'error.launch.session'),
      hint: t(l, 'error.reopen'),
    });
  });

  // The tool's public keys (Moodle's "Public keyset"): platforms check deep-linking answers and assertions with them.
  router.get(LTI_ROUTES.keys, (_req, res, next) => {
    lti.keyset().then((keyset) => res.json(keyset), next);
  });

  return router;
}

export interface LaunchPageDeps {
  lti: Pick<Lti, 'session'>;
  /** A launch of a session (its first page, and any later request to the launch URL with the ltik). */
  onLaunch(req: Request, res: Response, launch: LaunchContext, ltik: string): unknown;
  /** A deep-linking session's launch page: the picker. */
  onDeepLinking(req: Request, res: Response, next: NextFunction): unknown;
}

/** The launch page of a session: a placed module, the deep-linking picker, or a redirect to the home page. */
export function launchPage(deps: LaunchPageDeps): RequestHandler {
  return (req, res, next) => {
    const session = deps.lti.session(res);
    if (!session) {
      next();
      return;
    }
    Promise.resolve()
      .then(() =>
        session.launch.messageType === MESSAGE_TYPE.deepLinking
          ? deps.onDeepLinking(req, res, next)
          : deps.onLaunch(req, res, session.launch, session.ltik),
      )
      .catch(next);
  };
}
