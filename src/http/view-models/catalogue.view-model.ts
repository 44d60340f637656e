import type { PagerView } from '../pager';

/** The catalogue page (views/pages/catalogue.hbs), rendered by src/http/routes/catalogue.routes.ts. */
export interface CataloguePage {
  title: string;
  framework: string;
  count: number;
  canManage: boolean;
  shownCount: number;
  filtered: boolean;
  filter: { q: string };
  skillSets: { code: string; name: string; selected: boolean }[];
  statuses: { value: 'draft' | 'published'; name: string; selected: boolean }[];
  pager?: PagerView;
  saved?: string;
  savedVersion?: string;
  unchanged: boolean;
  modules: {
    slug: string;
    editHref?: string;
    previewHref?: string;
    title: string;
    category: 70 | 20 | 10;
    hours: number;
    status: string;
    version: number;
    mappings: { name: string; area?: string; hours: number }[];
  }[];
}
