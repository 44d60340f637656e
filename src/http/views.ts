import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { fillPlaceholders, formatDate, translateAny, type Locale } from '../i18n/i18n';
import { projectRoot } from '../shared/paths';
import { ICON_DRAWINGS } from './icons';
import type { Crumb, NavGroup, NotificationsLink } from './navigation';
import { PAGE_FRAME, type PageModels, type PageName } from './view-models/page-models';

export type { PageModels, PageName } from './view-models/page-models';

/** What the layout (views/layouts/main.hbs) and the helpers read besides the page's own view model (and its title). */
export interface PageFrame {
  locale: Locale;
  /** Carried on every link and form inside an LTI session ({{ltiUrl}}). */
  ltik?: string;
  /** The same page in the other language. */
  langSwitchUrl?: string;
  requestId?: string;
  /** Where the brand leads: the session's home (with the ltik), on session pages only. */
  homeHref?: string;
  /** The role's navigation, its current place marked (navigation.ts). */
  nav?: NavGroup[];
  /** On deeper pages: home, the sections above, the page itself. */
  breadcrumbs?: Crumb[];
  /** The link to the person's notifications, with the unread count as a badge (navigation.ts). */
  notifications?: NotificationsLink;
}

/** A page's view model in its frame: what a template is rendered with. */
export type FramedModel<P extends PageName> = PageModels[P] & PageFrame;

/** Renders a page into the layout; pages.ts's renderPage builds the frame, routes call that. */
export type RenderPage = <P extends PageName>(page: P, model: FramedModel<P>) => string;

/** Compiles every template once at start-up; pages render into layouts/main.hbs. */
export function createViews(viewsDir = path.join(projectRoot(), 'views')): RenderPage {
  const hbs = Handlebars.create();
  const root = (options: Handlebars.HelperOptions) => options.data.root as PageFrame;

  // User-supplied names and titles (people, courses, modules, entries, comments) are shown as {{bdi value}}:
  // a <bdi> keeps their direction marks (U+202E and the like) from reordering the text around them.
  hbs.registerHelper('bdi', (value: unknown) =>
    value === undefined || value === null || value === ''
      ? ''
      : new hbs.SafeString(`<bdi>${hbs.escapeExpression(String(value as string))}</bdi>`),
  );
  // Keys in templates are checked against both message files by test/unit/view-keys.test.ts.
  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const vars = options.hash as Record<string, unknown>;
    const locale = root(options).locale;
    if (!Object.values(vars).some((v) => v instanceof hbs.SafeString))
      return translateAny(locale, key, vars as Record<string, string>);
    // A value given as (bdi name) goes in as it is; the message and every other value are escaped.
    return new hbs.SafeString(
      fillPlaceholders(hbs.escapeExpression(translateAny(locale, key)), (name) => {
        if (!(name in vars)) return undefined;
        const v = vars[name];
        return v instanceof hbs.SafeString ? v.toHTML() : hbs.escapeExpression(String(v as string));
      }),
    );
  });
  hbs.registerHelper('date', (value: Date | string, options: Handlebars.HelperOptions) =>
    formatDate(root(options).locale, new Date(value)),
  );
  hbs.registerHelper('ltiUrl', (href: string, options: Handlebars.HelperOptions) => {
    const ltik = root(options).ltik;
    if (!ltik) return href;
    return `${href}${href.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`;
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // {{icon "house"}}: a Lucide icon (icons.ts) drawn inline, decorative (the text beside it names the action).
  const iconSvg = new Map(
    Object.entries(ICON_DRAWINGS).map(([name, drawing]) => [
      name,
      new hbs.SafeString(
        `<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${drawing}</svg>`,
      ),
    ]),
  );
  hbs.registerHelper('icon', (name: string) => {
    const svg = iconSvg.get(name);
    if (!svg) throw new Error(`No icon ${name}: add it to src/http/icon-names.ts and run npm run icons`);
    return svg;
  });
  // A field with a problem (FormErrors.fields[name]): marked invalid and described by its message.
  hbs.registerHelper('invalidAttrs', (error: { id: string } | undefined) =>
    error
      ? new hbs.SafeString(` aria-invalid="true" aria-describedby="${hbs.escapeExpression(error.id)}"`)
      : '',
  );
  // Joins parts into one string (field names such as page.3.title); the last argument is Handlebars' options.
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''));

  const partialsDir = path.join(viewsDir, 'partials');
  if (fs.existsSync(partialsDir)) {
    for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
    }
  }
  // preventIndent: an indented {{> partial}} would otherwise indent every line of the partial's output, the
  // lines of a value inside a <textarea> too, which then posts back with the template's spaces added.
  const options = { preventIndent: true } as const;
  const layout = hbs.compile(fs.readFileSync(path.join(viewsDir, 'layouts', 'main.hbs'), 'utf8'), {
    ...options,
    strict: false,
  });
  // Every page the types name has its template (checked at start-up; test/unit/page-models.test.ts checks the
  // other way round).
  const pagesDir = path.join(viewsDir, 'pages');
  const pages = new Map<PageName, Handlebars.TemplateDelegate>();
  for (const page of Object.keys(PAGE_FRAME) as PageName[]) {
    const file = path.join(pagesDir, `${page}.hbs`);
    if (!fs.existsSync(file)) throw new Error(`No template for the page ${page}: ${file}`);
    pages.set(page, hbs.compile(fs.readFileSync(file, 'utf8'), options));
  }

  return (page, model) => {
    const template = pages.get(page)!;
    const body = template(model);
    return layout({ ...model, body });
  };
}
