import type { PagerView } from '../pager';

/** The learners' module library (views/pages/module-library.hbs), rendered by routes/module-library.routes.ts. */
export interface ModuleLibraryPage {
  title: string;
  /** Modules the organisation has published. */
  total: number;
  /** A filter is set: the count of matches and the "clear filters" link show. */
  filtered: boolean;
  /** The filters' disclosure starts open on phones too (a filter other than the search is set). */
  filtersOpen: boolean;
  shownCount: number;
  clearHref: string;
  filter: { q: string };
  skillSets: { code: string; name: string; selected: boolean }[];
  categories: { value: 70 | 20 | 10; name: string; selected: boolean }[];
  statuses: { value: string; name: string; selected: boolean }[];
  pager?: PagerView;
  modules: {
    slug: string;
    href: string;
    title: string;
    summary: string;
    hours: number;
    category: 70 | 20 | 10;
    categoryName: string;
    skillSets: string[];
    status: 'not-started' | 'in-progress' | 'completed';
    statusName: string;
    completedOn?: string;
    bestScore?: number;
    pages?: { viewed: number; total: number };
  }[];
}
