import { entryIdSchema, personIdSchema } from '../../shared/id-schemas';
import { entryId, type ContextId, type EntryId, type PersonId, type TenantId } from '../../shared/ids';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, formatDateTime, hasKey, t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { FrameworkStore, GradeOutbox, GradeRow, Learner, LedgerStore } from '../../use-cases/ports';
import {
  approvalQueue,
  correctEntry,
  overrideTarget,
  reviewLoggedLearning,
} from '../../use-cases/learning-record';
import { reviewFlagText } from '../view-models/review-flags.view-model';
import { mayReview } from '../../domain/review/separation-of-duties';
import { requireRole, type PageContext, type SessionDeps } from '../middleware/require-role';
import { sendErrorPage, sendPage, sendStandardError } from '../pages';
import {
  formErrors,
  NO_ERRORS,
  zodProblems,
  type FieldProblem,
  type FormErrors,
  type FormField,
} from '../form-errors';
import { entryNotes } from '../view-models/entry-notes.view-model';
import { correctionBlock } from '../../domain/learning-record/ledger';
import { switchLanguageUrl } from './landing';
import { sendDutyRefusal } from '../refusals';
import { targetFormFields } from '../target-form';

/**
 * Why a grade is not delivered, in the instructor's language: its failure cause; for grades that failed before
 * causes were kept, its rejection (or nothing: the page shows the technical detail).
 */
function failureSentence(l: Locale, r: GradeRow): string | undefined {
  if (r.failureCause && hasKey(l, `grades.cause.${r.failureCause}`))
    return t(l, `grades.cause.${r.failureCause}`);
  if (r.rejection) return t(l, `grades.rejection.${r.rejection}`);
  return r.failureCause ? t(l, 'grades.cause.unknown') : undefined;
}

export interface CourseDeps extends SessionDeps {
  ledger: LedgerStore;
  outbox: GradeOutbox;
  frameworks: FrameworkStore;
  learnerOf(launch: LaunchContext, tenantId: TenantId): Promise<Learner | undefined>;
  /** A write changed what counts in these records: judge eligibility again (first-eligible dates for reports). */
  recordChanged?(
    tenantId: TenantId,
    contextId: ContextId,
    changed: { entryIds?: EntryId[]; personIds?: PersonId[] },
  ): Promise<void>;
}

const ids = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^\d{1,15}$/)
          .transform((v) => entryId(Number(v))),
      )
      .min(1)
      .max(500),
  );
/** A decision on entries, every field checked in one pass (form-errors.ts); messages are i18n keys. */
const reviewForm = z
  .object({
    entry: z.unknown().transform((v, ctx) => {
      const parsed = ids.safeParse(v);
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: 'custom',
        message: v === undefined ? 'approvals.error.none' : 'approvals.error.invalid',
      });
      return z.NEVER;
    }),
    decision: z.enum(['approve', 'reject'], { error: 'approvals.error.decision' }),
    comment: z.string().trim().max(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && v.comment === '')
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'approvals.error.reason' });
  });
const overrideForm = z.object({
  person: personIdSchema,
  group: z.string().max(40).catch(''),
  stage: z.string().max(40).catch(''),
});

/** The instructor's view of their course: approvals, grade delivery, and the learners' target groups. */
export function courseRoutes(deps: CourseDeps): Router {
  const router = express.Router();
  const staff = ['instructor', 'admin'] as const;

  /** Every course page needs the course of the launch; without one there is nothing to show. */
  async function course(req: Request, res: Response, ctx: PageContext) {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!me || me.contextId === undefined) {
      sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      return undefined;
    }
    return { me, contextId: me.contextId };
  }

  async function renderApprovals(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: { me: Learner; contextId: ContextId },
    status: number,
    notice?: string,
    form?: { errors: FormErrors; entries: string[]; comment: string },
  ) {
    const l = ctx.locale;
    const [items, stored] = await Promise.all([
      approvalQueue(deps, ctx.tenantId, c.contextId),
      deps.frameworks.forTenant(ctx.tenantId),
    ]);
    const skillSetName = new Map(stored.framework.skillSets.map((s) => [s.code, s.name[l]]));
    const own = (personId: PersonId) => !mayReview(c.me, { tenantId: ctx.tenantId, personId });
    sendPage(res, deps.render, status, 'approvals', {
      locale: l,
      title: t(l, 'approvals.title'),
      ltik: ctx.ltik,
      langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
      course: ctx.launch.context?.title ?? ctx.launch.context?.label,
      notice,
      errors: form?.errors ?? NO_ERRORS,
      comment: form?.comment ?? '',
      // The decision buttons only when something here is someone else's.
      decidable: items.some((i) => !own(i.personId)),
      items: items.map((i) => ({
        id: i.entryId,
        own: own(i.personId),
        // What was ticked stays ticked when the form comes back with problems.
        checked: form?.entries.includes(String(i.entryId)) ?? false,
        person: i.personName ?? t(l, 'approvals.anonymous'),
        type: t(l, `activity.type.${i.activityType}`),
        title: i.title,
        dateText: formatDate(l, new Date(`${i.occurredOn}T12:00:00+07:00`)),
        category: i.category,
        hours: i.hours,
        skillSets: i.skillHours
          .map((s) => `${skillSetName.get(s.skillSet) ?? s.skillSet} (${s.hours})`)
          .join(', '),
        reflection: i.reflection,
        evidenceUrl: i.evidenceUrl,
        flags: i.flags.map((f) => ({
          code: f.code,
          text: reviewFlagText(l, f, t(l, `activity.type.${i.activityType}`)),
        })),
      })),
    });
  }

  router.get(
    '/app/approvals',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const done = typeof req.query.done === 'string' ? Number(req.query.done) : undefined;
      const notice =
        done !== undefined && Number.isInteger(done)
          ? t(ctx.locale, req.query.decision === 'reject' ? 'approvals.rejected' : 'approvals.approved', {
              count: done,
            })
          : undefined;
      await renderApprovals(req, res, ctx, c, 200, notice);
    }),
  );

  router.post(
    '/app/approvals',
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 600 }),
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const comment = typeof body.comment === 'string' ? body.comment : '';
      const form = reviewForm.safeParse({ ...body, comment });
      if (!form.success) {
        const items = await approvalQueue(deps, ctx.tenantId, c.contextId);
        const first = items.find((i) => mayReview(c.me, { tenantId: ctx.tenantId, personId: i.personId }));
        const fields: FormField[] = [
          {
            field: 'entry',
            id: 'entries',
            href: first ? `#entry-${first.entryId}` : undefined,
            label: t(l, 'approvals.field.entries'),
          },
          { field: 'comment', id: 'comment', label: t(l, 'approvals.comment') },
          {
            field: 'decision',
            id: 'decision',
            href: '#decision-approve',
            label: t(l, 'approvals.field.decision'),
          },
        ];
        return renderApprovals(req, res, ctx, c, 422, undefined, {
          errors: formErrors(l, fields, zodProblems(form.error.issues)),
          entries: ([] as unknown[])
            .concat(body.entry ?? [])
            .filter((e): e is string => typeof e === 'string'),
          comment,
        });
      }
      const { entry, decision } = form.data;
      const outcome = await reviewLoggedLearning(
        deps,
        { ...c.me, contextId: c.contextId },
        entry,
        decision === 'approve' ? 'approved' : 'rejected',
        form.data.comment || undefined,
      );
      if ('refused' in outcome) return sendDutyRefusal(req, res, deps.render, l, outcome.refused);
      const decided = outcome.decided;
      if (decision === 'approve' && decided.length)
        await deps.recordChanged?.(ctx.tenantId, c.contextId, { entryIds: decided });
      res.redirect(
        303,
        `/app/approvals?done=${decided.length}&decision=${decision}&ltik=${encodeURIComponent(ctx.ltik)}`,
      );
    }),
  );

  router.get(
    '/app/grades',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const rows = await deps.outbox.forContext(ctx.tenantId, c.contextId);
      sendPage(res, deps.render, 200, 'grades', {
        locale: l,
        title: t(l, 'grades.title'),
        ltik: ctx.ltik,
        langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
        course: ctx.launch.context?.title ?? ctx.launch.context?.label,
        counts: (['pending', 'failing', 'delivered', 'rejected'] as const).map((s) => ({
          status: s,
          label: t(l, `grades.status.${s}`),
          count: rows.filter((r) => r.status === s).length,
        })),
        rows: rows.map((r) => ({
          person: r.personName ?? t(l, 'approvals.anonymous'),
          module: r.moduleTitle[l],
          score: r.scoreGiven,
          status: r.status,
          statusLabel: t(l, `grades.status.${r.status}`),
          attempts: r.attempts,
          lastError: r.status === 'delivered' ? undefined : r.lastError,
          cause: r.status === 'delivered' ? undefined : failureSentence(l, r),
          when: formatDate(l, r.deliveredAt ?? r.createdAt),
          nextAttempt: r.status === 'failing' ? formatDateTime(l, r.nextAttemptAt) : undefined,
        })),
      });
    }),
  );

  /** The course's learners; `problem` when one learner's target form came back with problems (422). */
  async function renderLearners(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: { me: Learner; contextId: ContextId },
    status: number,
    problem?: { personId: number; errors: FormErrors; values: { group: string; stage: string } },
  ) {
    const l = ctx.locale;
    const [learners, stored] = await Promise.all([
      deps.ledger.courseLearners(ctx.tenantId, c.contextId),
      deps.frameworks.forTenant(ctx.tenantId),
    ]);
    const f = stored.framework;
    sendPage(res, deps.render, status, 'learners', {
      locale: l,
      title: t(l, 'learners.title'),
      ltik: ctx.ltik,
      langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
      saved: req.query.saved === '1' && !problem,
      errors: problem?.errors ?? NO_ERRORS,
      learners: learners.map((p) => {
        // What was chosen comes back as it was; a choice that is not the framework's leaves "choose" selected.
        const mine = problem?.personId === p.personId ? problem : undefined;
        const group = mine ? mine.values.group : p.targetGroup;
        const stage = mine ? mine.values.stage : p.targetStage;
        return {
          id: p.personId,
          // One's own group is chosen on one's own progress page, not overridden from here.
          own: !mayReview(c.me, { tenantId: ctx.tenantId, personId: p.personId }),
          name: p.name ?? t(l, 'approvals.anonymous'),
          groups: f.targetGroups.map((g) => ({ code: g.code, name: g.name[l], selected: g.code === group })),
          stages: f.stages.map((s) => ({ code: s.code, name: s.name[l], selected: s.code === stage })),
          hasTarget: Boolean(p.targetGroup),
          chooseGroup: !p.targetGroup || mine?.errors.fields.group !== undefined,
          chooseStage: !p.targetStage || mine?.errors.fields.stage !== undefined,
          errors: mine?.errors.fields ?? {},
          recordHref: `/app/learners/${p.personId}/record`,
          planHref: `/app/learners/${p.personId}/plan`,
        };
      }),
    });
  }

  router.get(
    '/app/learners',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      await renderLearners(req, res, ctx, c, 200);
    }),
  );

  router.post(
    '/app/learners/target',
    express.urlencoded({ extended: false, limit: '4kb' }),
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const form = overrideForm.safeParse(req.body);
      if (!form.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      // Only a learner of this course: an id from elsewhere is not found here.
      const learner = await deps.ledger.courseLearner({
        tenantId: ctx.tenantId,
        contextId: c.contextId,
        personId: form.data.person,
      });
      if (!learner) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const stored = await deps.frameworks.forTenant(ctx.tenantId);
      const outcome = await overrideTarget(
        deps,
        c.me,
        { tenantId: ctx.tenantId, personId: form.data.person },
        stored.framework,
        form.data,
      );
      if ('refused' in outcome) return sendDutyRefusal(req, res, deps.render, ctx.locale, outcome.refused);
      if (outcome.problems.length > 0)
        return renderLearners(req, res, ctx, c, 422, {
          personId: form.data.person,
          values: { group: form.data.group, stage: form.data.stage },
          errors: formErrors(
            ctx.locale,
            targetFormFields(
              ctx.locale,
              `-${form.data.person}`,
              learner.name ?? t(ctx.locale, 'approvals.anonymous'),
            ),
            outcome.problems.map((p) => ({ field: p.field, key: `target.problem.${p.code}` })),
          ),
        });
      res.redirect(303, `/app/learners?saved=1&ltik=${encodeURIComponent(ctx.ltik)}`);
    }),
  );

  /** A correction as posted: the button pressed, then the fields, each checked in one pass (form-errors.ts). */
  const correctionAction = z.object({ action: z.enum(['correct', 'reverse']) });
  // The hours matter only to a correction (correctedHours); a reversal keeps the entry's values.
  const correctionFields = z.object({
    category: z.enum(['70', '20', '10', ''], { error: 'form.error.invalid' }),
    reason: z
      .string()
      .trim()
      .min(1, { error: 'correction.error.reason' })
      .max(1000, { error: 'record.error.tooLong' }),
  });
  const correctedHours = z
    .string()
    .trim()
    .regex(/^\d{1,4}([.,]\d{1,2})?$/, { error: 'record.error.hoursFormat' })
    .transform((h) => Number(h.replace(',', '.')))
    .refine((h) => h > 0 && h <= 1000, { error: 'record.error.hoursFormat' });

  /** The fields of one entry's correction form, in page order. */
  const correctionFormFields = (l: Locale, entryId: number): FormField[] => [
    { field: 'hours', id: `hours-${entryId}`, label: t(l, 'record.field.hours') },
    { field: 'category', id: `category-${entryId}`, label: t(l, 'record.field.category') },
    { field: 'reason', id: `reason-${entryId}`, label: t(l, 'correction.reason') },
  ];

  async function renderRecord(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: { me: Learner; contextId: ContextId },
    personId: PersonId,
    status: number,
    problem?: { entryId: number; errors: FormErrors; values: Record<string, string> },
  ) {
    const l = ctx.locale;
    const learner = await deps.ledger.courseLearner({
      tenantId: ctx.tenantId,
      contextId: c.contextId,
      personId,
    });
    if (!learner) return sendStandardError(req, res, deps.render, l, 'notFound');
    const entries = await deps.ledger.courseEntriesOf({
      tenantId: ctx.tenantId,
      contextId: c.contextId,
      personId,
    });
    // One's own record is shown without the correction forms: someone else corrects it.
    const own = !mayReview(c.me, { tenantId: ctx.tenantId, personId });
    sendPage(res, deps.render, status, 'learner-record', {
      locale: l,
      title: t(l, 'correction.title', { name: learner.name ?? t(l, 'approvals.anonymous') }),
      ltik: ctx.ltik,
      langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
      name: learner.name ?? t(l, 'approvals.anonymous'),
      saved: req.query.saved === '1',
      own,
      errors: problem?.errors ?? NO_ERRORS,
      entries: entries.map((e) => {
        const mine = problem?.entryId === e.id ? problem : undefined;
        const title = e.moduleTitle ? e.moduleTitle[l] : e.title;
        return {
          id: e.id,
          action: `/app/learners/${personId}/record/${e.id}`,
          title,
          dateText: formatDate(l, new Date(`${e.occurredOn}T12:00:00+07:00`)),
          category: e.category,
          hours: e.hours,
          status: e.reversed ? 'reversed' : e.status,
          statusLabel: t(l, e.reversed ? 'record.status.reversed' : `record.status.${e.status}`),
          corrected: e.corrected,
          ...entryNotes(e),
          // Rejected and reversed entries are final: no correction form (the server refuses one too).
          canCorrect: !own && correctionBlock(e) === undefined,
          // The form opens on demand; it stands open only when it came back with problems.
          open: mine !== undefined,
          toggleLabel: t(l, 'correction.open', { title }),
          errors: mine?.errors.fields ?? {},
          values: mine?.values ?? { hours: String(e.hours), reason: '' },
          categories: (['70', '20', '10'] as const).map((c) => ({
            value: c,
            selected: (mine?.values.category || String(e.category)) === c,
          })),
        };
      }),
    });
  }

  router.get(
    '/app/learners/:person/record',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const person = personIdSchema.safeParse(req.params.person);
      if (!person.success) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      await renderRecord(req, res, ctx, c, person.data, 200);
    }),
  );

  router.post(
    '/app/learners/:person/record/:entry',
    express.urlencoded({ extended: false, limit: '8kb' }),
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const person = personIdSchema.safeParse(req.params.person);
      const entry = entryIdSchema.safeParse(req.params.entry);
      const action = correctionAction.safeParse(req.body);
      if (!person.success || !entry.success) return sendStandardError(req, res, deps.render, l, 'notFound');
      if (!action.success) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
      // What was typed comes back as it was typed.
      const values = { hours: text('hours'), category: text('category'), reason: text('reason') };
      const fields = correctionFields.safeParse(values);
      const problems: FieldProblem[] = fields.success ? [] : zodProblems(fields.error.issues);
      const hours = correctedHours.safeParse(values.hours);
      if (action.data.action === 'correct' && !hours.success)
        problems.push(...zodProblems(hours.error.issues).map((p) => ({ ...p, field: 'hours' })));
      if (problems.length > 0 || !fields.success)
        return renderRecord(req, res, ctx, c, person.data, 422, {
          entryId: entry.data,
          errors: formErrors(l, correctionFormFields(l, entry.data), problems),
          values,
        });
      const f = fields.data;
      // Only learners of this course, and only entries recorded in it.
      if (
        !(await deps.ledger.courseLearner({
          tenantId: ctx.tenantId,
          contextId: c.contextId,
          personId: person.data,
        }))
      )
        return sendStandardError(req, res, deps.render, l, 'notFound');
      const outcome = await correctEntry(deps, c.me, {
        contextId: c.contextId,
        personId: person.data,
        entryId: entry.data,
        kind: action.data.action === 'reverse' ? 'reversal' : 'correction',
        hours: action.data.action === 'correct' && hours.success ? hours.data : undefined,
        category: f.category === '' ? undefined : (Number(f.category) as 70 | 20 | 10),
        reason: f.reason,
      });
      if ('refused' in outcome) return sendDutyRefusal(req, res, deps.render, l, outcome.refused);
      if ('notCorrectable' in outcome)
        return sendErrorPage(req, res, deps.render, l, {
          status: 409,
          heading: t(l, 'correction.final.title'),
          message: t(l, `correction.final.${outcome.notCorrectable}`),
        });
      if (outcome.written === undefined) return sendStandardError(req, res, deps.render, l, 'notFound');
      await deps.recordChanged?.(ctx.tenantId, c.contextId, { personIds: [person.data] });
      res.redirect(303, `/app/learners/${person.data}/record?saved=1&ltik=${encodeURIComponent(ctx.ltik)}`);
    }),
  );

  return router;
}
