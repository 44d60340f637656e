import { t, type Locale } from '../i18n/i18n';

export interface PagerView {
  text: string;
  prevHref?: string;
  nextHref?: string;
}

/** "Page 2 of 6 (287 entries)" with previous/next links, or nothing when everything fits on one page. */
export function pagerView(
  l: Locale,
  slice: { page: number; pages: number; count: number },
  href: (page: number) => string,
): PagerView | undefined {
  if (slice.pages <= 1) return undefined;
  return {
    text: t(l, 'progress.history.page', slice),
    prevHref: slice.page > 1 ? href(slice.page - 1) : undefined,
    nextHref: slice.page < slice.pages ? href(slice.page + 1) : undefined,
  };
}

/** A path with the filter's non-empty string values as its query, and a page link builder on top of it. */
export function filteredPath(
  path: string,
  filter: Record<string, unknown>,
): {
  href: string;
  page: (n: number) => string;
} {
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  ).toString();
  const href = query ? `${path}?${query}` : path;
  return { href, page: (n) => `${href}${query ? '&' : '?'}page=${n}` };
}
