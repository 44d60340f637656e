import type { PlatformRegistration } from './launch';
import type { PlatformActor } from './audit';

/** The platform registry as registering a platform uses it (db/platform.repository.ts implements it). */
export interface PlatformRegistry {
  /** Whether the issuer (with this client ID) is registered. */
  exists(issuer: string, clientId: string): Promise<boolean>;
  list(): Promise<Array<{ issuer: string; clientId: string; deploymentIds: string[] }>>;
  /** `by`: who the audit log names for the change (written in its transaction). */
  add(platform: PlatformRegistration, by: PlatformActor): Promise<unknown>;
  addDeployments(issuer: string, clientId: string, deploymentIds: string[], by: PlatformActor): Promise<void>;
}
