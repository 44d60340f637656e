import { parse } from 'parse5';
import { attr, textOf, walk, type Element } from './html-tree';

const CONTROLS = new Set(['input', 'select', 'textarea', 'button']);

/** A form's error summary (views/partials/error-summary.hbs) as a browser reads the page (parse5). */
export interface ErrorSummary {
  /** Each item: its text (entities decoded), the field it names (data-field) and where it links. */
  items: Array<{ text: string; field: string; href: string }>;
  /** Links whose target is not a form control with that id on the page (what a click could not focus). */
  unlinked: string[];
  /** Ids that appear more than once on the page (a link to one of them is ambiguous). */
  duplicateIds: string[];
  /** aria-describedby references to ids that are not on the page. */
  danglingDescriptions: string[];
  /** The ids of the controls marked aria-invalid="true", in page order. */
  invalid: string[];
}

/** The error summary of a page, and whether every link and description in it points at something that exists. */
export function errorSummary(html: string): ErrorSummary {
  const all = [...walk(parse(html))];
  const ids = new Map<string, Element[]>();
  for (const e of all) {
    const id = attr(e, 'id');
    if (id !== undefined) ids.set(id, [...(ids.get(id) ?? []), e]);
  }
  const summary = all.find((e) => attr(e, 'data-error-summary') !== undefined);
  const items = summary
    ? [...walk(summary)]
        .filter((e) => e.tagName === 'a')
        .map((a) => ({
          text: textOf(a).replace(/\s+/g, ' ').trim(),
          field: attr(a, 'data-field') ?? '',
          href: attr(a, 'href') ?? '',
        }))
    : [];
  const unlinked = items
    .map((i) => i.href)
    .filter((href) => {
      const target = href.startsWith('#') ? ids.get(decodeURIComponent(href.slice(1))) : undefined;
      return !target || target.length !== 1 || !CONTROLS.has(target[0]!.tagName);
    });
  const danglingDescriptions = all.flatMap((e) =>
    (attr(e, 'aria-describedby') ?? '').split(/\s+/).filter((id) => id !== '' && !ids.has(id)),
  );
  return {
    items,
    unlinked,
    duplicateIds: [...ids].filter(([, list]) => list.length > 1).map(([id]) => id),
    danglingDescriptions,
    invalid: all.filter((e) => attr(e, 'aria-invalid') === 'true').map((e) => attr(e, 'id') ?? ''),
  };
}

/** The value a control with this id shows: an input's value, a textarea's text, a select's chosen option. */
export function controlValue(html: string, id: string): string | undefined {
  const e = [...walk(parse(html))].find((x) => attr(x, 'id') === id);
  if (!e) return undefined;
  if (e.tagName === 'textarea') return textOf(e);
  if (e.tagName === 'select') {
    const chosen = [...walk(e)].find((o) => o.tagName === 'option' && attr(o, 'selected') !== undefined);
    return chosen ? (attr(chosen, 'value') ?? textOf(chosen)) : '';
  }
  const type = attr(e, 'type');
  if (type === 'checkbox' || type === 'radio') return attr(e, 'checked') !== undefined ? 'checked' : '';
  return attr(e, 'value') ?? '';
}

/**
 * Jest checks shared by every form's test: a 422 whose summary lists exactly `expected` (its texts, in page
 * order), each link leading to one control of the page, no id twice, every description found.
 */
export function expectSummary(res: { status: number; text: string }, expected: string[]): ErrorSummary {
  const s = errorSummary(res.text);
  expect(res.status).toBe(422);
  expect(s.items.map((i) => i.text)).toEqual(expected);
  expect(s.unlinked).toEqual([]);
  expect(s.duplicateIds).toEqual([]);
  expect(s.danglingDescriptions).toEqual([]);
  return s;
}
