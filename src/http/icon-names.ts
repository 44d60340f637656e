/**
 * The icons the pages use, by their name in Lucide (https://lucide.dev, ISC licence). Adding one: add its name
 * here and run `npm run icons`, which copies its drawing from the lucide-static package into icons.ts.
 */
export const ICON_NAMES = [
  'award',
  'bell',
  'book-open',
  'building-2',
  'chart-line',
  'check-check',
  'chevron-right',
  'circle-alert',
  'circle-check',
  'clipboard-list',
  'clock',
  'file-text',
  'graduation-cap',
  'grid-3x3',
  'house',
  'image',
  'info',
  'languages',
  'library',
  'list-checks',
  'menu',
  'network',
  'scale',
  'target',
  'triangle-alert',
  'users',
  'x',
] as const;

export type IconName = (typeof ICON_NAMES)[number];
