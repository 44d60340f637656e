import type { PlatformRegistration } from './ports';

/** The platform registry as registering a platform uses it (db/platform.repository.ts implements it). */
export interface PlatformRegistry {
  /** Whether the issuer (with this client ID) is registered. */
  exists(issuer: string, clientId: string): Promise<boolean>;
  list(): Promise<Array<{ issuer: string; clientId: string; deploymentIds: string[] }>>;
  add(platform: PlatformRegistration): Promise<unknown>;
  addDeployments(issuer: string, clientId: string, deploymentIds: string[]): Promise<void>;
}
