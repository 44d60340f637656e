import type { ModuleVersionId, TenantId } from '../../shared/ids';
import type { Bilingual } from '../../domain/framework/framework';
import type { LearnerStanding } from '../../domain/catalogue/module-library';
import type { ModuleSummary } from './catalogue';
import type { PersonKey } from './learner';

/** A published module at its newest published version, with one learner's standing in it. */
export interface LibraryEntry extends ModuleSummary {
  status: 'published';
  standing: LearnerStanding;
  /** How many pages of this version the learner viewed. */
  pagesViewed: number;
}

/** What a library card shows beyond the listing: read only for the page of cards shown. */
export interface LibraryDetails {
  summary: Bilingual;
  pageCount: number;
}

export interface ModuleLibraryStore {
  /**
   * Every module of the person's organisation that has a published version, at its newest published one (drafts
   * are never listed), with the person's completion, best score and progress: one statement.
   */
  publishedFor(person: PersonKey): Promise<LibraryEntry[]>;
  /** The summaries and page counts of these versions of the organisation's modules, by version id. */
  details(
    tenantId: TenantId,
    versionIds: readonly ModuleVersionId[],
  ): Promise<Map<ModuleVersionId, LibraryDetails>>;
}
