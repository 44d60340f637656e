import type { LaunchContext } from '../lti/launch-context';
import type { LmsOrigin } from '../use-cases/ports/audit';

/** The LMS and deployment a session was launched from: what the audit log says a person's change came from. */
export const lmsOf = (launch: LaunchContext): LmsOrigin => ({
  issuer: launch.issuer,
  deploymentId: launch.deploymentId,
});
