import type { Request, Response } from 'express';
import type { TenantId } from '../shared/ids';
import type { LaunchContext } from '../lti/launch-context';
import type { FrameworkStore, Learner, StoredFramework } from '../use-cases/ports';
import type { PageContext, SessionDeps } from './middleware/require-role';
import { sendStandardError } from './pages';
import { getFramework } from '../use-cases/get-framework';

/**
 * The person a page is for and the tenant's framework, read together; a session whose person was never recorded
 * gets the 403 page (undefined is returned and the response is sent).
 */
export async function learnerAndFramework(
  deps: Pick<SessionDeps, 'render'> & {
    frameworks: FrameworkStore;
    learnerOf(launch: LaunchContext, tenantId: TenantId): Promise<Learner | undefined>;
  },
  req: Request,
  res: Response,
  ctx: PageContext,
): Promise<{ learner: Learner; stored: StoredFramework } | undefined> {
  const [learner, stored] = await Promise.all([
    deps.learnerOf(ctx.launch, ctx.tenantId),
    getFramework(deps, ctx.tenantId),
  ]);
  if (!learner) {
    sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
    return undefined;
  }
  return { learner, stored };
}
