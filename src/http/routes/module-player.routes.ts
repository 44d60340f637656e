import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, formatDateTime, t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { ContentLanguage, ModuleContent, QuizQuestion } from '../../domain/catalogue/learning-module';
import type { StoredFramework } from '../../use-cases/ports';
import { openCatalogue } from '../../use-cases/open-catalogue';
import {
  openModule,
  openModuleAsLearner,
  type ModuleView,
  type QuizStanding,
} from '../../use-cases/open-module';
import { viewDrawnResult } from '../../use-cases/view-drawn-result';
import { viewModulePage } from '../../use-cases/view-module-page';
import { submitQuiz } from '../../use-cases/submit-quiz';
import { previewQuiz } from '../../use-cases/preview-quiz';
import {
  previewDrawnQuiz,
  startDrawnQuiz,
  type DrawnQuizRefusal,
  type DrawnQuizView,
} from '../../use-cases/start-drawn-quiz';
import { submitDrawnQuiz } from '../../use-cases/submit-drawn-quiz';
import { getModuleGains, type LearnerGain } from '../../use-cases/get-pre-post-gains';
import type { GainSummary } from '../../domain/evaluation/pre-post-gain';
import type { GradeTarget } from '../../use-cases/complete-module';
import type { PageDeps } from '../page-deps';
import type { ModulePage as ModulePageModel } from '../view-models/module.view-model';
import { renderMarkdown } from '../markdown';
import { requireRole, type PageContext, type SessionDeps } from '../middleware/require-role';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';

/** Kept as a name for the launch's module page (module-launch.ts). */
export type ModulePlayerDeps = PageDeps;

const slugParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
const pageParam = z.coerce.number().int().min(1).max(1000);
/** Answers arrive as q0=1 (radio) or q1=0&q1=2 (checkboxes). */
const answersSchema = z.record(
  z.string().regex(/^q\d{1,3}$/),
  z.union([z.string().regex(/^\d{1,3}$/), z.array(z.string().regex(/^\d{1,3}$/)).max(50)]),
);

const attemptField = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const modulePath = (slug: string, rest = '') => `/app/modules/${slug}${rest}`;

/** The result of a submitted attempt at a drawn quiz or pre-test: a page of its own (post/redirect/get). */
const resultPath = (slug: string, attemptId: number) => modulePath(slug, `/quiz/attempts/${attemptId}`);

/**
 * What holds for the learner's next attempt at a drawn quiz, in sentences: attempts left of the limit, the time
 * the next opens (Buddhist era in Thai), or every attempt used and whom to ask. None for an open quiz without limit.
 */
function standingLines(l: Locale, standing: QuizStanding): string[] {
  const a = standing.access;
  const used = a.limit === undefined ? [] : [t(l, 'attempt.used', { used: a.used, limit: a.limit })];
  switch (a.kind) {
    case 'open':
      return a.limit === undefined
        ? []
        : [t(l, 'attempt.left', { left: Math.max(a.limit - a.used, 0), used: a.used, limit: a.limit })];
    case 'wait':
      return [t(l, 'attempt.closed.wait', { date: formatDateTime(l, a.opensAt) }), ...used];
    case 'limitReached':
      return [t(l, 'attempt.limitReached', { used: a.used, limit: a.limit }), t(l, 'attempt.askMore')];
  }
}

/** A gain as shown: two decimals, or a dash where it is undefined (the pre-test was 100). */
const gainText = (g: number | undefined) => (g === undefined ? '—' : g.toFixed(2));

/** The pre/post table of a module for its instructors (the learners of the course, when launched from one). */
export function gainsModel(
  l: Locale,
  gains: { learners: LearnerGain[]; summary?: GainSummary },
): NonNullable<ModulePageModel['gains']> {
  return {
    learners: gains.learners.map((g) => ({
      name: g.name ?? g.platformUserId,
      pre: g.pre,
      post: g.post === undefined ? t(l, 'gain.notYet') : String(g.post),
      gain: g.post === undefined ? '' : gainText(g.gain),
    })),
    summary: gains.summary && {
      learners: gains.summary.learners,
      pre: gains.summary.pre,
      post: gains.summary.post,
      gain: gainText(gains.summary.gain),
    },
  };
}

/**
 * The launch's placement gets the module's grade only when its link placed this module, has a line item, and the
 * launch is a learner's (a preview records nothing).
 */
export function gradeTarget(launch: LaunchContext, slug: string): GradeTarget {
  if (launch.role !== 'learner' || launch.custom.module !== slug || !launch.ags?.lineitem) return undefined;
  return {
    issuer: launch.issuer,
    clientId: launch.clientId,
    platformUserId: launch.platformUserId,
    resourceLinkId: launch.resourceLink?.id,
    lineitemUrl: launch.ags.lineitem,
  };
}

function mappingNames(framework: StoredFramework, content: ModuleContent, l: Locale) {
  const skillSetName = new Map(framework.framework.skillSets.map((s) => [s.code, s.name[l]]));
  const areaName = new Map(framework.framework.areas.map((a) => [a.code, a.name[l]]));
  return content.mappings.map((x) => ({
    // Two names, each isolated on the page (a direction mark in one must not run into the other).
    name: skillSetName.get(x.skillSet) ?? x.skillSet,
    area: x.area ? (areaName.get(x.area) ?? x.area) : undefined,
    hours: x.hours,
  }));
}

function completionModel(view: ModuleView, l: Locale) {
  if (!view.completion) return undefined;
  return {
    date: formatDate(l, view.completion.createdAt),
    score: view.completion.scorePercent,
    just: view.justCompleted,
  };
}

/** The module's overview: what it is, where the learner stands, and the way in. */
export function renderModuleOverview(
  deps: { render: SessionDeps['render'] },
  req: Request,
  res: Response,
  ctx: { ltik: string; locale: Locale; isLearner: boolean; launch: LaunchContext },
  framework: StoredFramework,
  view: ModuleView & { quiz?: QuizStanding },
  gains?: ModulePageModel['gains'],
): void {
  const l = ctx.locale;
  const { content, state, summary } = view;
  const slug = summary.slug;
  const pageCount = content.pages.length;
  const viewed = new Set(state.pagesViewed);
  // A quiz drawn from the bank has as many questions per attempt as its pools give.
  const questions = view.drawn
    ? view.drawn.pools.reduce((n, p) => n + p.count, 0)
    : (content.quiz?.questions.length ?? 0);
  const rule = content.completionRule;
  // A learner who must wait, or has used every attempt, is told so instead of offered a button that would fail.
  const standing = ctx.isLearner ? view.quiz : undefined;
  const quizOpen = !standing || standing.access.kind === 'open';
  renderPage(req, res, deps.render, ctx, 'module', {
    title: content.title[l],
    isLearner: ctx.isLearner,
    // The link placed this module, but the LMS offered no line item for its grade (AGS off, or its URL refused).
    noGradebook: ctx.isLearner && ctx.launch.custom.module === slug && !gradeTarget(ctx.launch, slug),
    // A module written in one language shows that language's text whatever the interface language.
    languageNote: languageNote(l, view.languages),
    module: {
      slug,
      title: content.title[l],
      summary: content.summary[l],
      category: content.category,
      hours: content.estimatedHours,
      version: summary.version,
      pages: content.pages.map((p, i) => ({
        title: p.title[l],
        href: modulePath(slug, `/pages/${i + 1}`),
        viewed: viewed.has(i),
      })),
      questions,
      passPercent: rule.kind === 'pages' ? undefined : rule.passPercent,
      rule: t(l, `module.rule.${rule.kind}`, { pass: rule.kind === 'pages' ? 0 : rule.passPercent }),
      mappings: mappingNames(framework, content, l),
      videos: view.embeds.map(({ title, embed }) => ({
        title: title[l],
        ...embed,
        isMp4: embed.kind === 'mp4',
      })),
      attachments: content.attachments.map((a) => ({ title: a.title[l], url: a.url })),
    },
    progress: {
      viewed: state.pagesViewed.filter((i) => i < pageCount).length,
      total: pageCount,
      best: state.bestQuizPercent,
    },
    continueHref:
      pageCount > 0
        ? modulePath(slug, `/pages/${Math.min(state.currentPage, pageCount - 1) + 1}`)
        : undefined,
    started: state.pagesViewed.length > 0 || state.bestQuizPercent !== undefined,
    quizHref: questions > 0 && quizOpen ? modulePath(slug, '/quiz') : undefined,
    quizStanding: standing && {
      lines: standingLines(l, standing),
      closed: !quizOpen,
    },
    lastResultHref: standing?.lastResultId ? resultPath(slug, standing.lastResultId) : undefined,
    // Offered before the first attempt; the pre-test page itself refuses once one was taken.
    preTestHref:
      view.drawn?.preTest && ctx.isLearner && state.bestQuizPercent === undefined && !view.completion
        ? modulePath(slug, '/pretest')
        : undefined,
    gains,
    completion: completionModel(view, l),
  });
}

/** Pages, quiz and completion of a module, for learners; instructors and admins may look through as a preview. */
export function modulePlayerRoutes(deps: ModulePlayerDeps): Router {
  const router = express.Router();
  const anyRole = ['learner', 'instructor', 'admin'] as const;

  async function resolve(req: Request, res: Response, ctx: PageContext) {
    const slug = slugParam.safeParse(req.params.slug);
    const { framework } = await openCatalogue(deps, ctx.tenantId);
    const learner = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!slug.success || !learner) {
      sendStandardError(req, res, deps.render, ctx.locale, slug.success ? 'forbidden' : 'notFound');
      return undefined;
    }
    return { slug: slug.data, framework, learner, isLearner: ctx.launch.role === 'learner' };
  }
  const notFound = (req: Request, res: Response, l: Locale) =>
    sendErrorPage(req, res, deps.render, l, {
      status: 404,
      heading: t(l, 'module.notFound.title'),
      message: t(l, 'module.notFound.body'),
    });

  router.get(
    '/app/modules/:slug',
    requireRole(deps, anyRole, async (req, res, ctx) => {
      const r = await resolve(req, res, ctx);
      if (!r) return;
      const view = r.isLearner
        ? await openModuleAsLearner(deps, r.learner, r.slug, gradeTarget(ctx.launch, r.slug))
        : await openModule(deps, r.learner, r.slug, gradeTarget(ctx.launch, r.slug));
      if (!view) return notFound(req, res, ctx.locale);
      // Instructors see their course's learners' pre-test and post-test (a module with a pre-test only).
      const gains =
        !r.isLearner && view.drawn?.preTest
          ? gainsModel(
              ctx.locale,
              await getModuleGains(deps, ctx.tenantId, view.summary.moduleId, r.learner.contextId),
            )
          : undefined;
      renderModuleOverview(deps, req, res, { ...ctx, isLearner: r.isLearner }, r.framework, view, gains);
    }),
  );

  router.get(
    '/app/modules/:slug/pages/:page',
    requireRole(deps, anyRole, async (req, res, ctx) => {
      const r = await resolve(req, res, ctx);
      if (!r) return;
      const l = ctx.locale;
      const page = pageParam.safeParse(req.params.page);
      if (!page.success) return sendStandardError(req, res, deps.render, l, 'notFound');
      const index = page.data - 1;
      // A preview (instructor, admin) records nothing: no progress, no completion, no grade.
      const result = r.isLearner
        ? await viewModulePage(deps, r.learner, r.slug, index, gradeTarget(ctx.launch, r.slug))
        : await openModule(deps, r.learner, r.slug).then((v) =>
            !v ? ('not-found' as const) : index >= v.content.pages.length ? ('no-such-page' as const) : v,
          );
      if (result === 'not-found') return notFound(req, res, l);
      if (result === 'no-such-page') return sendStandardError(req, res, deps.render, l, 'notFound');
      const { content, summary } = result;
      const p = content.pages[index]!;
      const count = content.pages.length;
      const isLast = index === count - 1;
      // The quiz the overview offers: drawn from the bank or the module's own, and for a learner only while open
      // (a wait or every attempt used is explained on the overview, which the last page then leads back to).
      const questions = result.drawn
        ? result.drawn.pools.reduce((n, p) => n + p.count, 0)
        : (content.quiz?.questions.length ?? 0);
      const standing = r.isLearner ? (result as { quiz?: QuizStanding }).quiz : undefined;
      const quizOpen = !standing || standing.access.kind === 'open';
      renderPage(req, res, deps.render, ctx, 'module-page', {
        title: `${p.title[l]} · ${content.title[l]}`,
        isLearner: r.isLearner,
        module: { title: content.title[l], href: modulePath(summary.slug) },
        page: {
          number: page.data,
          count,
          title: p.title[l],
          // Rendered by markdown-it with raw HTML escaped and unsafe links refused (src/http/markdown.ts).
          html: renderMarkdown(p.body[l]),
        },
        prevHref: index > 0 ? modulePath(summary.slug, `/pages/${index}`) : undefined,
        nextHref: !isLast ? modulePath(summary.slug, `/pages/${index + 2}`) : undefined,
        quizHref: isLast && questions > 0 && quizOpen ? modulePath(summary.slug, '/quiz') : undefined,
        doneHref: isLast ? modulePath(summary.slug) : undefined,
        allViewed: result.allViewed,
        completion: completionModel(result, l),
      });
    }),
  );

  function quizModel(
    content: Pick<ModuleContent, 'quiz'> | readonly QuizQuestion[],
    l: Locale,
    answers?: number[][],
    feedback?: boolean[],
  ) {
    const questions = Array.isArray(content)
      ? (content as readonly QuizQuestion[])
      : ((content as Pick<ModuleContent, 'quiz'>).quiz?.questions ?? []);
    return questions.map((q, i) => ({
      name: `q${i}`,
      number: i + 1,
      prompt: q.prompt[l],
      multiple: q.kind === 'multiple',
      correct: feedback?.[i],
      answered: feedback !== undefined,
      options: q.options.map((o, j) => {
        const chosen = answers?.[i]?.includes(j) ?? false;
        return {
          value: j,
          id: `q${i}-o${j}`,
          text: o.text[l],
          chosen,
          // Feedback for what the learner chose, and the right answers once they submitted.
          feedback: feedback && chosen ? o.feedback[l] : undefined,
          isCorrect: feedback ? o.correct : undefined,
        };
      }),
    }));
  }

  /** A drawn quiz or pre-test that will not open now, with when it will where there is a when. */
  function sendRefusal(
    req: Request,
    res: Response,
    l: Locale,
    slug: string,
    r: DrawnQuizRefusal | 'attemptClosed',
  ) {
    const message =
      r === 'attemptClosed'
        ? t(l, 'attempt.closed.submitted')
        : r.refused === 'limitReached'
          ? t(l, 'attempt.closed.limit', { limit: r.limit })
          : r.refused === 'wait'
            ? t(l, 'attempt.closed.wait', { date: formatDateTime(l, r.opensAt) })
            : r.refused === 'preTestClosed'
              ? t(l, 'attempt.closed.preTest')
              : t(l, 'attempt.closed.empty');
    sendErrorPage(req, res, deps.render, l, {
      status: 409,
      heading: t(l, 'attempt.closed.title'),
      message,
      hint: r !== 'attemptClosed' && r.refused === 'limitReached' ? t(l, 'attempt.askMore') : undefined,
      back: { href: modulePath(slug), label: t(l, 'attempt.backToModule') },
    });
  }

  /** An attempt at a drawn quiz or pre-test: its questions, and once submitted, the result and the way on. */
  function renderDrawn(
    req: Request,
    res: Response,
    ctx: PageContext,
    slug: string,
    view: DrawnQuizView,
    o: {
      result?: { percent: number; correctCount: number; questions: Array<{ correct: boolean }> };
      answers?: number[][];
      /** With a result: where the learner now stands with the quiz. */
      standing?: QuizStanding;
    } = {},
  ) {
    const l = ctx.locale;
    const pre = view.attempt.kind === 'pre';
    const rule = view.content.completionRule;
    const passPercent = pre || rule.kind === 'pages' ? undefined : rule.passPercent;
    const number = pre ? undefined : view.submitted + (o.result ? 0 : 1);
    const limit = view.drawn.attemptLimit;
    const heading = pre ? t(l, 'attempt.pre.title') : o.result ? t(l, 'quiz.result') : t(l, 'quiz.title');
    renderPage(req, res, deps.render, ctx, 'module-quiz', {
      title: `${heading} · ${view.content.title[l]}`,
      heading,
      isLearner: true,
      module: { title: view.content.title[l], href: modulePath(slug) },
      action: modulePath(slug, '/quiz'),
      attemptId: o.result ? undefined : view.attempt.id,
      intro: pre ? t(l, 'attempt.pre.intro') : t(l, 'attempt.drawnNote'),
      attemptInfo:
        number === undefined
          ? undefined
          : limit !== undefined
            ? t(l, 'attempt.numberOf', { number, limit })
            : t(l, 'attempt.number', { number }),
      preDone: pre && o.result ? t(l, 'attempt.pre.done', { percent: o.result.percent }) : undefined,
      // Another attempt only when one can start now; otherwise the page says what holds.
      againHref:
        o.result && !pre && o.standing?.access.kind === 'open' ? modulePath(slug, '/quiz') : undefined,
      standing: o.result && !pre && o.standing ? standingLines(l, o.standing) : undefined,
      noRetry: o.result && !pre && o.standing ? o.standing.access.kind !== 'open' : undefined,
      passPercent,
      best: pre ? undefined : view.state.bestQuizPercent,
      result: o.result && {
        percent: o.result.percent,
        correct: o.result.correctCount,
        total: o.result.questions.length,
        passed: passPercent === undefined ? undefined : o.result.percent >= passPercent,
      },
      questions: quizModel(
        view.questions,
        l,
        o.answers,
        o.result?.questions.map((q) => q.correct),
      ),
      completion: pre ? undefined : completionModel(view, l),
    });
  }

  const openDrawn = (kind: 'pre' | 'post') =>
    requireRole(deps, anyRole, async (req, res, ctx) => {
      const r = await resolve(req, res, ctx);
      if (!r) return;
      const l = ctx.locale;
      if (!r.isLearner) {
        // A preview: a sample draw, nothing kept and nothing to submit.
        const sample = await previewDrawnQuiz(deps, r.learner, r.slug);
        if (sample === 'not-found') return notFound(req, res, l);
        if (sample !== 'not-drawn')
          return renderPage(req, res, deps.render, ctx, 'module-quiz', {
            title: `${t(l, 'quiz.title')} · ${sample.content.title[l]}`,
            isLearner: false,
            module: { title: sample.content.title[l], href: modulePath(r.slug) },
            action: modulePath(r.slug, '/quiz'),
            intro: t(l, 'attempt.drawnNote'),
            noSubmit: true,
            questions: quizModel(sample.questions, l),
          });
        if (kind === 'pre') return sendStandardError(req, res, deps.render, l, 'notFound');
        return openOwnQuiz(req, res, ctx, r);
      }
      const out = await startDrawnQuiz(deps, r.learner, r.slug, kind, gradeTarget(ctx.launch, r.slug));
      if (out === 'not-found') return notFound(req, res, l);
      if (out === 'not-drawn') {
        if (kind === 'pre') return sendStandardError(req, res, deps.render, l, 'notFound');
        return openOwnQuiz(req, res, ctx, r);
      }
      // Waiting for the next attempt, or none left, is a normal state, not an error: the module's overview says
      // when the quiz opens or whom to ask (a quiz address opened from the history lands there).
      if ('refused' in out && (out.refused === 'wait' || out.refused === 'limitReached'))
        return redirectWithLtik(res, ctx.ltik, modulePath(r.slug));
      if ('refused' in out) return sendRefusal(req, res, l, r.slug, out);
      renderDrawn(req, res, ctx, r.slug, out);
    });

  /** The module's own quiz (not drawn from the bank), as it always was. */
  async function openOwnQuiz(
    req: Request,
    res: Response,
    ctx: PageContext,
    r: NonNullable<Awaited<ReturnType<typeof resolve>>>,
  ) {
    const l = ctx.locale;
    const view = await openModule(deps, r.learner, r.slug, gradeTarget(ctx.launch, r.slug));
    if (!view) return notFound(req, res, l);
    if (!view.content.quiz?.questions.length) return sendStandardError(req, res, deps.render, l, 'notFound');
    const rule = view.content.completionRule;
    renderPage(req, res, deps.render, ctx, 'module-quiz', {
      title: `${t(l, 'quiz.title')} · ${view.content.title[l]}`,
      isLearner: r.isLearner,
      module: { title: view.content.title[l], href: modulePath(r.slug) },
      action: modulePath(r.slug, '/quiz'),
      passPercent: rule.kind === 'pages' ? undefined : rule.passPercent,
      best: view.state.bestQuizPercent,
      questions: quizModel(view.content, l),
      completion: completionModel(view, l),
    });
  }

  router.get('/app/modules/:slug/quiz', openDrawn('post'));
  router.get('/app/modules/:slug/pretest', openDrawn('pre'));

  // A submitted attempt's result, for its learner only: a reload, the back button and the language switch show
  // it again and write nothing.
  router.get(
    '/app/modules/:slug/quiz/attempts/:attempt',
    requireRole(deps, anyRole, async (req, res, ctx) => {
      const r = await resolve(req, res, ctx);
      if (!r) return;
      const attempt = attemptField.safeParse(req.params.attempt);
      const view = attempt.success
        ? await viewDrawnResult(deps, r.learner, r.slug, attempt.data)
        : ('not-found' as const);
      if (view === 'not-found') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      renderDrawn(req, res, ctx, r.slug, view, {
        result: view.result,
        answers: view.answers,
        standing: view.standing,
      });
    }),
  );

  router.post(
    '/app/modules/:slug/quiz',
    express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 500 }),
    requireRole(deps, anyRole, async (req, res, ctx) => {
      const r = await resolve(req, res, ctx);
      if (!r) return;
      const l = ctx.locale;
      const { ltik: _ltik, attempt: attemptRaw, ...fields } = (req.body ?? {}) as Record<string, unknown>;
      const parsed = answersSchema.safeParse(fields);
      const attempt = attemptRaw === undefined ? undefined : attemptField.safeParse(attemptRaw);
      if (!parsed.success || (attempt && !attempt.success))
        return sendStandardError(req, res, deps.render, l, 'badRequest');
      const answers: number[][] = [];
      for (const [name, value] of Object.entries(parsed.data)) {
        answers[Number(name.slice(1))] = (Array.isArray(value) ? value : [value]).map(Number);
      }
      for (let i = 0; i < answers.length; i += 1) answers[i] ??= [];
      if (attempt?.success) {
        // An attempt at a drawn quiz or pre-test: scored against the questions it drew, once.
        if (!r.isLearner) return sendStandardError(req, res, deps.render, l, 'forbidden');
        const out = await submitDrawnQuiz(
          deps,
          r.learner,
          r.slug,
          attempt.data,
          answers,
          gradeTarget(ctx.launch, r.slug),
        );
        if (out === 'not-found') return notFound(req, res, l);
        if (out === 'not-drawn' || out === 'attemptClosed')
          return sendRefusal(req, res, l, r.slug, 'attemptClosed');
        // Post/redirect/get: the result at an address of its own.
        return redirectWithLtik(res, ctx.ltik, resultPath(r.slug, out.attempt.id));
      }
      if (!r.isLearner) {
        // Preview: score it, record nothing.
        const view = await previewQuiz(deps, r.learner, r.slug, answers);
        if (view === 'not-found') return notFound(req, res, l);
        return renderResult(req, res, ctx, r.slug, view, view.result, answers, true);
      }
      const out = await submitQuiz(deps, r.learner, r.slug, answers, gradeTarget(ctx.launch, r.slug));
      if (out === 'not-found') return notFound(req, res, l);
      if (out === 'no-quiz') return sendStandardError(req, res, deps.render, l, 'notFound');
      renderResult(req, res, ctx, r.slug, out, out.result, answers, false);
    }),
  );

  function renderResult(
    req: Request,
    res: Response,
    ctx: PageContext,
    slug: string,
    view: ModuleView,
    result: { percent: number; correctCount: number; questions: Array<{ correct: boolean }> },
    answers: number[][],
    preview: boolean,
  ) {
    const l = ctx.locale;
    const rule = view.content.completionRule;
    const passPercent = rule.kind === 'pages' ? undefined : rule.passPercent;
    renderPage(req, res, deps.render, ctx, 'module-quiz', {
      title: `${t(l, 'quiz.result')} · ${view.content.title[l]}`,
      isLearner: !preview,
      module: { title: view.content.title[l], href: modulePath(slug) },
      action: modulePath(slug, '/quiz'),
      passPercent,
      best: view.state.bestQuizPercent,
      result: {
        percent: result.percent,
        correct: result.correctCount,
        total: result.questions.length,
        passed: passPercent === undefined ? undefined : result.percent >= passPercent,
      },
      questions: quizModel(
        view.content,
        l,
        answers,
        result.questions.map((q) => q.correct),
      ),
      completion: completionModel(view, l),
    });
  }

  return router;
}

/** "Only in English": a module written in one language shows that language's text whatever the interface's. */
function languageNote(l: Locale, languages: readonly ContentLanguage[]): string | undefined {
  const only = languages[0];
  return only === undefined || languages.includes(l)
    ? undefined
    : t(l, 'module.onlyIn', { language: t(l, `lang.${only}`) });
}
