import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../../shared/logger';
import { isDatabaseUnavailable, isUnstorableText } from '../../shared/unavailable';
import type { Locale } from '../../i18n/i18n';
import { requestLocale } from '../locale';
import { sendStandardError, type ErrorKind } from '../pages';
import type { RenderPage } from '../views';

function kindOf(err: unknown): ErrorKind {
  const e = err as { type?: unknown; status?: unknown; statusCode?: unknown };
  const status = Number(e.status ?? e.statusCode);
  if (status === 413 || e.type === 'entity.too.large') return 'badRequest';
  if (status >= 400 && status < 500) return 'badRequest';
  if (isUnstorableText(err)) return 'badRequest';
  if (isDatabaseUnavailable(err)) {
    return 'unavailable';
  }
  return 'internal';
}

/** The single place that turns a thrown error into a page: localised, with the request id, never a stack. */
export function errorHandler(deps: {
  render: RenderPage;
  defaultLocale: Locale;
  logger: Logger;
  /** The LTI session's locale, where the request has one: its error page is in the user's language. */
  sessionLocale?: (res: Response) => string | undefined;
}): ErrorRequestHandler {
  return (err: unknown, req: Request, res, _next) => {
    const kind = kindOf(err);
    const log = (req as Request & { log?: Logger }).log ?? deps.logger;
    if (kind === 'internal') log.error({ err }, 'unhandled error');
    else
      log.warn(
        { err: { message: (err as Error)?.message, type: (err as { type?: unknown })?.type }, kind },
        'request failed',
      );
    const status = Number((err as { status?: unknown }).status);
    const clientStatus = kind === 'badRequest' && status >= 400 && status < 500 ? status : undefined;
    sendStandardError(
      req,
      res,
      deps.render,
      requestLocale(req, deps.defaultLocale, deps.sessionLocale?.(res)),
      kind,
      clientStatus,
    );
  };
}
