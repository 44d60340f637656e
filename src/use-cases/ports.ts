import type { Bilingual, Framework } from '../domain/framework/framework';
import type { ModuleContent } from '../domain/catalogue/learning-module';

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
}

export interface LaunchIds {
  tenantId: number;
  personId: number;
  contextId?: number;
  resourceLinkId?: number;
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

export interface StoredFramework {
  id: number;
  framework: Framework;
  loadedAt: Date;
  source: string;
}

/** Skills frameworks by version; a tenant uses the newest version of its chosen framework. */
export interface FrameworkStore {
  load(frameworks: Framework[], source: string): Promise<{ added: string[]; unchanged: string[] }>;
  listLatest(): Promise<StoredFramework[]>;
  latest(code: string): Promise<StoredFramework | undefined>;
  versions(code: string): Promise<string[]>;
  forTenant(tenantId: number): Promise<StoredFramework>;
  chooseForTenant(tenantId: number, code: string): Promise<void>;
}

/** A module of the shipped sample catalogue: its content plus a stable slug. */
export interface CatalogueModule extends ModuleContent {
  slug: string;
}

export interface ModuleSummary {
  moduleId: number;
  versionId: number;
  slug: string;
  version: number;
  status: 'draft' | 'published';
  title: Bilingual;
  category: 70 | 20 | 10;
  estimatedHours: number;
  mappings: Array<{ skillSet: string; area?: string; hours: number }>;
}

export interface ModuleStore {
  /** Gives a tenant the sample catalogue once; returns how many modules were added (0 after the first time). */
  seedCatalogue(tenantId: number, frameworkId: number, modules: CatalogueModule[]): Promise<number>;
  listLatest(tenantId: number): Promise<ModuleSummary[]>;
  /** The newest published version of a module, with its content. */
  getPublished(
    tenantId: number,
    slug: string,
  ): Promise<{ summary: ModuleSummary; content: ModuleContent } | undefined>;
}
