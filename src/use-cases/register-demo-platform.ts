import type { PlatformRegistry } from './ports/platform-registry';
import type { PlatformRegistration } from './ports';
import type { PlatformActor } from './ports/audit';

/** The audit log names the tool itself as the author of the demo LMS's registration. */
const SYSTEM: PlatformActor = { kind: 'system' };

/**
 * Registers the demo LMS (src/demo/) at start, so that its launches pass the same registry checks as a real
 * platform's. Idempotent: a registration kept from an earlier start gets the demo's deployment if it lacks it.
 */
export async function registerDemoPlatform(
  deps: { platforms: PlatformRegistry },
  demo: Omit<PlatformRegistration, 'name' | 'deploymentIds'> & { deploymentId: string },
): Promise<void> {
  const { platforms } = deps;
  const existing = (await platforms.list()).find(
    (p) => p.issuer === demo.issuer && p.clientId === demo.clientId,
  );
  if (existing) {
    if (!existing.deploymentIds.includes(demo.deploymentId))
      await platforms.addDeployments(demo.issuer, demo.clientId, [demo.deploymentId], SYSTEM);
    return;
  }
  await platforms.add(
    {
      issuer: demo.issuer,
      clientId: demo.clientId,
      name: 'DigiSkill demo LMS',
      authEndpoint: demo.authEndpoint,
      tokenEndpoint: demo.tokenEndpoint,
      keysetUrl: demo.keysetUrl,
      deploymentIds: [demo.deploymentId],
    },
    SYSTEM,
  );
}
