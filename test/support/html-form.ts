import { parse } from 'parse5';
import { attr, textOf, walk } from './html-tree';

// Input types whose value the browser strips of line breaks (HTML, "value sanitization algorithm").
const SINGLE_LINE = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'hidden']);

/**
 * The fields a browser submits for the form at `index` of a page, pressing the submit button `submitter`
 * (its name=value), as WHATWG HTML's "constructing the entry list" does, with the page parsed by parse5 (the
 * spec's tree construction: entities decoded, the newline right after <textarea> dropped). Line breaks in
 * textarea values go out as CRLF, as every browser sends them.
 */
export function browserFormEntries(
  html: string,
  submitter?: { name: string; value: string },
  index = 0,
): {
  action: string;
  entries: Array<[string, string]>;
} {
  const doc = parse(html);
  const forms = [...walk(doc)].filter((e) => e.tagName === 'form');
  const form = forms[index];
  if (!form) throw new Error(`no form #${index} on the page`);
  const entries: Array<[string, string]> = [];
  const crlf = (s: string) => s.replace(/\r\n|\r|\n/g, '\r\n');
  for (const e of walk(form)) {
    const name = attr(e, 'name');
    if (!name || attr(e, 'disabled') !== undefined) continue;
    if (e.tagName === 'input') {
      const type = (attr(e, 'type') ?? 'text').toLowerCase();
      const value = attr(e, 'value');
      if (type === 'checkbox' || type === 'radio') {
        if (attr(e, 'checked') !== undefined) entries.push([name, value ?? 'on']);
      } else if (['submit', 'button', 'reset', 'image', 'file'].includes(type)) {
        if (type === 'submit' && submitter?.name === name && submitter.value === (value ?? ''))
          entries.push([name, value ?? '']);
      } else {
        let v = value ?? '';
        if (SINGLE_LINE.has(type)) v = v.replace(/[\r\n]/g, '');
        if (type === 'url' || type === 'email') v = v.trim();
        entries.push([name, v]);
      }
    } else if (e.tagName === 'textarea') {
      entries.push([name, crlf(textOf(e))]);
    } else if (e.tagName === 'select') {
      const options = [...walk(e)].filter((o) => o.tagName === 'option');
      const chosen = options.filter((o) => attr(o, 'selected') !== undefined);
      const picks = chosen.length ? chosen : attr(e, 'multiple') === undefined ? options.slice(0, 1) : [];
      for (const o of picks) entries.push([name, attr(o, 'value') ?? textOf(o)]);
    } else if (e.tagName === 'button') {
      const type = (attr(e, 'type') ?? 'submit').toLowerCase();
      const value = attr(e, 'value') ?? '';
      if (type === 'submit' && submitter?.name === name && submitter.value === value)
        entries.push([name, value]);
    }
  }
  if (submitter && !entries.some(([k, v]) => k === submitter.name && v === submitter.value))
    throw new Error(`no submit button ${submitter.name}=${submitter.value} in the form`);
  return { action: attr(form, 'action') ?? '', entries };
}

/** The body a browser posts for those entries (application/x-www-form-urlencoded, spaces as +). */
export const urlencoded = (entries: Array<[string, string]>) => new URLSearchParams(entries).toString();
