import { parse } from 'parse5';
import { attr, textOf, walk, type Element } from './html-tree';

/**
 * A chart of views/partials/bar-chart.hbs as assistive technology meets it: the SVG's role, the name and the
 * description its aria attributes point at, its legend, and its table when it has one (cells as text).
 */
export interface ChartRead {
  role?: string;
  name: string;
  description: string;
  bars: number;
  legend: string[];
  empty?: string;
  table?: string[][];
}

export function readChart(html: string, id: string): ChartRead | undefined {
  const all = [...walk(parse(html))];
  const byId = (ref: string | undefined) =>
    ref === undefined ? undefined : all.find((e) => attr(e, 'id') === ref);
  const figure = all.find((e) => e.tagName === 'figure' && attr(e, 'data-testid') === id);
  if (!figure) return undefined;
  const inside = [...walk(figure)];
  const svg = inside.find((e) => e.tagName === 'svg' && attr(e, 'role') !== undefined);
  const text = (e: Element | undefined) => (e ? textOf(e).replace(/\s+/g, ' ').trim() : '');
  const table = inside.find((e) => e.tagName === 'table');
  return {
    role: svg && attr(svg, 'role'),
    name: svg
      ? text(byId(attr(svg, 'aria-labelledby')))
      : text(inside.find((e) => e.tagName === 'figcaption')),
    description: svg ? text(byId(attr(svg, 'aria-describedby'))) : '',
    bars: svg
      ? [...walk(svg)].filter((e) => e.tagName === 'rect' && attr(e, 'fill')?.startsWith('url(')).length
      : 0,
    legend: inside.filter((e) => e.tagName === 'li').map(text),
    empty: text(inside.find((e) => attr(e, 'data-testid') === `${id}-empty`)) || undefined,
    table:
      table &&
      [...walk(table)]
        .filter((e) => e.tagName === 'tr')
        .map((tr) => tr.childNodes.filter((c): c is Element => 'tagName' in c).map(text)),
  };
}
