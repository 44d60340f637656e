import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { Framework } from '../../domain/framework/framework';
import type { BankQuestionContent, Difficulty } from '../../domain/evaluation/question-bank';
import type { ItemStatistics } from '../../domain/evaluation/item-statistics';
import type { DrawnQuizSettings } from '../../domain/evaluation/quiz-draw';
import { openCatalogue } from '../../use-cases/open-catalogue';
import { getBankQuestion, getQuestionBank } from '../../use-cases/get-question-bank';
import { saveBankQuestion } from '../../use-cases/save-bank-question';
import { retireBankQuestion } from '../../use-cases/retire-bank-question';
import { getModuleQuizDraw, setModuleQuizDraw } from '../../use-cases/set-module-quiz-draw';
import type { PageDeps } from '../page-deps';
import type { PageContext } from '../middleware/require-role';
import { requireContentManagement } from '../middleware/require-content-management';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import { filteredPath, pagerView } from '../pager';
import { formErrors, NO_ERRORS, type FieldProblem, type FormErrors, type FormField } from '../form-errors';

const BANK = '/app/bank';
/** Option slots on the question form (unused ones are left empty). */
const OPTION_SLOTS = 6;
/** Pool slots on the quiz draw form. */
const POOL_SLOTS = 4;
const DIFFICULTY_VALUES = ['easy', 'medium', 'hard'] as const satisfies readonly Difficulty[];
const DIFFICULTY_LABEL = {
  easy: 'bank.difficulty.easy',
  medium: 'bank.difficulty.medium',
  hard: 'bank.difficulty.hard',
} as const satisfies Record<Difficulty, TranslationKey>;

const code = z
  .string()
  .trim()
  .max(40)
  .regex(/^[\w.-]*$/);
const listQuery = z.object({
  skillSet: code.catch(''),
  area: code.catch(''),
  difficulty: z.enum(DIFFICULTY_VALUES).optional().catch(undefined),
  status: z.enum(['active', 'retired']).catch('active'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  done: z.enum(['saved', 'unchanged', 'retired']).optional().catch(undefined),
});
const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const slugParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
const text = (max: number) => z.string().max(max).catch('');

/** The question form as posted: every field a string (a missing one is empty). */
function questionFormValues(body: unknown): Record<string, string> {
  const src = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src)) if (typeof v === 'string' && k !== 'ltik') out[k] = v;
  return out;
}

/** The form's values as a question; an option slot left wholly empty is no option. */
function questionFrom(v: Record<string, string>): {
  content?: BankQuestionContent;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const difficulty = z.enum(DIFFICULTY_VALUES).safeParse(v.difficulty);
  if (!difficulty.success) problems.push({ field: 'difficulty', key: 'form.error.required' });
  const skillSet = code.safeParse(v.skillSet ?? '');
  if (!skillSet.success || skillSet.data === '')
    problems.push({ field: 'skillSet', key: 'form.error.required' });
  const area = code.safeParse(v.area ?? '');
  const kind = v.kind === 'multiple' ? 'multiple' : 'single';
  const bi = (name: string, max: number) => ({
    th: text(max)
      .parse(v[`${name}.th`] ?? '')
      .trim(),
    en: text(max)
      .parse(v[`${name}.en`] ?? '')
      .trim(),
  });
  const options = Array.from({ length: OPTION_SLOTS }, (_, i) => ({
    text: bi(`opt.${i}.text`, 500),
    feedback: bi(`opt.${i}.feedback`, 1000),
    correct: v[`opt.${i}.correct`] === 'on',
  })).filter((o) => o.correct || o.text.th || o.text.en || o.feedback.th || o.feedback.en);
  if (problems.length > 0 || !difficulty.success || !skillSet.success) return { problems };
  return {
    problems,
    content: {
      skillSet: skillSet.data,
      ...(area.success && area.data !== '' ? { area: area.data } : {}),
      difficulty: difficulty.data,
      question: { kind, prompt: bi('prompt', 2000), options },
    },
  };
}

/** Where a domain problem goes on the form. */
const problemFieldOf = (field: 'prompt' | 'options' | 'skillSet' | 'area') =>
  field === 'prompt' ? 'prompt.th' : field;

function questionFields(l: Locale): FormField[] {
  return [
    { field: 'skillSet', id: 'skillSet', label: t(l, 'bank.field.skillSet') },
    { field: 'area', id: 'area', label: t(l, 'bank.field.area') },
    { field: 'difficulty', id: 'difficulty', label: t(l, 'bank.field.difficulty') },
    { field: 'prompt.th', id: 'prompt.th', label: `${t(l, 'bank.field.prompt')} (${t(l, 'lang.th')})` },
    { field: 'prompt.en', id: 'prompt.en', label: `${t(l, 'bank.field.prompt')} (${t(l, 'lang.en')})` },
    { field: 'options', id: 'options', href: '#opt.0.correct', label: t(l, 'bank.field.options') },
  ];
}

const percentText = (n: number | undefined) => (n === undefined ? '—' : `${n}`);
const statsView = (s: ItemStatistics) => ({
  attempts: s.attempts,
  percentCorrect: percentText(s.percentCorrect),
  discrimination: s.discrimination === undefined ? '—' : s.discrimination.toFixed(2),
  weak: s.discrimination !== undefined && s.discrimination < 0.2,
});

function tagOptions(f: Framework, l: Locale, skillSet: string, area: string) {
  return {
    skillSets: f.skillSets.map((s) => ({ value: s.code, label: s.name[l], selected: s.code === skillSet })),
    areas: f.areas.map((a) => ({ value: a.code, label: a.name[l], selected: a.code === area })),
  };
}

/**
 * The organisation's question bank and the drawn quizzes of its modules, for those who manage its content (the
 * mayManageContent rule): list with filters and statistics, new and edit (a new version), retire; and per module,
 * the pools its quiz draws from, the attempt limit, the waiting time and the pre-test.
 */
export function questionBankRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });
  const who = (ctx: PageContext, personId: Parameters<typeof retireBankQuestion>[1]['personId']) => ({
    tenantId: ctx.tenantId,
    personId,
    lms: lmsOf(ctx.launch),
  });
  const notFound = (req: Request, res: Response, l: Locale) =>
    sendErrorPage(req, res, deps.render, l, {
      status: 404,
      heading: t(l, 'bank.title'),
      message: t(l, 'bank.notFound'),
    });

  router.get(
    BANK,
    requireContentManagement(deps, async (req, res, ctx) => {
      const l = ctx.locale;
      const q = listQuery.parse(req.query);
      const { framework } = await openCatalogue(deps, ctx.tenantId);
      const f = framework.framework;
      const filter = {
        status: q.status,
        ...(q.skillSet ? { skillSet: q.skillSet } : {}),
        ...(q.area ? { area: q.area } : {}),
        ...(q.difficulty ? { difficulty: q.difficulty } : {}),
      };
      const bank = await getQuestionBank(deps, ctx.tenantId, filter, q.page);
      const skillSetName = new Map(f.skillSets.map((s) => [s.code, s.name[l]]));
      const areaName = new Map(f.areas.map((a) => [a.code, a.name[l]]));
      const paths = filteredPath(BANK, {
        skillSet: q.skillSet,
        area: q.area,
        difficulty: q.difficulty,
        status: q.status,
      });
      renderPage(req, res, deps.render, ctx, 'question-bank', {
        title: t(l, 'bank.title'),
        done: q.done && t(l, `bank.done.${q.done}`),
        ...tagOptions(f, l, q.skillSet, q.area),
        difficulties: DIFFICULTY_VALUES.map((d) => ({
          value: d,
          label: t(l, DIFFICULTY_LABEL[d]),
          selected: d === q.difficulty,
        })),
        statuses: (['active', 'retired'] as const).map((s) => ({
          value: s,
          label: t(l, `bank.status.${s}`),
          selected: s === q.status,
        })),
        count: bank.count,
        rows: bank.rows.map((r) => ({
          questionId: r.questionId,
          prompt: r.prompt[l],
          skillSet: skillSetName.get(r.skillSet) ?? r.skillSet,
          area: r.area ? (areaName.get(r.area) ?? r.area) : undefined,
          difficulty: t(l, DIFFICULTY_LABEL[r.difficulty]),
          kind: t(l, `bank.kind.${r.kind}`),
          version: r.version,
          updated: formatDate(l, r.updatedAt),
          stats: statsView(r.stats),
          editHref: r.retired ? undefined : `${BANK}/${r.questionId}/edit`,
          retireAction: r.retired ? undefined : `${BANK}/${r.questionId}/retire`,
        })),
        pager: pagerView(l, { page: q.page, pages: bank.pages, count: bank.count }, paths.page),
      });
    }),
  );

  async function renderQuestionForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    o: {
      status: number;
      values: Record<string, string>;
      errors: FormErrors;
      questionId?: number;
      version?: number;
      stats?: ItemStatistics;
    },
  ) {
    const l = ctx.locale;
    const { framework } = await openCatalogue(deps, ctx.tenantId);
    const v = o.values;
    const err = (k: string) => o.errors.fields[k];
    const bi = (k: string) => ({
      th: v[`${k}.th`] ?? '',
      en: v[`${k}.en`] ?? '',
      errorTh: err(`${k}.th`),
      errorEn: err(`${k}.en`),
    });
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'bank-question',
      {
        title: o.questionId ? t(l, 'bank.edit') : t(l, 'bank.new'),
        action: o.questionId ? `${BANK}/${o.questionId}/edit` : `${BANK}/new`,
        errors: o.errors,
        versionNote:
          o.version !== undefined
            ? t(l, 'bank.versionNote', { version: o.version, next: o.version + 1 })
            : undefined,
        ...tagOptions(framework.framework, l, v.skillSet ?? '', v.area ?? ''),
        skillSetError: err('skillSet'),
        areaError: err('area'),
        difficultyError: err('difficulty'),
        difficulties: DIFFICULTY_VALUES.map((d) => ({
          value: d,
          label: t(l, DIFFICULTY_LABEL[d]),
          selected: d === (v.difficulty ?? 'medium'),
        })),
        kinds: (['single', 'multiple'] as const).map((k) => ({
          value: k,
          label: t(l, `bank.kind.${k}`),
          checked: k === (v.kind === 'multiple' ? 'multiple' : 'single'),
        })),
        prompt: bi('prompt'),
        optionsError: err('options'),
        options: Array.from({ length: OPTION_SLOTS }, (_, j) => ({
          j,
          number: j + 1,
          correct: v[`opt.${j}.correct`] === 'on',
          text: bi(`opt.${j}.text`),
          feedback: bi(`opt.${j}.feedback`),
        })),
        stats: o.stats && statsView(o.stats),
        bankHref: BANK,
      },
      o.status,
    );
  }

  /** A stored question as the form's values. */
  function valuesOf(c: BankQuestionContent): Record<string, string> {
    const v: Record<string, string> = {
      skillSet: c.skillSet,
      area: c.area ?? '',
      difficulty: c.difficulty,
      kind: c.question.kind,
      'prompt.th': c.question.prompt.th,
      'prompt.en': c.question.prompt.en,
    };
    c.question.options.forEach((o, j) => {
      v[`opt.${j}.text.th`] = o.text.th;
      v[`opt.${j}.text.en`] = o.text.en;
      v[`opt.${j}.feedback.th`] = o.feedback.th;
      v[`opt.${j}.feedback.en`] = o.feedback.en;
      if (o.correct) v[`opt.${j}.correct`] = 'on';
    });
    return v;
  }

  router.get(
    `${BANK}/new`,
    requireContentManagement(deps, async (req, res, ctx) => {
      await renderQuestionForm(req, res, ctx, { status: 200, values: {}, errors: NO_ERRORS });
    }),
  );

  router.get(
    `${BANK}/:id/edit`,
    requireContentManagement(deps, async (req, res, ctx) => {
      const id = idParam.safeParse(req.params.id);
      const q = id.success ? await getBankQuestion(deps, ctx.tenantId, id.data) : undefined;
      if (!q || q.retired) return notFound(req, res, ctx.locale);
      await renderQuestionForm(req, res, ctx, {
        status: 200,
        values: valuesOf(q.content),
        errors: NO_ERRORS,
        questionId: q.questionId,
        version: q.version,
        stats: q.stats,
      });
    }),
  );

  const saveQuestion = (existing: boolean) =>
    requireContentManagement(deps, async (req, res, ctx) => {
      const l = ctx.locale;
      const id = existing ? idParam.safeParse(req.params.id) : undefined;
      if (id && !id.success) return notFound(req, res, l);
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!me) return sendStandardError(req, res, deps.render, l, 'forbidden');
      const values = questionFormValues(req.body);
      const parsed = questionFrom(values);
      const { framework } = await openCatalogue(deps, ctx.tenantId);
      const current = id?.data !== undefined ? await getBankQuestion(deps, ctx.tenantId, id.data) : undefined;
      if (id && (!current || current.retired)) return notFound(req, res, l);
      const refuse = (problems: FieldProblem[]) =>
        renderQuestionForm(req, res, ctx, {
          status: 422,
          values,
          errors: formErrors(l, questionFields(l), problems),
          questionId: current?.questionId,
          version: current?.version,
          stats: current?.stats,
        });
      if (!parsed.content) return refuse(parsed.problems);
      const saved = await saveBankQuestion(deps, {
        by: who(ctx, me.personId),
        framework,
        questionId: current?.questionId,
        content: parsed.content,
      });
      if (saved === 'notFound') return notFound(req, res, l);
      if ('problems' in saved)
        return refuse(
          saved.problems.map((p) => ({
            field: problemFieldOf(p.field),
            key: `bank.problem.${p.code}` as const,
            ...(p.params ? { params: p.params } : {}),
          })),
        );
      redirectWithLtik(res, ctx.ltik, `${BANK}?done=${saved.unchanged ? 'unchanged' : 'saved'}`);
    });
  router.post(`${BANK}/new`, form, saveQuestion(false));
  router.post(`${BANK}/:id/edit`, form, saveQuestion(true));

  router.post(
    `${BANK}/:id/retire`,
    form,
    requireContentManagement(deps, async (req, res, ctx) => {
      const id = idParam.safeParse(req.params.id);
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!me) return sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
      if (!id.success || (await retireBankQuestion(deps, who(ctx, me.personId), id.data)) === 'notFound')
        return notFound(req, res, ctx.locale);
      redirectWithLtik(res, ctx.ltik, `${BANK}?done=retired`);
    }),
  );

  // The module's drawn quiz.
  const drawPath = (slug: string) => `/app/catalogue/${slug}/quiz-draw`;
  const poolFields = (l: Locale): FormField[] => [
    ...Array.from({ length: POOL_SLOTS }, (_, i) => [
      {
        field: `pool.${i}.skillSet`,
        id: `pool.${i}.skillSet`,
        label: `${t(l, 'quizDraw.pool', { number: i + 1 })} · ${t(l, 'bank.field.skillSet')}`,
      },
      {
        field: `pool.${i}.area`,
        id: `pool.${i}.area`,
        label: `${t(l, 'quizDraw.pool', { number: i + 1 })} · ${t(l, 'bank.field.area')}`,
      },
      {
        field: `pool.${i}.count`,
        id: `pool.${i}.count`,
        label: `${t(l, 'quizDraw.pool', { number: i + 1 })} · ${t(l, 'quizDraw.count')}`,
      },
    ]).flat(),
    { field: 'attemptLimit', id: 'attemptLimit', label: t(l, 'quizDraw.attemptLimit') },
    { field: 'waitMinutes', id: 'waitMinutes', label: t(l, 'quizDraw.waitMinutes') },
  ];

  async function renderDrawForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    slug: string,
    o: { status: number; values?: Record<string, string>; errors: FormErrors; saved?: boolean },
  ) {
    const l = ctx.locale;
    const { framework } = await openCatalogue(deps, ctx.tenantId);
    const view = await getModuleQuizDraw(deps, ctx.tenantId, slug, framework);
    if (!view) return notFound(req, res, l);
    const f = framework.framework;
    const v = o.values ?? drawValues(view.settings);
    const err = (k: string) => o.errors.fields[k];
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'module-quiz-draw',
      {
        title: `${t(l, 'quizDraw.title')} · ${view.module.title[l]}`,
        heading: t(l, 'quizDraw.title'),
        module: { title: view.module.title[l], href: `/app/catalogue/${slug}/edit` },
        action: drawPath(slug),
        errors: o.errors,
        saved: o.saved === true,
        pools: Array.from({ length: POOL_SLOTS }, (_, i) => {
          const supply = view.settings?.pools[i] ? view.supply[i] : undefined;
          const count = Number(v[`pool.${i}.count`] ?? 0);
          return {
            i,
            number: i + 1,
            ...tagOptions(f, l, v[`pool.${i}.skillSet`] ?? '', v[`pool.${i}.area`] ?? ''),
            difficulties: DIFFICULTY_VALUES.map((d) => ({
              value: d,
              label: t(l, DIFFICULTY_LABEL[d]),
              selected: d === v[`pool.${i}.difficulty`],
            })),
            count: v[`pool.${i}.count`] ?? '0',
            skillSetError: err(`pool.${i}.skillSet`),
            areaError: err(`pool.${i}.area`),
            countError: err(`pool.${i}.count`),
            supply: supply === undefined ? undefined : t(l, 'quizDraw.supply', { count: supply }),
            short:
              supply !== undefined && supply < count ? t(l, 'quizDraw.short', { count: supply }) : undefined,
          };
        }),
        attemptLimit: v.attemptLimit ?? '',
        attemptLimitError: err('attemptLimit'),
        waitMinutes: v.waitMinutes ?? '0',
        waitMinutesError: err('waitMinutes'),
        preTest: v.preTest === 'on',
      },
      o.status,
    );
  }

  function drawValues(s: DrawnQuizSettings | undefined): Record<string, string> {
    const v: Record<string, string> = {
      attemptLimit: s?.attemptLimit?.toString() ?? '',
      waitMinutes: (s?.waitMinutes ?? 0).toString(),
    };
    if (s?.preTest) v.preTest = 'on';
    s?.pools.forEach((p, i) => {
      v[`pool.${i}.skillSet`] = p.skillSet ?? '';
      v[`pool.${i}.area`] = p.area ?? '';
      v[`pool.${i}.difficulty`] = p.difficulty ?? '';
      v[`pool.${i}.count`] = String(p.count);
    });
    return v;
  }

  router.get(
    '/app/catalogue/:slug/quiz-draw',
    requireContentManagement(deps, async (req, res, ctx) => {
      const slug = slugParam.safeParse(req.params.slug);
      if (!slug.success) return notFound(req, res, ctx.locale);
      await renderDrawForm(req, res, ctx, slug.data, {
        status: 200,
        errors: NO_ERRORS,
        saved: req.query.done === 'saved',
      });
    }),
  );

  router.post(
    '/app/catalogue/:slug/quiz-draw',
    form,
    requireContentManagement(deps, async (req, res, ctx) => {
      const l = ctx.locale;
      const slug = slugParam.safeParse(req.params.slug);
      if (!slug.success) return notFound(req, res, l);
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!me) return sendStandardError(req, res, deps.render, l, 'forbidden');
      const v = questionFormValues(req.body);
      const problems: FieldProblem[] = [];
      const whole = (field: string, min: number, max: number, empty?: number) => {
        const raw = (v[field] ?? '').trim();
        if (raw === '' && empty !== undefined) return empty;
        if (raw === '' && empty === undefined) return undefined;
        const n = Number(raw);
        if (!/^\d{1,6}$/.test(raw) || n < min || n > max) {
          problems.push({ field, key: 'quizDraw.error.number', params: { min, max } });
          return undefined;
        }
        return n;
      };
      const pools: DrawnQuizSettings['pools'] = [];
      for (let i = 0; i < POOL_SLOTS; i += 1) {
        const count = whole(`pool.${i}.count`, 0, 50, 0);
        if (!count) continue;
        const skillSet = code.catch('').parse(v[`pool.${i}.skillSet`] ?? '');
        const area = code.catch('').parse(v[`pool.${i}.area`] ?? '');
        const difficulty = z
          .enum(DIFFICULTY_VALUES)
          .optional()
          .catch(undefined)
          .parse(v[`pool.${i}.difficulty`] || undefined);
        pools.push({
          ...(skillSet ? { skillSet } : {}),
          ...(area ? { area } : {}),
          ...(difficulty ? { difficulty } : {}),
          count,
        });
      }
      const attemptLimit = whole('attemptLimit', 1, 100);
      const waitMinutes = whole('waitMinutes', 0, 43_200, 0);
      const { framework } = await openCatalogue(deps, ctx.tenantId);
      const refuse = (p: FieldProblem[]) =>
        renderDrawForm(req, res, ctx, slug.data, {
          status: 422,
          values: v,
          errors: formErrors(l, poolFields(l), p),
        });
      if (problems.length > 0) return refuse(problems);
      const settings: DrawnQuizSettings = {
        pools,
        preTest: v.preTest === 'on',
        ...(attemptLimit !== undefined ? { attemptLimit } : {}),
        ...(waitMinutes ? { waitMinutes } : {}),
      };
      const result = await setModuleQuizDraw(deps, {
        by: who(ctx, me.personId),
        slug: slug.data,
        framework,
        settings,
      });
      if (result === 'notFound') return notFound(req, res, l);
      if (result !== 'saved') {
        // Problems name a pool by its place among those with a count; the form's slots may have gaps.
        const slots = Array.from({ length: POOL_SLOTS }, (_, i) => i).filter(
          (i) => Number(v[`pool.${i}.count`] ?? 0) > 0,
        );
        return refuse(
          result.problems.map((p) => {
            const m = /^pool\.(\d+)\.(\w+)$/.exec(p.field);
            const slot = m ? (slots[Number(m[1])] ?? 0) : 0;
            return {
              field: m ? `pool.${slot}.${m[2]}` : p.field,
              key: `quizDraw.problem.${p.code}` as const,
            };
          }),
        );
      }
      redirectWithLtik(res, ctx.ltik, `${drawPath(slug.data)}?done=saved`);
    }),
  );

  return router;
}
