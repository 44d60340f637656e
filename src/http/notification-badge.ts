import type { RequestHandler, Response } from 'express';
import type { TenantId } from '../shared/ids';
import type { LaunchContext } from '../lti/launch-context';
import { countUnreadNotifications } from '../use-cases/get-notifications';
import type { UseCaseDeps } from '../use-cases/deps';

const UNREAD = Symbol('digiskill.unreadNotifications');
type Locals = Record<typeof UNREAD, number | undefined>;

/** The unread count read for this request's page (renderPage shows it as the navigation's badge). */
export function unreadOf(res: Response): number | undefined {
  return (res.locals as Locals)[UNREAD];
}

/**
 * Reads the session person's unread notifications once per page request (GET and HEAD of a session: a form's POST
 * answers with a redirect, which shows no page): one count over the partial index of unread rows. A failure
 * leaves the badge out rather than the page.
 */
export function unreadNotifications(
  deps: Pick<UseCaseDeps, 'notifications'> & {
    session(res: Response): { launch: LaunchContext } | undefined;
    tenantIdOf(launch: LaunchContext): Promise<TenantId>;
  },
): RequestHandler {
  return (req, res, next) => {
    const session = req.method === 'GET' || req.method === 'HEAD' ? deps.session(res) : undefined;
    if (!session) return next();
    deps
      .tenantIdOf(session.launch)
      .then((tenantId) =>
        countUnreadNotifications(deps, { tenantId, platformUserId: session.launch.platformUserId }),
      )
      .then(
        (n) => {
          (res.locals as Locals)[UNREAD] = n;
          next();
        },
        () => next(),
      );
  };
}
