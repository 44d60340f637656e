import type { DefaultTreeAdapterMap } from 'parse5';

// A page's tree as a browser builds it (parse5), for the helpers that read forms and error summaries.
export type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

export const isElement = (n: Node): n is Element => 'tagName' in n;
export const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
export const textOf = (n: Node): string =>
  'value' in n && n.nodeName === '#text'
    ? n.value
    : 'childNodes' in n
      ? n.childNodes.map(textOf).join('')
      : '';

/** Every element in document order; a template's content is not part of the page. */
export function* walk(n: Node): Generator<Element> {
  if (isElement(n)) yield n;
  const children = 'content' in n && n.nodeName === 'template' ? [] : 'childNodes' in n ? n.childNodes : [];
  for (const c of children) yield* walk(c);
}
