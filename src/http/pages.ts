import type { Request, Response } from 'express';
import { t, type Locale, type TranslationKey } from '../i18n/i18n';
import type { ToolRole } from '../lti/roles';
import type { FramedModel, PageFrame, PageModels, PageName, RenderPage } from './views';
import { sessionOf } from '../lti/session';
import { errorPlace, frameNavigation, NAV, notificationsLink, PAGE_PLACE, type Crumb } from './navigation';
import { unreadOf } from './notification-badge';
import { PAGE_FRAME } from './view-models/page-models';

export type ErrorKind = 'badRequest' | 'forbidden' | 'notFound' | 'unavailable' | 'internal';

const ERROR_STATUS: Record<ErrorKind, number> = {
  badRequest: 400,
  forbidden: 403,
  notFound: 404,
  unavailable: 503,
  internal: 500,
};

const ERROR_TEXT: Record<ErrorKind, [TranslationKey, TranslationKey]> = {
  badRequest: ['error.badRequest.title', 'error.badRequest.body'],
  forbidden: ['error.forbidden.title', 'error.forbidden.body'],
  notFound: ['error.notFound.title', 'error.notFound.body'],
  unavailable: ['error.unavailable.title', 'error.unavailable.body'],
  internal: ['error.title', 'error.internal.body'],
};

export function requestId(req: Request): string | undefined {
  const id = (req as Request & { id?: unknown }).id;
  return id === undefined ? undefined : String(id);
}

/** Sends a page with the frame already made; routes call renderPage, which makes it. */
export function sendPage<P extends PageName>(
  res: Response,
  render: RenderPage,
  status: number,
  page: P,
  model: FramedModel<P>,
): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(render(page, model));
}

const otherLocale = (locale: Locale): Locale => (locale === 'th' ? 'en' : 'th');

/**
 * `path` with `query` (a raw query string, with or without its `?`) in `lang`: every parameter kept in its order
 * and spelling (repeated keys too), `lang` replaced (put last), and the session's `ltik` where the query had it or
 * first. A path that starts with several slashes or a backslash (which a browser reads as another host) is given one.
 */
export function languageSwitchHref(path: string, query: string, lang: Locale, ltik?: string): string {
  let params = new URLSearchParams(query);
  params.delete('lang');
  if (ltik) {
    if (params.has('ltik')) params.set('ltik', ltik);
    else params = new URLSearchParams([['ltik', ltik], ...params]);
  }
  params.append('lang', lang);
  return `${path.replace(/^[/\\]+/, '/')}?${params.toString()}`;
}

/** The raw query string of a request (what its address carried after `?`). */
const rawQuery = (req: Request): string => {
  const url = req.originalUrl ?? req.url;
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
};

/**
 * This page in the other language, in the same session (`lang` is read by rememberLanguage): the same address with
 * every query parameter it had (a search, a page number, the two snapshots compared), only `lang` replaced.
 */
export function switchLanguageUrl(req: Request, locale: Locale, ltik?: string): string {
  return languageSwitchHref(`${req.baseUrl}${req.path}`, rawQuery(req), otherLocale(locale), ltik);
}

/**
 * The GET address of each page that a form posts to another address (the target group form of progress, the log
 * form's POST /app/record): where the language switch leads when the page answers that POST (422 with the
 * problems), since a POST's address has no page to reload. Other pages are posted to their own address.
 */
const FORM_PAGE_ADDRESS: Partial<Record<PageName, (params: Request['params'], body: unknown) => string>> = {
  progress: () => '/app/progress',
  'record-new': () => '/app/record/new',
  framework: () => '/app/framework',
  // The choice's confirm page is posted the framework chosen; its GET shows the same confirmation.
  'framework-choice': (_, body) => {
    const code = (body as { framework?: unknown } | undefined)?.framework;
    return typeof code === 'string' && /^[\w.-]{1,80}$/.test(code)
      ? `/app/framework/choose?framework=${encodeURIComponent(code)}`
      : '/app/framework';
  },
  learners: () => '/app/learners',
  'learner-record': (p) =>
    p.person ? `/app/learners/${encodeURIComponent(p.person)}/record` : '/app/learners',
  certificates: () => '/app/organisation/certificates',
  'hand-ins': () => '/app/organisation/hand-ins',
  'organisation-stage': () => '/app/organisation/stage',
  'target-import': () => '/app/organisation/target-groups/import',
  'official-import': () => '/app/organisation/official-results/import',
  'module-quiz-draw': (p) =>
    p.slug ? `/app/catalogue/${encodeURIComponent(p.slug)}/quiz-draw` : '/app/bank',
  module: (p) => `/app/modules/${encodeURIComponent(p.slug ?? '')}`,
  'question-bank': () => '/app/bank',
  // The Deep Linking picker is the launch page of its session (nothing ticked comes back as POST /app/deep-link).
  'deep-linking': () => '/lti/launch',
};

/** The language switch of `page`: this address, or for a page answering a form's POST, the form's page. */
function pageSwitchUrl(req: Request, page: PageName, locale: Locale, ltik?: string): string {
  const formPage = req.method !== 'GET' && req.method !== 'HEAD' ? FORM_PAGE_ADDRESS[page] : undefined;
  if (!formPage) return switchLanguageUrl(req, locale, ltik);
  const [path = '/', query = ''] = formPage(req.params, req.body).split('?');
  return languageSwitchHref(path, query, otherLocale(locale), ltik);
}

/**
 * The session a page is shown in: its language and, inside an LTI session, the ltik and the launch (whose role and
 * course decide the navigation). PageContext is one.
 */
export interface PageSession {
  locale: Locale;
  ltik?: string;
  launch?: { role: ToolRole; context?: unknown };
}

/**
 * Pages below their section by more than one step: the places between (a module's page is under its module) and
 * the page's own breadcrumb, read from their view models.
 */
const PAGE_TRAIL: {
  [P in PageName]?: (model: PageModels[P], locale: Locale) => { trail: Crumb[]; here: string };
} = {
  'module-page': (m) => ({ trail: [{ label: m.module.title, href: m.module.href }], here: m.page.title }),
  'module-quiz': (m, l) => ({
    trail: [{ label: m.module.title, href: m.module.href }],
    here: t(l, m.result ? 'quiz.result' : 'quiz.title'),
  }),
};

function navigationOf<P extends PageName>(session: PageSession, page: P, model: PageModels[P]) {
  const { locale, ltik, launch } = session;
  const viewer = ltik && launch ? { role: launch.role, inCourse: launch.context !== undefined } : undefined;
  const trail = (
    PAGE_TRAIL[page] as ((m: PageModels[P], l: Locale) => { trail: Crumb[]; here: string }) | undefined
  )?.(model, locale);
  return frameNavigation(locale, viewer, page, trail?.here ?? model.title, trail?.trail);
}

/** The app bar's notifications link, when the page's request read the unread count (a page with navigation). */
function notificationsOf(res: Response, session: PageSession, page: PageName) {
  const unread = unreadOf(res);
  if (unread === undefined || !session.ltik || !session.launch || PAGE_PLACE[page] === false) return {};
  return { notifications: notificationsLink(session.locale, page, unread) };
}

/**
 * Renders `page` with its view model in its frame (PAGE_FRAME): the page's language; for a session page the
 * ltik on every link and form and the language switch back to this page; the request id. The one way a route
 * shows a page.
 */
export function renderPage<P extends PageName>(
  req: Request,
  res: Response,
  render: RenderPage,
  session: PageSession,
  page: P,
  model: PageModels[P],
  status = 200,
): void {
  const { locale, ltik } = session;
  const frame: PageFrame =
    PAGE_FRAME[page] === 'session'
      ? {
          locale,
          ltik,
          langSwitchUrl: pageSwitchUrl(req, page, locale, ltik),
          requestId: requestId(req),
          ...navigationOf(session, page, model),
          ...notificationsOf(res, session, page),
        }
      : PAGE_FRAME[page] === 'public'
        ? { locale, langSwitchUrl: switchLanguageUrl(req, locale), requestId: requestId(req) }
        : { locale, requestId: requestId(req) };
  sendPage(res, render, status, page, { ...model, ...frame });
}

/**
 * After a form inside an LTI session: a 303 to `pathAndQuery` (a path of this tool, with its query if any), the
 * ltik added so that the next page is in the same session.
 */
export function redirectWithLtik(res: Response, ltik: string, pathAndQuery: string): void {
  const separator = pathAndQuery.includes('?') ? '&' : '?';
  res.redirect(303, `${pathAndQuery}${separator}ltik=${encodeURIComponent(ltik)}`);
}

/**
 * A 302 with its Location and no body: what a browser follows. express's res.redirect also negotiates a text or
 * HTML body for clients that do not follow redirects; the launch steps never need one.
 */
export function sendRedirect(res: Response, url: string): void {
  res.location(url).status(302).set('Content-Length', '0').end();
}

/** What an error page says, and where it leads back to when the route knows (a quiz refused: its module). */
export interface ErrorAnswer {
  status: number;
  heading: string;
  message: string;
  hint?: string;
  back?: { href: string; label: string };
  /** A page outside the session the error points to (a withdrawn certificate: its public check page). */
  link?: { href: string; label: string };
}

/** Protocol addresses (the OIDC login, the launch, the key set, registration steps): no language switch there. */
const PROTOCOL_PATH = /^\/lti(?:\/|$)/;

/**
 * A localised error page; no stack, no echo of what was posted. The status stays the error's. Inside a valid LTI
 * session (the request passed the session check) it is in the app frame, as the session's other pages are: the
 * role's navigation (the section of the address marked, a breadcrumb to it), the brand and a button leading home,
 * the route's way back when it knows one, the language switch. Without a session it stays plain, with the
 * language switch of a page reached by GET (not on a launch's protocol addresses, whose answers are not pages to
 * reload).
 */
export function sendErrorPage(
  req: Request,
  res: Response,
  render: RenderPage,
  locale: Locale,
  error: ErrorAnswer,
): void {
  if (res.headersSent) return;
  const model = {
    title: error.heading,
    heading: error.heading,
    message: error.message,
    hint: error.hint,
    link: error.link,
  };
  const reloadable = req.method === 'GET' || req.method === 'HEAD';
  const session = sessionOf(res);
  if (!session) {
    const langSwitchUrl =
      reloadable && !PROTOCOL_PATH.test(`${req.baseUrl}${req.path}`)
        ? switchLanguageUrl(req, locale)
        : undefined;
    sendPage(res, render, error.status, 'error', {
      ...model,
      locale,
      langSwitchUrl,
      requestId: requestId(req),
    });
    return;
  }
  const { ltik, launch } = session;
  const viewer = { role: launch.role, inCourse: launch.context !== undefined };
  const unread = unreadOf(res);
  sendPage(res, render, error.status, 'error', {
    ...model,
    back: error.back,
    locale,
    ltik,
    // A page answered to a form's POST has no address to reload: the switch leads where its buttons do.
    langSwitchUrl: reloadable
      ? switchLanguageUrl(req, locale, ltik)
      : languageSwitchHref(error.back?.href ?? NAV.home.href, '', otherLocale(locale), ltik),
    requestId: requestId(req),
    ...frameNavigation(locale, viewer, 'error', error.heading, [], errorPlace(`${req.baseUrl}${req.path}`)),
    ...(unread === undefined ? {} : { notifications: notificationsLink(locale, 'error', unread) }),
  });
}

export function sendStandardError(
  req: Request,
  res: Response,
  render: RenderPage,
  locale: Locale,
  kind: ErrorKind,
  status = ERROR_STATUS[kind],
): void {
  const [title, body] = ERROR_TEXT[kind];
  sendErrorPage(req, res, render, locale, { status, heading: t(locale, title), message: t(locale, body) });
}
