import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import type {
  FollowUpAnswerProblem,
  FollowUpModuleResult,
  FollowUpPart,
  FollowUpRole,
} from '../../domain/evaluation/follow-up';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { entryId, type EntryId } from '../../shared/ids';
import { answerFollowUp, openFollowUp, type OpenedFollowUp } from '../../use-cases/answer-follow-up';
import { getFollowUpResults } from '../../use-cases/get-follow-up-results';
import { getFollowUpsToAnswer, type FollowUpToAnswer } from '../../use-cases/get-follow-ups';
import { sendCsv } from '../csv';
import { formErrors, NO_ERRORS, zodProblems, type FieldProblem, type FormField } from '../form-errors';
import { lmsOf } from '../lms-origin';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import type { FollowUpListRow, FollowUpPage, FollowUpResultView } from '../view-models/follow-ups.view-model';

/** "Follow-ups to answer": where the notification and the home page lead. */
export const FOLLOW_UPS_PATH = '/app/follow-ups';
const RESULTS_PATH = '/app/organisation/follow-ups';
const EVERYONE = ['learner', 'instructor', 'admin'] as const;
/** The longest free text the form takes (the domain refuses longer, FOLLOW_UP_COMMENT_MAX). */
const COMMENT_MAX = 2000;

const params = z.object({
  entry: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  role: z.enum(['learner', 'supervisor']),
});
const pageQuery = z.object({ done: z.enum(['thanks']).optional().catch(undefined) });
const yearQuery = z.object({ fy: fiscalYearSchema.optional().catch(undefined) });

const day = (l: Locale, iso: string) => formatDate(l, new Date(`${iso}T12:00:00+07:00`));
const questionnairePath = (id: number, role: FollowUpRole) => `${FOLLOW_UPS_PATH}/${id}/${role}`;

/** The answer form, as zod reads it from the questionnaire's part: one point of the scale per item, a free text. */
function answerSchema(part: FollowUpPart, scale: readonly number[]) {
  const points = scale.map(String) as [string, ...string[]];
  return z.object({
    ...Object.fromEntries(
      part.items.map((item) => [
        item.code,
        z.enum(points, { error: 'followUp.error.rating' }).transform(Number),
      ]),
    ),
    comment: z.string().max(COMMENT_MAX).optional(),
  });
}

/** The form's fields in page order: each item's group (linked to its first point) and the free text. */
function answerFields(l: Locale, part: FollowUpPart, firstPoint: number): FormField[] {
  return [
    ...part.items.map((item) => ({
      field: item.code,
      id: item.code,
      href: `#${item.code}-${firstPoint}`,
      label: item.text[l],
    })),
    { field: 'comment', id: 'comment', label: part.comment[l] },
  ];
}

const domainProblem = (p: FollowUpAnswerProblem): FieldProblem =>
  p.code === 'tooLong'
    ? { field: p.field, key: 'form.error.tooLong', params: { max: COMMENT_MAX } }
    : { field: p.field, key: 'followUp.error.rating' };

function listRow(l: Locale, f: FollowUpToAnswer): FollowUpListRow {
  const c = f.completion;
  return {
    module: c.moduleTitle[l],
    ...(f.role === 'supervisor' && c.learnerName ? { learner: c.learnerName } : {}),
    ...(c.contextTitle ? { course: c.contextTitle } : {}),
    completedOn: day(l, c.completedOn),
    closesOn: day(l, f.closesOn),
    href: questionnairePath(c.entryId, f.role),
  };
}

function resultView(l: Locale, m: FollowUpModuleResult): FollowUpResultView {
  const rate = (answered: number, r: number | undefined) =>
    t(l, 'followUp.results.rate', { answered, due: m.due, rate: r === undefined ? '—' : `${r}%` });
  return {
    id: `module-${m.moduleId}`,
    title: m.title[l],
    due: m.due,
    learners: rate(m.learnerAnswered, m.learnerRate),
    supervisors: rate(m.supervisorAnswered, m.supervisorRate),
    items: m.items.map((i) => ({
      code: i.code,
      role: t(l, `followUp.role.${i.role}`),
      text: i.text[l],
      mean: i.mean === undefined ? '—' : i.mean.toFixed(2),
      n: i.n,
    })),
  };
}

/**
 * Follow-up evaluation (issue 19 item 3): everyone's list of follow-ups to answer, the questionnaire of one
 * completion in one role (the learner's own, or a supervisor's for a learner of their course), and the committee's
 * results per module and fiscal year for administrators, with its CSV.
 */
export function followUpRoutes(deps: PageDeps): Router {
  const router = express.Router();

  async function me(req: Request, res: Response, ctx: PageContext) {
    const person = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!person) sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
    return person;
  }

  router.get(
    FOLLOW_UPS_PATH,
    requireRole(deps, EVERYONE, async (req, res, ctx) => {
      const person = await me(req, res, ctx);
      if (!person) return;
      const l = ctx.locale;
      const { mine, supervised } = await getFollowUpsToAnswer(deps, {
        tenantId: ctx.tenantId,
        personId: person.personId,
      });
      renderPage(req, res, deps.render, ctx, 'follow-ups', {
        title: t(l, 'followUp.list.title'),
        mine: mine.map((f) => listRow(l, f)),
        supervised: supervised.map((f) => listRow(l, f)),
        none: mine.length === 0 && supervised.length === 0,
      });
    }),
  );

  /** The questionnaire page in its state: the form (with errors), thanks, already answered, not open. */
  function renderQuestionnaire(
    req: Request,
    res: Response,
    ctx: PageContext,
    opened: OpenedFollowUp,
    o: {
      status?: number;
      values?: Record<string, string>;
      problems?: FieldProblem[];
      notice?: 'thanks' | 'already';
    },
  ) {
    const l = ctx.locale;
    const { completion: c, part, questionnaire: q, state, role, answered } = opened;
    const scale = q.scale.map((p) => p.value);
    const errors = o.problems?.length
      ? formErrors(l, answerFields(l, part, scale[0]!), o.problems)
      : NO_ERRORS;
    const values = o.values ?? {};
    const title =
      role === 'learner'
        ? t(l, 'followUp.title.learner', { title: c.moduleTitle[l] })
        : t(l, 'followUp.title.supervisor', {
            title: c.moduleTitle[l],
            name: c.learnerName ?? t(l, 'notifications.someone'),
          });
    let notice: FollowUpPage['notice'];
    if (o.notice === 'thanks' && answered?.own)
      notice = { text: t(l, 'followUp.thanks'), testid: 'follow-up-thanks' };
    else if (o.notice === 'already') notice = { text: t(l, 'followUp.already'), testid: 'follow-up-already' };
    else if (answered && !answered.own)
      notice = { text: t(l, 'followUp.answeredByOther'), testid: 'follow-up-answered-by-other' };
    else if (!answered && state.state === 'notYet')
      notice = { text: t(l, 'followUp.notYet', { date: day(l, state.dueOn) }), testid: 'follow-up-not-yet' };
    else if (!answered && state.state === 'closed')
      notice = { text: t(l, 'followUp.closed'), testid: 'follow-up-closed' };
    else if (!answered && state.state === 'none')
      notice = { text: t(l, 'followUp.none'), testid: 'follow-up-none' };
    const own = answered?.own;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'follow-up',
      {
        title,
        intro: part.intro[l],
        completedOn: t(l, 'followUp.completedOn', { date: day(l, c.completedOn) }),
        ...(c.contextTitle ? { course: c.contextTitle } : {}),
        source: t(l, 'followUp.source', { source: q.source[l] }),
        ...(notice ? { notice } : {}),
        ...(!answered && state.state === 'open'
          ? {
              form: {
                action: questionnairePath(c.entryId, role),
                legend: t(l, 'followUp.scale'),
                items: part.items.map((item) => ({
                  code: item.code,
                  text: item.text[l],
                  error: errors.fields[item.code],
                  options: q.scale.map((p) => ({
                    id: `${item.code}-${p.value}`,
                    value: String(p.value),
                    label: `${p.value} · ${p.label[l]}`,
                    checked: values[item.code] === String(p.value),
                  })),
                })),
                comment: {
                  label: part.comment[l],
                  value: values.comment ?? '',
                  error: errors.fields.comment,
                },
              },
            }
          : {}),
        errors,
        ...(own
          ? {
              own: {
                answeredOn: t(l, 'followUp.answeredOn', { date: formatDate(l, own.answeredAt) }),
                items: part.items.map((item) => {
                  const v = own.ratings[item.code];
                  const point = q.scale.find((p) => p.value === v);
                  return { text: item.text[l], value: point ? `${point.value} · ${point.label[l]}` : '—' };
                }),
                ...(own.comment ? { comment: { label: part.comment[l], text: own.comment } } : {}),
              },
            }
          : {}),
      },
      o.status,
    );
  }

  /** The completion and role of the path, opened for the person (or the error page sent). */
  async function opened(req: Request, res: Response, ctx: PageContext) {
    const p = params.safeParse(req.params);
    if (!p.success) return void sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
    const person = await me(req, res, ctx);
    if (!person) return undefined;
    const id: EntryId = entryId(p.data.entry);
    const found = await openFollowUp(deps, {
      tenantId: ctx.tenantId,
      personId: person.personId,
      entryId: id,
      role: p.data.role,
    });
    if (found === 'notFound' || found === 'forbidden')
      return void sendStandardError(req, res, deps.render, ctx.locale, found);
    return { person, id, found };
  }

  router.get(
    `${FOLLOW_UPS_PATH}/:entry/:role`,
    requireRole(deps, EVERYONE, async (req, res, ctx) => {
      const o = await opened(req, res, ctx);
      if (!o) return;
      renderQuestionnaire(req, res, ctx, o.found, { notice: pageQuery.parse(req.query).done });
    }),
  );

  router.post(
    `${FOLLOW_UPS_PATH}/:entry/:role`,
    express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }),
    requireRole(deps, EVERYONE, async (req, res, ctx) => {
      const o = await opened(req, res, ctx);
      if (!o) return;
      const { found } = o;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(
        Object.entries(body).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'ltik',
        ),
      );
      const scale = found.questionnaire.scale.map((p) => p.value);
      const form = answerSchema(found.part, scale).safeParse(values);
      if (!form.success)
        return renderQuestionnaire(req, res, ctx, found, {
          status: 422,
          values,
          problems: zodProblems(form.error.issues),
        });
      const { comment, ...ratings } = form.data as Record<string, number> & { comment?: string };
      const outcome = await answerFollowUp(
        deps,
        { tenantId: ctx.tenantId, personId: o.person.personId, lms: lmsOf(ctx.launch) },
        { entryId: o.id, role: found.role, answer: { ratings, ...(comment ? { comment } : {}) } },
      );
      if (outcome === 'saved')
        return redirectWithLtik(res, ctx.ltik, `${questionnairePath(o.id, found.role)}?done=thanks`);
      if (outcome === 'notFound' || outcome === 'forbidden')
        return sendStandardError(req, res, deps.render, ctx.locale, outcome);
      if (outcome === 'alreadyAnswered' || outcome === 'notOpen') {
        // Nothing written: the page as it stands now, saying so.
        const again = await openFollowUp(deps, {
          tenantId: ctx.tenantId,
          personId: o.person.personId,
          entryId: o.id,
          role: found.role,
        });
        if (typeof again === 'string') return sendStandardError(req, res, deps.render, ctx.locale, again);
        return renderQuestionnaire(req, res, ctx, again, {
          status: 409,
          ...(outcome === 'alreadyAnswered' ? { notice: 'already' as const } : {}),
        });
      }
      renderQuestionnaire(req, res, ctx, found, {
        status: 422,
        values,
        problems: outcome.problems.map(domainProblem),
      });
    }),
  );

  router.get(
    RESULTS_PATH,
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const {
        fiscalYear,
        questionnaire: q,
        modules,
      } = await getFollowUpResults(deps, ctx.tenantId, yearQuery.parse(req.query).fy);
      const low = q.scale[0]!;
      const high = q.scale[q.scale.length - 1]!;
      renderPage(req, res, deps.render, ctx, 'organisation-follow-ups', {
        title: t(l, 'followUp.results.title', { year: fiscalYear }),
        fiscalYear,
        previousHref: `${RESULTS_PATH}?fy=${fiscalYear - 1}`,
        nextHref: `${RESULTS_PATH}?fy=${fiscalYear + 1}`,
        csvHref: `${RESULTS_PATH}.csv?fy=${fiscalYear}`,
        scale: t(l, 'followUp.results.scale', {
          min: low.value,
          minLabel: low.label[l],
          max: high.value,
          maxLabel: high.label[l],
        }),
        modules: modules.map((m) => resultView(l, m)),
      });
    }),
  );

  router.get(
    `${RESULTS_PATH}.csv`,
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const { fiscalYear, modules } = await getFollowUpResults(
        deps,
        ctx.tenantId,
        yearQuery.parse(req.query).fy,
      );
      // One line per module and item: the module's response figures repeated, then the item's mean and n.
      const header = [
        t(l, 'followUp.csv.fiscalYear'),
        t(l, 'followUp.csv.module'),
        t(l, 'followUp.csv.due'),
        t(l, 'followUp.csv.learnerAnswered'),
        t(l, 'followUp.csv.learnerRate'),
        t(l, 'followUp.csv.supervisorAnswered'),
        t(l, 'followUp.csv.supervisorRate'),
        t(l, 'followUp.csv.role'),
        t(l, 'followUp.csv.item'),
        t(l, 'followUp.csv.text'),
        t(l, 'followUp.csv.mean'),
        t(l, 'followUp.csv.n'),
      ];
      const rows = modules.flatMap((m) =>
        m.items.map((i) => [
          fiscalYear,
          m.title[l],
          m.due,
          m.learnerAnswered,
          m.learnerRate,
          m.supervisorAnswered,
          m.supervisorRate,
          t(l, `followUp.role.${i.role}`),
          i.code,
          i.text[l],
          i.mean === undefined ? '' : i.mean.toFixed(2),
          i.n,
        ]),
      );
      sendCsv(res, `follow-up-results-${fiscalYear}.csv`, header, rows);
    }),
  );

  return router;
}
