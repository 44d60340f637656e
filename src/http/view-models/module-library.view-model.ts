import type { PagerView } from '../pager';

/** The learners' module library (views/pages/module-library.hbs), rendered by routes/module-library.routes.ts. */
export interface ModuleLibraryPage {
  title: string;
  /** A learner's launch: opening a module records progress; staff open it as a preview, which records nothing. */
  isLearner: boolean;
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

const words = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * The start of a module's summary for its card: at most `max` characters, cut where a word ends (Thai has no
 * spaces: the segmenter finds Thai and English words alike), with an ellipsis. The whole summary is on the module's
 * own page; twenty cards of full summaries would not fit the page's 2,000 px.
 */
export function excerpt(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  let end = 0;
  for (const { index, segment } of words.segment(s)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return `${s.slice(0, end || max).trimEnd()}…`;
}
