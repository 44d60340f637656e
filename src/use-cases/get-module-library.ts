import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { PageSlice } from '../domain/catalogue/module-filter';
import {
  findInLibrary,
  libraryStatus,
  type LibraryFilter,
  type LibraryStatus,
} from '../domain/catalogue/module-library';
import type { UseCaseDeps } from './deps';
import { giveSampleCatalogue } from './give-sample-catalogue';
import type { Learner, LibraryDetails, LibraryEntry, StoredFramework } from './ports';

export interface ModuleLibraryQuery {
  q?: string;
  /** A skill set code; one the organisation's framework does not have is dropped. */
  skillSet?: string;
  category?: LearningCategory;
  status?: LibraryStatus;
  page: number;
}

export interface LibraryCard extends LibraryEntry {
  status: 'published';
  standingStatus: LibraryStatus;
  details: LibraryDetails;
}

export interface ModuleLibrary {
  framework: StoredFramework;
  /** How many modules the organisation has published. */
  total: number;
  /** The filter as applied. */
  filter: LibraryFilter;
  shown: PageSlice<LibraryCard>;
}

const collators = {
  th: new Intl.Collator('th'),
  en: new Intl.Collator('en'),
};

/**
 * The learners' module library: the organisation's published modules (newest published version), each with the
 * learner's standing in it, filtered and paged, in the order of their titles in the page's language. Two reads:
 * the listing with the learner's standing (one statement), then the summaries of the cards shown. The sample
 * catalogue is given first if the organisation's first launch could not (as the catalogue and the module do).
 */
export async function getModuleLibrary(
  deps: Pick<UseCaseDeps, 'library' | 'modules' | 'frameworks' | 'sampleCatalogue'>,
  learner: Learner,
  query: ModuleLibraryQuery,
  order: 'th' | 'en',
): Promise<ModuleLibrary> {
  const { framework } = await giveSampleCatalogue(deps, learner.tenantId);
  const entries = await deps.library.publishedFor(learner);
  const collator = collators[order];
  entries.sort((a, b) => collator.compare(a.title[order], b.title[order]) || a.slug.localeCompare(b.slug));
  const filter: LibraryFilter = {
    q: query.q,
    skillSet: framework.framework.skillSets.some((s) => s.code === query.skillSet)
      ? query.skillSet
      : undefined,
    category: query.category,
    status: query.status,
  };
  const slice = findInLibrary(entries, filter, query.page);
  const details = await deps.library.details(
    learner.tenantId,
    slice.items.map((m) => m.versionId),
  );
  return {
    framework,
    total: entries.length,
    filter,
    shown: {
      ...slice,
      items: slice.items.map((m) => ({
        ...m,
        standingStatus: libraryStatus(m.standing),
        details: details.get(m.versionId) ?? { summary: { th: '', en: '' }, pageCount: 0 },
      })),
    },
  };
}
