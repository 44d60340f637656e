import type { LearningCategory } from './learning-module';
import { filterModules, pageOf, type FilterableModule, type PageSlice } from './module-filter';

/**
 * The learners' module library (issue #17 item 3): the organisation's published modules, each with where this
 * learner stands in it, found by text, skill set, 70:20:10 category and that standing.
 */

/** Where a learner stands in a module. */
export type LibraryStatus = 'not-started' | 'in-progress' | 'completed';
export const LIBRARY_STATUSES: readonly LibraryStatus[] = ['not-started', 'in-progress', 'completed'];

/** Twenty cards keep the page under 2,000 px on a desktop. */
export const LIBRARY_PAGE_SIZE = 20;

/** What the record says of one learner and one module. */
export interface LearnerStanding {
  /** Their completion of the module (any version): the day it was recorded. */
  completedOn?: string;
  /** The completion's score, raised by any later retake (the score the LMS's gradebook gets). */
  bestScore?: number;
  /** They viewed a page or answered the quiz of some version of it. */
  started: boolean;
}

/**
 * Completed once the module's completion is in the record (as the module's own page says); in progress once a page
 * was viewed or the quiz answered without completing it; not started otherwise (opening the overview writes nothing).
 */
export function libraryStatus(s: LearnerStanding): LibraryStatus {
  if (s.completedOn !== undefined) return 'completed';
  return s.started ? 'in-progress' : 'not-started';
}

export interface LibraryFilter {
  q?: string;
  skillSet?: string;
  category?: LearningCategory;
  status?: LibraryStatus;
}

/** A published module (the library lists no draft) and the learner's standing in it. */
export type LibraryModule = FilterableModule & { status: 'published'; standing: LearnerStanding };

/** The modules the filter keeps, in the order given, and the page asked for (a page past the end shows the last). */
export function findInLibrary<M extends LibraryModule>(
  modules: readonly M[],
  filter: LibraryFilter,
  page: number,
): PageSlice<M> {
  const matching = filterModules(modules, {
    q: filter.q,
    skillSet: filter.skillSet,
    category: filter.category,
  }).filter((m) => !filter.status || libraryStatus(m.standing) === filter.status);
  return pageOf(matching, page, LIBRARY_PAGE_SIZE);
}
