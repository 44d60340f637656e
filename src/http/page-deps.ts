import type { LaunchContext } from '../lti/launch-context';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from '../use-cases/deps';
import type { Learner } from '../use-cases/ports';
import type { SessionDeps } from './middleware/require-role';

/**
 * What every page router is given, built once by the composition root (app.ts): the session, the views, and the
 * use cases' dependencies, which a route passes on to the one use case it calls.
 */
export interface PageDeps extends SessionDeps, UseCaseDeps {
  /** The person of the session in its organisation (and course); undefined when the launch was never recorded. */
  learnerOf(launch: LaunchContext, tenantId: TenantId): Promise<Learner | undefined>;
}
