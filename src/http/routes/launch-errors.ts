import type { Request, Response } from 'express';
import { t, type Locale, type TranslationKey } from '../../i18n/i18n';
import { sendErrorPage } from '../pages';
import type { RenderPage } from '../views';
import { requestLocale } from '../locale';
import type { LoginRefusal } from '../../lti/login';
import type { Recorded } from '../../lti/record';
import type { SessionRefusal } from '../../lti/session';
import type { LaunchRefusal } from '../../lti/validate';
import type { Logger } from '../../shared/logger';
import { cookieDroppedOverHttp } from '../setup-mistakes';

/** Every refusal of the launch's steps and of the session check (src/lti/login.ts, validate.ts, record.ts, session.ts). */
export type RefusalCode = LoginRefusal | LaunchRefusal | RecordRefusal | SessionRefusal;

/**
 * Refusal codes -> HTTP status and the sentence the user reads; a code not listed gets 401 and the general
 * "the launch could not be verified" sentence (TEMPORARILY_UNAVAILABLE gets the 503 page).
 */
const LAUNCH_ERRORS: Partial<Record<RefusalCode, { status: number; key: TranslationKey }>> = {
  MISSING_VALIDATION_COOKIE: { status: 401, key: 'error.launch.cookies' },
  NO_LTIK_OR_IDTOKEN_FOUND: { status: 401, key: 'error.launch.session' },
  SESSION_NOT_FOUND: { status: 401, key: 'error.launch.session' },
  // The state row is consumed by the first launch (and outlives the 60 s state cookie): a second use is a replay.
  LOGIN_STATE_NOT_FOUND: { status: 401, key: 'error.launch.replay' },
  TOKEN_EXPIRED: { status: 401, key: 'error.launch.expired' },
  TOKEN_TOO_OLD: { status: 401, key: 'error.launch.expired' },
  TOKEN_NOT_YET_VALID: { status: 401, key: 'error.launch.expired' },
  TOKEN_ISSUED_IN_THE_FUTURE: { status: 401, key: 'error.launch.expired' },
  UNREGISTERED_PLATFORM: { status: 401, key: 'error.launch.platform' },
  // The issuer is registered, this client ID is not (in Moodle, another tool type of the same site).
  UNREGISTERED_CLIENT: { status: 401, key: 'error.launch.client' },
  UNKNOWN_DEPLOYMENT: { status: 403, key: 'error.launch.deployment' },
  PLATFORM_NOT_ACTIVATED: { status: 403, key: 'error.launch.inactive' },
  // A session whose platform an administrator removed or suspended after the launch.
  PLATFORM_REMOVED: { status: 401, key: 'error.launch.removed' },
  PLATFORM_SUSPENDED: { status: 403, key: 'error.launch.suspended' },
  NONCE_DOES_NOT_MATCH_LOGIN: { status: 401, key: 'error.launch.replay' },
  // Signed, but naming an address that is not the platform's (Deep Linking 2.0 §4.4.1, see platform-hosts.ts).
  DEEP_LINK_RETURN_URL_REFUSED: { status: 400, key: 'error.launch.returnUrl' },
  // A claim of the wrong type, or with control characters: the LMS sent an invalid launch (not an outage).
  INVALID_LAUNCH_CLAIMS: { status: 400, key: 'error.launch.claims' },
};

type RecordRefusal = Extract<Recorded, { ok: false }>['reason'];

/** The id_token is not verified here: its locale only picks the language of the error page. */
function unverifiedLaunchLocale(req: Request): string | undefined {
  const idToken = (req.body as { id_token?: unknown } | undefined)?.id_token;
  if (typeof idToken !== 'string') return undefined;
  try {
    const payload = JSON.parse(
      Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const presentation = payload['https://purl.imsglobal.org/spec/lti/claim/launch_presentation'] as
      { locale?: unknown } | undefined;
    return typeof presentation?.locale === 'string' ? presentation.locale : undefined;
  } catch {
    return undefined;
  }
}

export function renderLaunchError(
  deps: {
    render: RenderPage;
    defaultLocale: Locale;
    log: (code: string, req: Request) => void;
    /** The tool's BASE_URL: whether the tool is served over plain http, where LMSs on other sites lose its cookies. */
    baseUrl?: string;
  },
  req: Request,
  res: Response,
  code: RefusalCode,
  sessionLocale?: string,
): void {
  deps.log(code, req);
  const locale = requestLocale(req, deps.defaultLocale, sessionLocale ?? unverifiedLaunchLocale(req));
  if (code === 'TEMPORARILY_UNAVAILABLE') {
    sendErrorPage(req, res, deps.render, locale, {
      status: 503,
      heading: t(locale, 'error.unavailable.title'),
      message: t(locale, 'error.unavailable.body'),
    });
    return;
  }
  const known = LAUNCH_ERRORS[code] ?? { status: 401, key: 'error.launch.invalid' };
  if (code === 'MISSING_VALIDATION_COOKIE' && deps.baseUrl) {
    // "Open it in a new window" does not help here: only https does.
    const origin = req.headers.origin;
    const lms = cookieDroppedOverHttp(deps.baseUrl, typeof origin === 'string' ? origin : undefined);
    if (lms) {
      sendErrorPage(req, res, deps.render, locale, {
        status: known.status,
        heading: t(locale, 'error.launch.title'),
        message: t(locale, 'error.launch.cookiesHttp', { lms, baseUrl: deps.baseUrl }),
        hint: t(locale, 'error.setup.who'),
      });
      return;
    }
  }
  sendErrorPage(req, res, deps.render, locale, {
    status: known.status,
    heading: t(locale, 'error.launch.title'),
    message: t(locale, known.key),
    hint: t(locale, 'error.reopen'),
  });
}

/** renderLaunchError with its dependencies bound, logging each refusal (`lti.launch_rejected`) with its code. */
export function launchErrorPage(deps: {
  render: RenderPage;
  defaultLocale: Locale;
  baseUrl: string;
  logger: Logger;
}): (req: Request, res: Response, code: RefusalCode, sessionLocale?: string) => void {
  const log = (code: string, req: Request) =>
    ((req as Request & { log?: Logger }).log ?? deps.logger).warn(
      { event: 'lti.launch_rejected', code },
      'launch rejected',
    );
  const pageDeps = { render: deps.render, defaultLocale: deps.defaultLocale, baseUrl: deps.baseUrl, log };
  return (req, res, code, sessionLocale) => renderLaunchError(pageDeps, req, res, code, sessionLocale);
}
