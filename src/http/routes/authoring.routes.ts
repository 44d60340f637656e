import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/i18n';
import type { ModuleProblem } from '../../domain/catalogue/learning-module';
import type { Framework } from '../../domain/framework/framework';
import type { OpenCatalogueDeps } from '../../use-cases/open-catalogue';
import type { UseCaseDeps } from '../../use-cases/deps';
import { getModuleForEditing } from '../../use-cases/get-module-for-editing';
import { moduleProblems, saveModule } from '../../use-cases/save-module';
import { renderMarkdown } from '../markdown';
import {
  MODULE_FORM_LIMITS,
  moduleFormValues,
  parseModuleForm,
  slotCounts,
  slugFrom,
  type FormValues,
  type ParsedForm,
} from '../../use-cases/module-form';
import type { PageContext } from '../middleware/require-role';
import { requireContentManagement, type ContentSessionDeps } from '../middleware/require-content-management';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { readHeldBody } from '../held-body';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import { containsControlCharacters } from '../../shared/control-characters';
import { formErrors, type FieldProblem, type FormErrors, type FormField } from '../form-errors';

const slugParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
const actionSchema = z
  .string()
  .regex(/^(draft|publish|preview|add-page|add-question|add-video|add-attachment|add-option\.\d{1,2})$/)
  .catch('draft');

/** The authoring routes' paths and body parser: the only routes whose forms can hold a whole module. */
export const AUTHORING_FORM_PATHS = ['/app/catalogue/new', '/app/catalogue/:slug/edit'];
const authoringBodyParser = express.urlencoded({
  extended: false,
  limit: MODULE_FORM_LIMITS.bytes,
  parameterLimit: MODULE_FORM_LIMITS.parameters,
});

/** Where a problem from checkModule goes on the form. */
function problemField(p: ModuleProblem, parsed: ParsedForm): string {
  if (p.field === 'estimatedHours') return 'hours';
  if (p.field === 'completionRule.passPercent') return 'pass';
  const question = /^quiz\.questions\.(\d+)\./.exec(p.field);
  if (question) {
    const q = Number(question[1]);
    return `q.${parsed.questionIndex[q] ?? q}.options`;
  }
  const m = /^(\w+)\.(\d+)(?:\.(\w+))?/.exec(p.field);
  if (!m) return p.field;
  const i = Number(m[2]);
  if (m[1] === 'mappings') return parsed.mappingFields[i] ?? 'mappings';
  if (m[1] === 'videos') return `video.${parsed.videoIndex[i] ?? i}.url`;
  return p.field;
}

type Slots = ReturnType<typeof slotCounts>;

/**
 * The authoring form's fields in page order, for its error summary: each control's id is its field name (unique
 * on the page), and each label says where it is (page, question, option) and in which language. A group links to
 * its first control; the module as a whole (its size) to the title.
 */
function authoringFormFields(l: Locale, framework: Framework, slots: Slots): FormField[] {
  const langs = (['th', 'en'] as const).map((code) => ({ code, name: t(l, `lang.${code}`) }));
  const bi = (name: string, label: string): FormField[] =>
    langs.map((x) => ({
      field: `${name}.${x.code}`,
      id: `${name}.${x.code}`,
      label: `${label} (${x.name})`,
    }));
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const page = (i: number) => t(l, 'authoring.page', { number: i + 1 });
  const question = (i: number) => t(l, 'authoring.question', { number: i + 1 });
  const firstMapping = framework.skillSets[0]?.code;
  return [
    { field: 'module', id: 'module', href: '#title.th', label: t(l, 'authoring.field.module') },
    { field: 'languages', id: 'languages', href: '#lang.th', label: t(l, 'authoring.languages') },
    ...bi('title', t(l, 'authoring.field.title')),
    ...bi('summary', t(l, 'authoring.field.summary')),
    { field: 'hours', id: 'hours', label: t(l, 'catalogue.hours') },
    { field: 'followUpWeeks', id: 'followUpWeeks', label: t(l, 'authoring.followUpWeeks') },
    { field: 'pass', id: 'pass', label: t(l, 'authoring.field.pass') },
    { field: 'pages', id: 'pages', href: '#page.0.title.th', label: t(l, 'authoring.pages') },
    ...range(slots.pages).flatMap((i) => [
      ...bi(`page.${i}.title`, `${page(i)} · ${t(l, 'authoring.field.pageTitle')}`),
      ...bi(`page.${i}.body`, `${page(i)} · ${t(l, 'authoring.field.body')}`),
    ]),
    {
      field: 'quiz',
      id: 'quiz',
      href: slots.questions > 0 ? '#q.0.prompt.th' : '#add-question',
      label: t(l, 'quiz.title'),
    },
    ...range(slots.questions).flatMap((i) => [
      {
        field: `q.${i}.options`,
        id: `q.${i}.options`,
        href: `#q.${i}.opt.0.correct`,
        label: `${question(i)} · ${t(l, 'authoring.field.options')}`,
      },
      ...bi(`q.${i}.prompt`, `${question(i)} · ${t(l, 'authoring.field.prompt')}`),
      ...range(slots.options[i] ?? 0).flatMap((j) => {
        const option = `${question(i)} · ${t(l, 'authoring.field.option')} ${j + 1}`;
        return [
          ...bi(`q.${i}.opt.${j}.text`, option),
          ...bi(`q.${i}.opt.${j}.feedback`, `${option} · ${t(l, 'authoring.field.feedback')}`),
        ];
      }),
    ]),
    { field: 'videos', id: 'videos', href: '#add-video', label: t(l, 'module.videos') },
    ...range(slots.videos).flatMap((i) => [
      {
        field: `video.${i}.url`,
        id: `video.${i}.url`,
        label: `${t(l, 'authoring.field.videoUrl')} ${i + 1}`,
      },
      ...bi(
        `video.${i}.title`,
        `${t(l, 'authoring.field.videoUrl')} ${i + 1} · ${t(l, 'authoring.field.resourceTitle')}`,
      ),
    ]),
    { field: 'attachments', id: 'attachments', href: '#add-attachment', label: t(l, 'module.attachments') },
    ...range(slots.attachments).flatMap((i) => [
      {
        field: `att.${i}.url`,
        id: `att.${i}.url`,
        label: `${t(l, 'authoring.field.attachmentUrl')} ${i + 1}`,
      },
      ...bi(
        `att.${i}.title`,
        `${t(l, 'authoring.field.attachmentUrl')} ${i + 1} · ${t(l, 'authoring.field.resourceTitle')}`,
      ),
    ]),
    {
      field: 'mappings',
      id: 'mappings',
      href: firstMapping ? `#map.${firstMapping}` : undefined,
      label: t(l, 'authoring.mappings'),
    },
    ...framework.skillSets.flatMap((s) => [
      { field: `map.${s.code}`, id: `map.${s.code}`, label: `${t(l, 'authoring.mappings')} · ${s.name[l]}` },
      ...framework.areas
        .filter((a) => a.skillSet === s.code)
        .map((a) => ({
          field: `map.${s.code}.${a.code}`,
          id: `map.${s.code}.${a.code}`,
          label: `${t(l, 'authoring.mappings')} · ${s.name[l]} · ${a.name[l]}`,
        })),
    ]),
  ];
}

/**
 * Module authoring for those who manage the organisation's content (administrators and named content managers):
 * new module, edit (a published module gets a new version), draft or publish.
 */
export function authoringRoutes(
  deps: ContentSessionDeps & OpenCatalogueDeps & Pick<UseCaseDeps, 'bank'>,
): Router {
  const router = express.Router();

  function renderForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    framework: Framework,
    o: {
      status: number;
      values: FormValues;
      /** The problems of the form as posted, each against its field (none on a first rendering). */
      problems: FieldProblem[];
      slug?: string;
      add?: string;
      preview?: boolean;
      version?: number;
      published?: boolean;
    },
  ) {
    const l: Locale = ctx.locale;
    const v = o.values;
    const slots = slotCounts(v, o.add);
    const errors: FormErrors = formErrors(l, authoringFormFields(l, framework, slots), o.problems);
    const val = (k: string) => v[k] ?? '';
    const err = (k: string) => errors.fields[k];
    const bi = (k: string) => ({
      th: val(`${k}.th`),
      en: val(`${k}.en`),
      errorTh: err(`${k}.th`),
      errorEn: err(`${k}.en`),
    });
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'authoring',
      {
        title: o.slug ? t(l, 'authoring.edit.title') : t(l, 'authoring.new.title'),
        action: o.slug ? `/app/catalogue/${o.slug}/edit` : '/app/catalogue/new',
        slug: o.slug,
        version: o.version,
        editingPublished: o.published,
        errors,
        f: {
          languages: (['th', 'en'] as const).map((code) => ({
            code,
            checked: val(`lang.${code}`) === 'on',
            name: t(l, `lang.${code}`),
          })),
          languagesError: err('languages'),
          title: bi('title'),
          summary: bi('summary'),
          hours: val('hours'),
          hoursError: err('hours'),
          followUpWeeks: val('followUpWeeks'),
          followUpWeeksError: err('followUpWeeks'),
          categories: (['70', '20', '10'] as const).map((c) => ({
            value: c,
            checked: (val('category') || '70') === c,
            name: t(l, `category.${c}`),
          })),
          rules: (['pages', 'quiz', 'pages-and-quiz'] as const).map((r) => ({
            value: r,
            checked: (val('rule') || 'pages') === r,
            name: t(l, `authoring.rule.${r}`),
          })),
          pass: val('pass'),
          passError: err('pass'),
          pagesError: err('pages'),
          quizError: err('quiz'),
          mappingsError: err('mappings'),
          moduleError: err('module'),
          videosError: err('videos'),
          attachmentsError: err('attachments'),
        },
        pages: Array.from({ length: slots.pages }, (_, i) => ({
          i,
          number: i + 1,
          order: val(`page.${i}.order`) || String(i + 1),
          title: bi(`page.${i}.title`),
          body: bi(`page.${i}.body`),
          preview:
            o.preview && val(`page.${i}.body.${l}`) ? renderMarkdown(val(`page.${i}.body.${l}`)) : undefined,
        })),
        questions: Array.from({ length: slots.questions }, (_, i) => ({
          i,
          number: i + 1,
          multiple: val(`q.${i}.kind`) === 'multiple',
          prompt: bi(`q.${i}.prompt`),
          optionsError: err(`q.${i}.options`),
          options: Array.from({ length: slots.options[i] ?? 2 }, (_, j) => ({
            j,
            text: bi(`q.${i}.opt.${j}.text`),
            feedback: bi(`q.${i}.opt.${j}.feedback`),
            correct: val(`q.${i}.opt.${j}.correct`) === 'on',
          })),
        })),
        videos: Array.from({ length: slots.videos }, (_, i) => ({
          i,
          url: val(`video.${i}.url`),
          urlError: err(`video.${i}.url`),
          title: bi(`video.${i}.title`),
        })),
        attachments: Array.from({ length: slots.attachments }, (_, i) => ({
          i,
          url: val(`att.${i}.url`),
          urlError: err(`att.${i}.url`),
          title: bi(`att.${i}.title`),
        })),
        skillSets: framework.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          field: `map.${s.code}`,
          value: val(`map.${s.code}`),
          error: err(`map.${s.code}`),
          areas: framework.areas
            .filter((a) => a.skillSet === s.code)
            .map((a) => ({
              code: a.code,
              name: a.name[l],
              field: `map.${s.code}.${a.code}`,
              value: val(`map.${s.code}.${a.code}`),
              error: err(`map.${s.code}.${a.code}`),
            })),
        })),
      },
      o.status,
    );
  }

  async function handlePost(req: Request, res: Response, ctx: PageContext, slug: string | undefined) {
    const l = ctx.locale;
    // The form is read only now that the caller may change content (see held-body.ts), so after the middleware
    // that refuses control characters in forms: the same check here.
    await readHeldBody(req, res, authoringBodyParser);
    if (containsControlCharacters(req.body)) return sendControlCharactersRefused(req, res, deps.render, l);
    const found = await getModuleForEditing(deps, { tenantId: ctx.tenantId, slug });
    if (found === 'notFound') return sendStandardError(req, res, deps.render, l, 'notFound');
    const { framework, existing } = found;
    const values: FormValues = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'ltik' && e[0] !== 'action',
      ),
    );
    const action = actionSchema.parse((req.body as { action?: unknown } | undefined)?.action);
    const base = {
      slug,
      version: existing?.summary.version,
      published: existing?.summary.status === 'published',
    };
    if (action.startsWith('add-') || action === 'preview') {
      // Another slot, or a preview: the same form again with everything kept, nothing saved.
      return renderForm(req, res, ctx, framework.framework, {
        ...base,
        status: 200,
        values,
        problems: [],
        add: action.slice(4),
        preview: action === 'preview',
      });
    }
    const parsed = parseModuleForm(values, framework.framework);
    // What the form could not read, then the module's own checks on what it could: every problem at once.
    const problems: FieldProblem[] = Object.entries(parsed.errors).map(([field, code]) => ({
      field,
      key: `authoring.error.${code}`,
    }));
    const publish = action === 'publish';
    for (const p of moduleProblems(framework, parsed.content, publish))
      problems.push({ field: problemField(p, parsed), key: `authoring.problem.${p.code}`, params: p.params });
    if (problems.length > 0)
      return renderForm(req, res, ctx, framework.framework, { ...base, status: 422, values, problems });
    const saved = await saveModule(deps, {
      tenantId: ctx.tenantId,
      framework,
      slug,
      slugBase: slugFrom(parsed.content.title.en),
      content: parsed.content,
      publish,
      ...(parsed.followUpWeeks !== undefined ? { followUpWeeks: parsed.followUpWeeks } : {}),
    });
    if (saved === 'notFound') return sendStandardError(req, res, deps.render, l, 'notFound');
    if ('problems' in saved)
      return renderForm(req, res, ctx, framework.framework, {
        ...base,
        status: 422,
        values,
        problems: saved.problems.map((p) => ({
          field: problemField(p, parsed),
          key: `authoring.problem.${p.code}` as const,
          params: p.params,
        })),
      });
    redirectWithLtik(
      res,
      ctx.ltik,
      `/app/catalogue?saved=${encodeURIComponent(saved.slug)}&version=${saved.version}${saved.unchanged ? '&unchanged=1' : ''}`,
    );
  }

  router.get(
    '/app/catalogue/new',
    requireContentManagement(deps, async (req, res, ctx) => {
      const editing = await getModuleForEditing(deps, { tenantId: ctx.tenantId });
      if (editing === 'notFound') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      renderForm(req, res, ctx, editing.framework.framework, {
        status: 200,
        values: {
          category: '70',
          rule: 'pages',
          'lang.th': 'on',
          'lang.en': 'on',
          followUpWeeks: String(editing.followUpWeeks),
        },
        problems: [],
      });
    }),
  );
  router.post(
    '/app/catalogue/new',
    requireContentManagement(deps, (req, res, ctx) => handlePost(req, res, ctx, undefined)),
  );

  router.get(
    '/app/catalogue/:slug/edit',
    requireContentManagement(deps, async (req, res, ctx) => {
      const slug = slugParam.safeParse(req.params.slug);
      const editing = slug.success
        ? await getModuleForEditing(deps, { tenantId: ctx.tenantId, slug: slug.data })
        : 'notFound';
      if (editing === 'notFound' || !editing.existing)
        return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const { framework, existing: found } = editing;
      renderForm(req, res, ctx, framework.framework, {
        status: 200,
        values: { ...moduleFormValues(found.content), followUpWeeks: String(editing.followUpWeeks) },
        problems: [],
        slug: found.summary.slug,
        version: found.summary.version,
        published: found.summary.status === 'published',
      });
    }),
  );
  router.post(
    '/app/catalogue/:slug/edit',
    requireContentManagement(deps, async (req, res, ctx) => {
      const slug = slugParam.safeParse(req.params.slug);
      if (!slug.success) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      await handlePost(req, res, ctx, slug.data);
    }),
  );

  return router;
}
