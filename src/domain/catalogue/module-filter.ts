/** Finding modules in a catalogue: the picker's and the catalogue page's search, in one place. */
export interface FilterableModule {
  status: 'draft' | 'published';
  title: { th: string; en: string };
  category: 70 | 20 | 10;
  languages: ReadonlyArray<'th' | 'en'>;
  mappings: ReadonlyArray<{ skillSet: string }>;
}

/**
 * Text as a search compares it: compatibility-normalised (NFKC: Thai SARA AM typed as NIKHAHIT + SARA AA, and
 * full-width Latin, match their usual forms), lower case, and without spaces or invisible format characters (zero-width
 * spaces, direction marks). Thai is written without spaces between words, so a query matches as a substring of the
 * title whatever spaces either holds: "คุ้มครอง ข้อมูล" finds "คุ้มครองข้อมูล", "pdpa for" finds "PDPA for officials".
 */
export function searchText(s: string): string {
  return s
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/[\s\p{Cf}]+/gu, '');
}

export interface ModuleFilter {
  /** Text in the Thai or English title, any case, compared as `searchText` says. */
  q?: string;
  skillSet?: string;
  /** A target group's skill sets: a module crediting any of them matches. */
  groupSkillSets?: ReadonlySet<string>;
  lang?: 'th' | 'en';
  category?: 70 | 20 | 10;
  status?: 'draft' | 'published';
}

export function filterModules<M extends FilterableModule>(modules: readonly M[], filter: ModuleFilter): M[] {
  const q = filter.q === undefined ? undefined : searchText(filter.q);
  const groupSkillSets = filter.groupSkillSets;
  return modules.filter(
    (m) =>
      (!q || searchText(m.title.th).includes(q) || searchText(m.title.en).includes(q)) &&
      (!filter.skillSet || m.mappings.some((x) => x.skillSet === filter.skillSet)) &&
      (!groupSkillSets || m.mappings.some((x) => groupSkillSets.has(x.skillSet))) &&
      (!filter.lang || m.languages.includes(filter.lang)) &&
      (!filter.category || m.category === filter.category) &&
      (!filter.status || m.status === filter.status),
  );
}

export interface PageSlice<T> {
  items: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  count: number;
}

/** One page of a list; a page past the end shows the last one. */
export function pageOf<T>(items: readonly T[], requested: number, size: number): PageSlice<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(Math.max(1, Math.floor(requested) || 1), pages);
  return { items: items.slice((page - 1) * size, page * size), page, pages, count: items.length };
}
