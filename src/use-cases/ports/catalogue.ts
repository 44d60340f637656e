import type { FrameworkId, ModuleId, ModuleVersionId, TenantId } from '../../shared/ids';
import type { Bilingual } from '../../domain/framework/framework';
import type { ModuleContent } from '../../domain/catalogue/learning-module';

/** A module of the shipped sample catalogue: its content plus a stable slug. */
export interface CatalogueModule extends ModuleContent {
  slug: string;
}

export interface ModuleSummary {
  moduleId: ModuleId;
  versionId: ModuleVersionId;
  slug: string;
  version: number;
  status: 'draft' | 'published';
  title: Bilingual;
  category: 70 | 20 | 10;
  estimatedHours: number;
  mappings: Array<{ skillSet: string; area?: string; hours: number }>;
  /** The languages it is written in. */
  languages: Array<'th' | 'en'>;
}

/** How a page names and links a module it mentions (an eligibility rule's required module). */
export interface ModuleReference {
  slug: string;
  /** The newest version's title. */
  title: Bilingual;
  /** In the tenant's catalogue (an instructor can open its entry). */
  inCatalogue: boolean;
  /** Has a published version: a learner can open it at /app/modules/<slug>. */
  launchable: boolean;
}

export interface ModuleStore {
  /** The tenant's modules of these slugs, by slug; slugs the tenant has no module of are left out. */
  references(tenantId: TenantId, slugs: readonly string[]): Promise<Map<string, ModuleReference>>;
  /** Gives a tenant the sample catalogue once; returns how many modules were added (0 after the first time). */
  seedCatalogue(tenantId: TenantId, frameworkId: FrameworkId, modules: CatalogueModule[]): Promise<number>;
  listLatest(tenantId: TenantId): Promise<ModuleSummary[]>;
  /** The newest version (draft or published) of a module, for editing. */
  getLatest(
    tenantId: TenantId,
    slug: string,
  ): Promise<{ summary: ModuleSummary; content: ModuleContent } | undefined>;
  /**
   * Saves an author's module: a new module with a free slug derived from `slugBase`, or a new version of `slug`.
   * Editing a draft replaces that draft; editing a published version adds version + 1 and leaves it as it was.
   * A save that changes nothing (the same content, and no draft over the published version or publishing a
   * draft) writes nothing and answers the newest version with `unchanged`.
   */
  saveModule(input: {
    tenantId: TenantId;
    frameworkId: FrameworkId;
    slug?: string;
    slugBase: string;
    content: ModuleContent;
    status: 'draft' | 'published';
    /** Follow up N weeks after a completion (0: none); the module's own setting, not a version's. Kept if absent. */
    followUpWeeks?: number;
  }): Promise<{ slug: string; version: number; unchanged?: boolean } | undefined>;
  /** A module's "follow up after N weeks" (undefined: no such module). */
  followUpWeeks(tenantId: TenantId, slug: string): Promise<number | undefined>;
  /** The newest published version of a module, with its content. */
  getPublished(
    tenantId: TenantId,
    slug: string,
  ): Promise<{ summary: ModuleSummary; content: ModuleContent } | undefined>;
}
