import type { Request, Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import { canManageContent, type ContentManagementDeps } from '../../use-cases/can-manage-content';
import { sendErrorPage } from '../pages';
import type { RenderPage } from '../views';
import { requireRole, type PageContext, type SessionDeps } from './require-role';

export type ContentSessionDeps = SessionDeps & ContentManagementDeps;

/** Whether this page's visitor may change organisation-wide content (pages use it to leave controls out). */
export const mayManageContentHere = (deps: ContentManagementDeps, ctx: PageContext): Promise<boolean> =>
  canManageContent(deps, {
    tenantId: ctx.tenantId,
    platformUserId: ctx.launch.platformUserId,
    role: ctx.launch.role,
  });

/** The 403 page for organisation-wide content: says who may, and whom to ask. */
export function sendContentForbidden(req: Request, res: Response, render: RenderPage, locale: Locale): void {
  sendErrorPage(req, res, render, locale, {
    status: 403,
    heading: t(locale, 'error.forbidden.title'),
    message: t(locale, 'contentManagers.forbidden'),
    hint: t(locale, 'contentManagers.forbidden.hint'),
  });
}

/**
 * Runs the handler only for those who may change organisation-wide content (the catalogue, the framework, the
 * organisation's rules): the LMS's administrators and the content managers they name. Anyone else gets a 403
 * page in their language, before the handler reads or writes anything.
 */
export function requireContentManagement(
  deps: ContentSessionDeps,
  handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>,
) {
  return requireRole(deps, ['learner', 'instructor', 'admin'], async (req, res, ctx) => {
    if (!(await mayManageContentHere(deps, ctx))) {
      sendContentForbidden(req, res, deps.render, ctx.locale);
      return;
    }
    await handler(req, res, ctx);
  });
}
