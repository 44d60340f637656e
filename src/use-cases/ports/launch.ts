import type { ContextId, PersonId, ResourceLinkId, TenantId } from '../../shared/ids';
/** What a verified launch tells us about who and where (structurally satisfied by lti's LaunchContext). */
export interface LaunchFacts {
  issuer: string;
  clientId: string;
  deploymentId: string;
  platformUserId: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  locale?: string;
  roles: string[];
  platformName?: string;
  context?: { id: string; title?: string; label?: string };
  resourceLink?: { id: string; title?: string };
  ags?: { lineitem?: string; lineitems?: string; scopes: string[] };
  nrpsMembershipsUrl?: string;
  /** Custom parameters; `module` names the module a Deep Linking placement opens. */
  custom?: Record<string, string>;
}

export interface LaunchIds {
  tenantId: TenantId;
  personId: PersonId;
  contextId?: ContextId;
  resourceLinkId?: ResourceLinkId;
}

export interface LaunchStore {
  /** Idempotent upsert of tenant, person, course, resource link and enrolment; safe under concurrent launches. */
  recordLaunch(facts: LaunchFacts): Promise<LaunchIds>;
}

export interface DeploymentRegistry {
  isRegistered(issuer: string, clientId: string, deploymentId: string): Promise<boolean>;
}

/** What registering an LMS platform takes (Moodle's "Tool configuration details"). */
export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  keysetUrl: string;
  deploymentIds: string[];
  /** Defaults to the token endpoint (Moodle's audience for client assertions). */
  authorizationServer?: string;
}
