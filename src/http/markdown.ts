import MarkdownIt from 'markdown-it';

/** HTML produced by renderMarkdown: safe to place unescaped in a template (`{{{ }}}`). */
export type SafeHtml = string & { readonly __safeHtml: true };

// html: false escapes any raw HTML an author writes, so no <script>, <iframe> or on* attribute gets through;
// markdown-it's validateLink already refuses javascript:, vbscript:, file: and non-image data: URLs.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const SAFE_SCHEMES = /^(https?:|mailto:)/i;
md.validateLink = (url: string) => {
  const trimmed = url.trim();
  // Relative links and fragments stay inside the tool; anything with a scheme must be web or mail.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return !trimmed.startsWith('//');
  return SAFE_SCHEMES.test(trimmed);
};

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (/^https?:/i.test(href)) {
    // Outside links leave the LMS frame in a new tab and get no handle on, or Referer from, the tool.
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};
const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('loading', 'lazy');
  token.attrSet('referrerpolicy', 'no-referrer');
  return defaultImage(tokens, idx, options, env, self);
};

// A table column's alignment becomes a class (.align-center in app.css), not a style attribute: the
// Content-Security-Policy allows no inline style.
for (const rule of ['th_open', 'td_open'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    const align = /^text-align:(left|center|right)$/.exec(String(token.attrGet('style') ?? ''))?.[1];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) token.attrJoin('class', `align-${align}`);
    return self.renderToken(tokens, idx, options);
  };
}

/** Renders an author's Markdown to sanitised HTML. */
export function renderMarkdown(source: string): SafeHtml {
  return md.render(source) as SafeHtml;
}
