import type { NextFunction, Request, Response } from 'express';
import type { TenantId } from '../../shared/ids';
import type { Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { ToolRole } from '../../lti/roles';
import { requestLocale } from '../locale';
import { sendStandardError } from '../pages';
import type { RenderPage } from '../views';

/** What a page handler knows about its request once the LTI session and the role have been checked. */
export interface PageContext {
  launch: LaunchContext;
  ltik: string;
  locale: Locale;
  tenantId: TenantId;
}

export interface SessionDeps {
  render: RenderPage;
  defaultLocale: Locale;
  session(res: Response): { launch: LaunchContext; ltik: string } | undefined;
  tenantIdOf(launch: LaunchContext): Promise<TenantId>;
}

/** Runs the handler only for the given roles; others get a 403 page in their language. */
export function requireRole(
  deps: SessionDeps,
  roles: readonly ToolRole[],
  handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const session = deps.session(res);
    const locale = requestLocale(req, deps.defaultLocale, session?.launch.locale, session?.ltik);
    if (!session) {
      sendStandardError(req, res, deps.render, locale, 'forbidden', 401);
      return;
    }
    if (!roles.includes(session.launch.role)) {
      sendStandardError(req, res, deps.render, locale, 'forbidden');
      return;
    }
    deps
      .tenantIdOf(session.launch)
      .then((tenantId) => handler(req, res, { ...session, locale, tenantId }))
      .catch(next);
  };
}
