import { isolated } from '../bidi';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { personIdSchema } from '../../shared/id-schemas';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { PlanInput, PlanItem, PlanLine, PlanProblem, PlanStatus } from '../../domain/development/plan';
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type { Framework } from '../../domain/framework/framework';
import type { Learner, StoredPlan } from '../../use-cases/ports';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { learnerAndFramework } from '../learner-context';
import { savePlan } from '../../use-cases/save-plan';
import { agreePlan } from '../../use-cases/agree-plan';
import { sendBackPlan } from '../../use-cases/send-back-plan';
import { getLearnerPlan, getPlan, type PlanView } from '../../use-cases/get-plan';
import { sendDutyRefusal } from '../refusals';
import { splitChart } from '../view-models/split-chart.view-model';
import {
  formErrors,
  NO_ERRORS,
  zodProblems,
  type FieldProblem,
  type FormErrors,
  type FormField,
} from '../form-errors';

const fyQuery = z.object({ fy: fiscalYearSchema.optional().catch(undefined) });
const personParam = personIdSchema;
const reviewVersion = z.object({ version: z.coerce.number().int().positive() });
/** The supervisor's choices, every field checked in one pass (form-errors.ts); messages are i18n keys. */
const reviewForm = z
  .object({
    decision: z.enum(['agreed', 'commented'], { error: 'plan.supervisor.error.decision' }),
    comment: z.string().trim().max(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'commented' && v.comment === '')
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'plan.supervisor.commentRequired' });
  });
const saveMeta = z.object({
  fy: fiscalYearSchema,
  basedOn: z.coerce.number().int().min(0),
});

/** The plan's buckets, in the order the form and the comparison show them. */
const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];

const planProblem = (p: PlanProblem): FieldProblem => ({
  field: p.field,
  key: `plan.problem.${p.code}`,
  params: p.params as Record<string, string | number> | undefined,
});

/** The plan form's fields in page order: per skill set, per 70/20/10 bucket, its hours and its activities. */
function planFormFields(l: Locale, f: Framework): FormField[] {
  const first = f.skillSets[0]?.code;
  return [
    { field: 'plan', id: 'plan', href: first ? `#h-${first}-70` : undefined, label: t(l, 'plan.field.plan') },
    ...f.skillSets.flatMap((s) =>
      CATEGORIES.flatMap((cat): FormField[] => [
        {
          field: `plan.${s.code}.h${cat}`,
          id: `h-${s.code}-${cat}`,
          label: `${s.name[l]} — ${t(l, `plan.bucket.${cat}`)} — ${t(l, 'plan.hours')}`,
        },
        {
          field: `plan.${s.code}.a${cat}`,
          id: `a-${s.code}-${cat}`,
          label: `${s.name[l]} — ${t(l, `plan.bucket.${cat}`)} — ${t(l, 'plan.activities')}`,
        },
        {
          field: `plan.${s.code}.z${cat}`,
          id: `z-${s.code}-${cat}`,
          label: `${s.name[l]} — ${t(l, `plan.bucket.${cat}`)} — ${t(l, 'plan.field.horizon')}`,
        },
      ]),
    ),
  ];
}

/** The supervisor's decision form, in page order. */
const reviewFormFields = (l: Locale): FormField[] => [
  { field: 'decision', id: 'decision', href: '#decision-agreed', label: t(l, 'plan.supervisor.decision') },
  { field: 'comment', id: 'comment', label: t(l, 'plan.supervisor.commentLabel') },
];

/** Whose page a plan's status is shown on: the learner reads "your supervisor", the supervisor "your decision". */
type Viewer = 'learner' | 'supervisor';
const statusKey = (viewer: Viewer, status: PlanStatus): TranslationKey =>
  viewer === 'learner' ? `plan.status.${status}` : `plan.reviewStatus.${status}`;

/** The supervisor's decisions on a plan, newest first. */
const reviewLines = (l: Locale, plan: StoredPlan | undefined, viewer: Viewer) =>
  (plan?.reviews ?? [])
    .slice()
    .reverse()
    .map((r) => ({
      version: r.planVersion,
      label: t(l, statusKey(viewer, r.decision)),
      comment: r.comment,
      by: r.reviewerName ?? t(l, 'approvals.anonymous'),
      when: formatDate(l, r.at),
    }));

/** Individual development plans: the learner writes one per fiscal year, the supervisor agrees or comments. */
export function planRoutes(deps: PageDeps): Router {
  const router = express.Router();

  const statusView = (l: Locale, plan: PlanView['plan'], viewer: Viewer) => {
    if (!plan) return undefined;
    const s = plan.status;
    return { code: s.status, label: t(l, statusKey(viewer, s.status)), comment: s.comment };
  };

  const comparison = (l: Locale, f: Framework, items: readonly PlanItem[], lines: readonly PlanLine[]) =>
    lines.map((line) => ({
      name: f.skillSets.find((s) => s.code === line.skillSet)?.name[l] ?? line.skillSet,
      planned: line.planned,
      actual: line.actual,
      percent: line.percent,
      activities: items.find((i) => i.skillSet === line.skillSet)?.activities,
    }));

  async function renderLearnerPlan(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: { learner: Learner; f: Framework; fiscalYear?: FiscalYear },
    status: number,
    form?: { values: Record<string, string>; problems: PlanProblem[]; conflict?: boolean },
  ) {
    const l = ctx.locale;
    const {
      plan,
      comparison: lines,
      yearChoices,
      fiscalYear,
      split,
    } = await getPlan(deps, { learner: c.learner, fiscalYear: c.fiscalYear });
    const errors = form ? formErrors(l, planFormFields(l, c.f), form.problems.map(planProblem)) : NO_ERRORS;
    const valueOf = (skillSet: string, kind: 'h' | 'a' | 'z', cat: LearningCategory): string => {
      if (form) return form.values[`plan.${skillSet}.${kind}${cat}`] ?? '';
      const item = plan?.items.find((i) => i.skillSet === skillSet);
      if (!item) return kind === 'z' ? 'current' : '';
      if (kind === 'z') return item.horizons?.[cat] ?? (item.hours[cat] ? '' : 'current');
      return kind === 'h' ? (item.hours[cat] ? String(item.hours[cat]) : '') : item.activities[cat];
    };
    // Each skill set is a disclosure: all open to write a first plan, closed once saved (their summaries say what
    // is planned), open where the form came back with a problem.
    const hasError = (code: string) =>
      Object.keys(errors.fields).some((field) => field.startsWith(`plan.${code}.`));
    const plannedOf = (code: string) => plan?.items.find((i) => i.skillSet === code);
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'plan',
      {
        title: t(l, 'plan.title'),
        fiscalYear,
        years: yearChoices.map((y) => ({ value: y, selected: y === fiscalYear })),
        saved: req.query.saved === '1' && !form,
        conflict: form?.conflict,
        errors,
        basedOn: plan?.version ?? 0,
        version: plan?.version,
        savedAt: plan ? formatDate(l, plan.savedAt) : undefined,
        status: statusView(l, plan, 'learner'),
        split: split
          ? splitChart(l, split, 'seventyThirty.planTitle', 'plan-split', 'seventyThirty.planned')
          : undefined,
        skillSets: c.f.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          open: !plan || form?.conflict === true || hasError(s.code),
          summary: (() => {
            const item = plannedOf(s.code);
            if (!item) return t(l, 'plan.item.empty');
            const total = CATEGORIES.reduce((sum, cat) => sum + item.hours[cat], 0);
            const parts = CATEGORIES.filter((cat) => item.hours[cat] > 0).map(
              (cat) => `${cat}: ${item.hours[cat]}`,
            );
            return `${t(l, 'plan.item.summary', { hours: Math.round(total * 100) / 100 })} (${parts.join(', ')})`;
          })(),
          buckets: CATEGORIES.map((cat) => ({
            cat,
            label: t(l, `plan.bucket.${cat}`),
            hours: valueOf(s.code, 'h', cat),
            activities: valueOf(s.code, 'a', cat),
            hoursError: errors.fields[`plan.${s.code}.h${cat}`],
            activitiesError: errors.fields[`plan.${s.code}.a${cat}`],
            horizonError: errors.fields[`plan.${s.code}.z${cat}`],
            horizons: (['current', 'future', ''] as const).map((h) => ({
              value: h,
              label: t(l, `horizon.short.${h || 'unstated'}`),
              selected: valueOf(s.code, 'z', cat) === h,
            })),
          })),
        })),
        comparison: plan ? comparison(l, c.f, plan.items, lines) : [],
        reviews: reviewLines(l, plan, 'learner'),
      },
      status,
    );
  }

  router.get(
    '/app/plan',
    requireRole(deps, ['learner'], async (req, res, ctx) => {
      const c = await learnerAndFramework(deps, req, res, ctx);
      if (!c) return;
      const fiscalYear = fyQuery.parse(req.query).fy;
      await renderLearnerPlan(req, res, ctx, { learner: c.learner, f: c.stored.framework, fiscalYear }, 200);
    }),
  );

  router.post(
    '/app/plan',
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }),
    requireRole(deps, ['learner'], async (req, res, ctx) => {
      const c = await learnerAndFramework(deps, req, res, ctx);
      if (!c) return;
      const meta = saveMeta.safeParse(req.body);
      if (!meta.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const body = req.body as Record<string, unknown>;
      const values: Record<string, string> = {};
      const input: PlanInput = {};
      for (const [key, value] of Object.entries(body)) {
        const m = /^plan\.([A-Za-z0-9_-]{1,40})\.([haz])(70|20|10)$/.exec(key);
        if (!m || typeof value !== 'string') continue;
        values[key] = value;
        const cat = Number(m[3]) as LearningCategory;
        const entry = (input[m[1]!] ??= { hours: {}, activities: {}, horizons: {} });
        if (m[2] === 'h') entry.hours[cat] = value;
        else if (m[2] === 'a') entry.activities[cat] = value;
        else (entry.horizons ??= {})[cat] = value;
      }
      const f = c.stored.framework;
      const target = { learner: c.learner, f, fiscalYear: meta.data.fy };
      const saved = await savePlan(deps, {
        learner: c.learner,
        framework: c.stored,
        fiscalYear: meta.data.fy,
        basedOn: meta.data.basedOn,
        plan: input,
      });
      if (typeof saved === 'object')
        return renderLearnerPlan(req, res, ctx, target, 422, { values, problems: saved.problems });
      if (saved === 'conflict')
        return renderLearnerPlan(req, res, ctx, target, 409, { values, problems: [], conflict: true });
      redirectWithLtik(res, ctx.ltik, `/app/plan?fy=${meta.data.fy}&saved=1`);
    }),
  );

  /** The supervisor in their course and the learner asked for; the 404 page when either is missing. */
  async function supervisor(req: Request, res: Response, ctx: PageContext) {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    const person = personParam.safeParse(req.params.person);
    if (!me || me.contextId === undefined || !person.success) {
      sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      return undefined;
    }
    return { me: { ...me, contextId: me.contextId, lms: lmsOf(ctx.launch) }, personId: person.data };
  }

  async function renderSupervisorView(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: NonNullable<Awaited<ReturnType<typeof supervisor>>>,
    fiscalYear: FiscalYear | undefined,
    status: number,
    form?: { errors?: FormErrors; conflict?: boolean; comment?: string; decision?: string },
  ) {
    const l = ctx.locale;
    // Another course's learners are not the supervisor's to see.
    const view = await getLearnerPlan(deps, { viewer: c.me, personId: c.personId, fiscalYear });
    if (!view) return sendStandardError(req, res, deps.render, l, 'notFound');
    const { learner: who, plan } = view;
    const f = view.framework.framework;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'learner-plan',
      {
        title: t(l, 'plan.supervisor.title', { name: isolated(who.name ?? t(l, 'approvals.anonymous')) }),
        name: who.name ?? t(l, 'approvals.anonymous'),
        action: `/app/learners/${who.personId}/plan`,
        fiscalYear: view.fiscalYear,
        years: view.yearChoices.map((y) => ({
          value: y,
          selected: y === view.fiscalYear,
        })),
        saved: req.query.saved === '1' && !form,
        errors: form?.errors ?? NO_ERRORS,
        conflict: form?.conflict,
        comment: form?.comment ?? '',
        decision: form ? form.decision : 'agreed',
        // One's own plan is shown without the decision form: another supervisor decides.
        own: view.own,
        plan: plan
          ? {
              version: plan.version,
              savedAt: formatDate(l, plan.savedAt),
              status: statusView(l, plan, 'supervisor'),
              lines: comparison(l, f, plan.items, view.comparison),
            }
          : undefined,
        reviews: reviewLines(l, plan, 'supervisor'),
      },
      status,
    );
  }

  router.get(
    '/app/learners/:person/plan',
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const c = await supervisor(req, res, ctx);
      if (!c) return;
      await renderSupervisorView(req, res, ctx, c, fyQuery.parse(req.query).fy, 200);
    }),
  );

  router.post(
    '/app/learners/:person/plan',
    express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 }),
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const c = await supervisor(req, res, ctx);
      if (!c) return;
      const fy = saveMeta.pick({ fy: true }).safeParse(req.body);
      const v = reviewVersion.safeParse(req.body);
      // The year and version are the page's own (hidden) fields: without them there is no form to answer with.
      if (!fy.success || !v.success)
        return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
      // What was chosen and typed comes back as it was.
      const values = { decision: text('decision'), comment: text('comment') };
      const parsed = reviewForm.safeParse(values);
      if (!parsed.success)
        return renderSupervisorView(req, res, ctx, c, fy.data.fy, 422, {
          errors: formErrors(ctx.locale, reviewFormFields(ctx.locale), zodProblems(parsed.error.issues)),
          ...values,
        });
      const decision = {
        reviewer: c.me,
        personId: c.personId,
        fiscalYear: fy.data.fy,
        version: v.data.version,
      };
      const outcome =
        parsed.data.decision === 'agreed'
          ? await agreePlan(deps, { ...decision, comment: parsed.data.comment || undefined })
          : await sendBackPlan(deps, { ...decision, comment: parsed.data.comment });
      if (outcome === 'notFound') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      if ('refused' in outcome) return sendDutyRefusal(req, res, deps.render, ctx.locale, outcome.refused);
      if (!outcome.recorded)
        return renderSupervisorView(req, res, ctx, c, fy.data.fy, 409, {
          conflict: true,
          comment: values.comment,
          decision: parsed.data.decision,
        });
      redirectWithLtik(res, ctx.ltik, `/app/learners/${c.personId}/plan?fy=${fy.data.fy}&saved=1`);
    }),
  );

  return router;
}
