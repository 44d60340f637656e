import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatDate, t, type Locale } from '../i18n/i18n';
import { projectRoot } from '../shared/paths';

export interface PageModel {
  locale: Locale;
  title: string;
  /** Carried on every link and form inside an LTI session. */
  ltik?: string;
  requestId?: string;
  [key: string]: unknown;
}

export type RenderPage = (page: string, model: PageModel) => string;

/** Compiles every template once at start-up; pages render into layouts/main.hbs. */
export function createViews(viewsDir = path.join(projectRoot(), 'views')): RenderPage {
  const hbs = Handlebars.create();
  const root = (options: Handlebars.HelperOptions) => options.data.root as PageModel;

  hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    return t(root(options).locale, key, options.hash as Record<string, string>);
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
  const layout = hbs.compile(fs.readFileSync(path.join(viewsDir, 'layouts', 'main.hbs'), 'utf8'), {
    strict: false,
  });
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  const pagesDir = path.join(viewsDir, 'pages');
  for (const file of fs.readdirSync(pagesDir).filter((f) => f.endsWith('.hbs'))) {
    pages.set(path.basename(file, '.hbs'), hbs.compile(fs.readFileSync(path.join(pagesDir, file), 'utf8')));
  }

  return (page, model) => {
    const template = pages.get(page);
    if (!template) throw new Error(`No view named ${page}`);
    const body = template(model);
    return layout({ ...model, body });
  };
}
