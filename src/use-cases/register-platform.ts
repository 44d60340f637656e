import type { PlatformRegistry } from './ports/platform-registry';
import type { PlatformRegistration } from './ports';
import type { PlatformActor } from './ports/audit';

/** The audit log names the LMS (Dynamic Registration) as the author of these changes. */
const REGISTRATION: PlatformActor = { kind: 'registration' };

/**
 * Stores a platform that registered itself (LTI Dynamic Registration). Registering the same issuer and client ID
 * again (Moodle re-registering a tool type) adds its deployments to the registration instead of refusing it.
 */
export async function registerPlatform(
  deps: { platforms: PlatformRegistry },
  platform: PlatformRegistration,
): Promise<'created' | 'updated'> {
  const { platforms } = deps;
  if (await platforms.exists(platform.issuer, platform.clientId)) {
    await platforms.addDeployments(platform.issuer, platform.clientId, platform.deploymentIds, REGISTRATION);
    return 'updated';
  }
  await platforms.add(platform, REGISTRATION);
  return 'created';
}
