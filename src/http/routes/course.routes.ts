import { isolated } from '../bidi';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { entryIdSchema, personIdSchema } from '../../shared/id-schemas';
import { entryId, type ContextId, type PersonId } from '../../shared/ids';
import { formatDate, formatDateTime, isTranslationKey, t, type Locale } from '../../i18n/i18n';
import type { GradeRow, Learner } from '../../use-cases/ports';
import { getApprovalQueue } from '../../use-cases/get-approval-queue';
import { reviewEntries } from '../../use-cases/review-entries';
import { correctEntry } from '../../use-cases/correct-entry';
import { reverseEntry } from '../../use-cases/reverse-entry';
import { setLearnerTarget } from '../../use-cases/set-learner-target';
import { agreeTarget } from '../../use-cases/agree-target';
import { stageLine } from '../view-models/stage-line.view-model';
import { getCourseLearners } from '../../use-cases/get-course-learners';
import { getLearnerRecord } from '../../use-cases/get-learner-record';
import { officialResultsTable } from '../view-models/official-import.view-model';
import { eligibilityCertificateYear, listLearnersCertificates } from '../../use-cases/certificates';
import { learnersCertificateLinks } from './certificates.routes';
import { getCourseGrades } from '../../use-cases/get-course-grades';
import { reviewFlagText } from '../view-models/review-flags.view-model';
import { activityTypeName } from '../view-models/activity-type.view-model';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import {
  formErrors,
  NO_ERRORS,
  zodProblems,
  type FieldProblem,
  type FormErrors,
  type FormField,
} from '../form-errors';
import { entryNotes } from '../view-models/entry-notes.view-model';
import { evidenceLinks } from '../view-models/evidence.view-model';

import { parseHours } from '../../shared/hours-text';
import { sendDutyRefusal } from '../refusals';
import { targetFormFields } from '../target-form';
import { pagerView } from '../pager';

/** A page of the learner record's entries (1-based); anything else is the first. */
const pageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);
/** After a correction: the entry whose page to show again. */
const entryQuery = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);

/**
 * Why a grade is not delivered, in the instructor's language: its failure cause; for grades that failed before
 * causes were kept, its rejection (or nothing: the page shows the technical detail).
 */
function failureSentence(l: Locale, r: GradeRow): string | undefined {
  // The cause is read from the database: a cause this version has no sentence for gets the general one.
  const cause = r.failureCause && `grades.cause.${r.failureCause}`;
  if (cause && isTranslationKey(cause)) return t(l, cause);
  if (r.rejection) return t(l, `grades.rejection.${r.rejection}`);
  return r.failureCause ? t(l, 'grades.cause.unknown') : undefined;
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
/** The group the instructor saw proposed: a proposal changed meanwhile is not agreed unseen. */
const agreeForm = z.object({ person: personIdSchema, group: z.string().min(1).max(40) });

/** The instructor in their course, as the course's use cases take them. */
type Course = { me: Learner & { contextId: ContextId }; contextId: ContextId };

/** The instructor's view of their course: approvals, grade delivery, and the learners' target groups. */
export function courseRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const staff = ['instructor', 'admin'] as const;

  /** Every course page needs the course of the launch; without one there is nothing to show. */
  async function course(req: Request, res: Response, ctx: PageContext) {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!me || me.contextId === undefined) {
      sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      return undefined;
    }
    return { me: { ...me, contextId: me.contextId, lms: lmsOf(ctx.launch) }, contextId: me.contextId };
  }

  async function renderApprovals(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: Course,
    status: number,
    notice?: string,
    form?: { errors: FormErrors; entries: string[]; comment: string },
  ) {
    const l = ctx.locale;
    const { items, framework: stored } = await getApprovalQueue(deps, c.me);
    const skillSetName = new Map(stored.framework.skillSets.map((s) => [s.code, s.name[l]]));
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'approvals',
      {
        title: t(l, 'approvals.title'),
        course: ctx.launch.context?.title ?? ctx.launch.context?.label,
        notice,
        errors: form?.errors ?? NO_ERRORS,
        comment: form?.comment ?? '',
        // The decision buttons only when something here is someone else's.
        decidable: items.some((i) => !i.own),
        items: items.map((i) => ({
          id: i.entryId,
          own: i.own,
          // What was ticked stays ticked when the form comes back with problems.
          checked: form?.entries.includes(String(i.entryId)) ?? false,
          person: i.personName ?? t(l, 'approvals.anonymous'),
          type: activityTypeName(l, i.activityType),
          title: i.title,
          dateText: formatDate(l, new Date(`${i.occurredOn}T12:00:00+07:00`)),
          category: i.category,
          hours: i.hours,
          skillSets: i.skillHours
            .map((s) => `${skillSetName.get(s.skillSet) ?? s.skillSet} (${s.hours})`)
            .join(', '),
          reflection: i.reflection,
          evidenceUrl: i.evidenceUrl,
          evidence: evidenceLinks(l, i.evidence),
          flags: i.flags.map((f) => ({
            code: f.code,
            text: reviewFlagText(l, f, activityTypeName(l, i.activityType)),
          })),
        })),
      },
      status,
    );
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
        const { items } = await getApprovalQueue(deps, c.me);
        const first = items.find((i) => !i.own);
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
      const outcome = await reviewEntries(deps, {
        reviewer: c.me,
        entryIds: entry,
        decision: decision === 'approve' ? 'approved' : 'rejected',
        comment: form.data.comment || undefined,
      });
      if ('refused' in outcome) return sendDutyRefusal(req, res, deps.render, l, outcome.refused);
      const decided = outcome.decided;
      redirectWithLtik(res, ctx.ltik, `/app/approvals?done=${decided.length}&decision=${decision}`);
    }),
  );

  router.get(
    '/app/grades',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const { rows, counts } = await getCourseGrades(deps, {
        tenantId: ctx.tenantId,
        contextId: c.contextId,
      });
      renderPage(req, res, deps.render, ctx, 'grades', {
        title: t(l, 'grades.title'),
        course: ctx.launch.context?.title ?? ctx.launch.context?.label,
        counts: counts.map((x) => ({
          status: x.status,
          label: t(l, `grades.status.${x.status}`),
          count: x.count,
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
    c: Course,
    status: number,
    problem?: { personId: number; errors: FormErrors; values: { group: string; stage: string } },
  ) {
    const l = ctx.locale;
    const { learners, framework: stored, stage } = await getCourseLearners(deps, c.me);
    const f = stored.framework;
    const agreed = req.query.agreed === '1' && !problem;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'learners',
      {
        title: t(l, 'learners.title'),
        saved: req.query.saved === '1' && !problem,
        agreed,
        stageLine: stageLine(l, f, stage),
        chooseOwnStage: stage.inForce === undefined,
        errors: problem?.errors ?? NO_ERRORS,
        learners: learners.map((p) => {
          // What was chosen comes back as it was; a choice that is not the framework's leaves "choose" selected.
          const mine = problem?.personId === p.personId ? problem : undefined;
          const group = mine ? mine.values.group : p.targetGroup;
          const stage = mine ? mine.values.stage : p.targetStage;
          return {
            id: p.personId,
            own: p.own,
            name: p.name ?? t(l, 'approvals.anonymous'),
            groups: f.targetGroups.map((g) => ({
              code: g.code,
              name: g.name[l],
              selected: g.code === group,
            })),
            stages: f.stages.map((s) => ({ code: s.code, name: s.name[l], selected: s.code === stage })),
            hasTarget: Boolean(p.targetGroup),
            // A learner's own proposal, waiting for an instructor of one of their courses to agree.
            proposed:
              p.targetGroup && p.targetState === 'proposed'
                ? {
                    group: p.targetGroup,
                    name: f.targetGroups.find((g) => g.code === p.targetGroup)?.name[l] ?? p.targetGroup,
                  }
                : undefined,
            chooseGroup: !p.targetGroup || mine?.errors.fields.group !== undefined,
            chooseStage: !p.targetStage || mine?.errors.fields.stage !== undefined,
            errors: mine?.errors.fields ?? {},
            recordHref: `/app/learners/${p.personId}/record`,
            planHref: `/app/learners/${p.personId}/plan`,
          };
        }),
      },
      status,
    );
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
      const outcome = await setLearnerTarget(deps, {
        actor: c.me,
        personId: form.data.person,
        choice: { group: form.data.group, stage: form.data.stage },
      });
      // Only a learner of this course: an id from elsewhere is not found here.
      if (outcome === 'notFound') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
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
              outcome.learnerName ?? t(ctx.locale, 'approvals.anonymous'),
            ),
            outcome.problems.map((p) => ({ field: p.field, key: `target.problem.${p.code}` })),
          ),
        });
      redirectWithLtik(res, ctx.ltik, `/app/learners?saved=1`);
    }),
  );

  router.post(
    '/app/learners/agree',
    express.urlencoded({ extended: false, limit: '4kb' }),
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await course(req, res, ctx);
      if (!c) return;
      const form = agreeForm.safeParse(req.body);
      if (!form.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const outcome = await agreeTarget(deps, {
        actor: c.me,
        personId: form.data.person,
        group: form.data.group,
      });
      if (outcome === 'notFound') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      if (outcome !== 'agreed') {
        const l = ctx.locale;
        return sendErrorPage(req, res, deps.render, l, {
          status: outcome.refused === 'OWN_TARGET' ? 403 : 409,
          heading: t(l, 'learners.title'),
          message: t(l, `targetGroup.refused.${outcome.refused}`),
        });
      }
      redirectWithLtik(res, ctx.ltik, `/app/learners?agreed=1`);
    }),
  );

  /** A correction as posted: the button pressed, then the fields, each checked in one pass (form-errors.ts). */
  const correctionAction = z.object({ action: z.enum(['correct', 'reverse']) });
  // The hours matter only to a correction (correctedHours); a reversal keeps the entry's values.
  const correctionFields = z.object({
    category: z.enum(['70', '20', '10', ''], { error: 'form.error.invalid' }),
    horizon: z.enum(['current', 'future', ''], { error: 'record.problem.HORIZON_INVALID' }),
    lectureShare: z
      .string()
      .trim()
      .regex(/^(\d{1,2}|100)?$/, { error: 'record.problem.LECTURE_SHARE_INVALID' }),
    reason: z
      .string()
      .trim()
      .min(1, { error: 'correction.error.reason' })
      .max(1000, { error: 'record.error.tooLong' }),
  });
  const correctedHours = z
    .string()
    .trim()
    .transform((h) => parseHours(h) ?? Number.NaN)
    .refine((h) => h > 0 && h <= 1000, { error: 'record.error.hoursFormat' });

  /** The fields of one entry's correction form, in page order. */
  const correctionFormFields = (l: Locale, entryId: number): FormField[] => [
    { field: 'hours', id: `hours-${entryId}`, label: t(l, 'record.field.hours') },
    { field: 'category', id: `category-${entryId}`, label: t(l, 'record.field.category') },
    { field: 'horizon', id: `horizon-${entryId}`, label: t(l, 'record.field.horizon') },
    { field: 'lectureShare', id: `lectureShare-${entryId}`, label: t(l, 'record.field.lectureShare') },
    { field: 'reason', id: `reason-${entryId}`, label: t(l, 'correction.reason') },
  ];

  async function renderRecord(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: Course,
    personId: PersonId,
    status: number,
    problem?: { entryId: number; errors: FormErrors; values: Record<string, string> },
  ) {
    const l = ctx.locale;
    const [record, completions] = await Promise.all([
      getLearnerRecord(deps, {
        viewer: c.me,
        personId,
        page: pageQuery.parse(req.query.page ?? 1),
        entryId: problem?.entryId ?? entryQuery.parse(req.query.entry),
      }),
      listLearnersCertificates(deps, { viewer: c.me, personId }),
    ]);
    if (!record) return sendStandardError(req, res, deps.render, l, 'notFound');
    // One's own record is shown without the correction forms: someone else corrects it.
    const { learner, entries, own, gains, summary, official, lastSelfAssessment } = record;
    const mix = summary.mix;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'learner-record',
      {
        title: t(l, 'correction.title', { name: isolated(learner.name ?? t(l, 'approvals.anonymous')) }),
        name: learner.name ?? t(l, 'approvals.anonymous'),
        saved: req.query.saved === '1',
        own,
        // The same certificates the learner's progress lists (eligibility certificates of this fiscal year first).
        certificates: learnersCertificateLinks(
          l,
          personId,
          summary.eligibility.filter((r) => r.verdict.eligible).map((r) => r.assessment),
          eligibilityCertificateYear(deps),
          completions ?? { completions: [], withdrawn: [] },
        ),
        gains: gains.map((g) => ({
          module: g.moduleTitle[l],
          pre: g.pre,
          post: g.post === undefined ? t(l, 'gain.notYet') : String(g.post),
          gain: g.post === undefined ? '' : g.gain === undefined ? '—' : g.gain.toFixed(2),
        })),
        official: officialResultsTable(l, official, lastSelfAssessment),
        errors: problem?.errors ?? NO_ERRORS,
        summary: {
          hours: summary.hours,
          pendingCount: summary.pendingCount,
          mixText: t(l, 'learnerRecord.mixValue', { a: mix[70], b: mix[20], c: mix[10] }),
          eligibility: summary.eligibility.map((r) => ({
            code: r.assessment.code,
            name: r.assessment.name[l],
            eligible: r.verdict.eligible,
            firstEligible: r.firstEligibleAt ? formatDate(l, r.firstEligibleAt) : undefined,
          })),
        },
        countText: t(l, 'learnerRecord.entries.count', { count: record.count }),
        pager: pagerView(l, record, (n) => `/app/learners/${personId}/record?page=${n}`),
        entries: entries.map((e) => {
          const mine = problem?.entryId === e.id ? problem : undefined;
          const title = e.moduleTitle ? e.moduleTitle[l] : e.title;
          return {
            id: e.id,
            occurredOn: e.occurredOn,
            action: `/app/learners/${personId}/record/${e.id}`,
            title,
            dateText: formatDate(l, new Date(`${e.occurredOn}T12:00:00+07:00`)),
            category: e.category,
            hours: e.hours,
            status: e.reversed ? 'reversed' : e.status,
            statusLabel: t(l, e.reversed ? 'record.status.reversed' : `record.status.${e.status}`),
            corrected: e.corrected,
            ...entryNotes(e),
            evidence: evidenceLinks(l, e.evidence),
            // Rejected and reversed entries are final: no correction form (the server refuses one too).
            canCorrect: e.canCorrect,
            // The form opens on demand; it stands open only when it came back with problems.
            open: mine !== undefined,
            toggleLabel: t(l, 'correction.open', { title }),
            errors: mine?.errors.fields ?? {},
            values: mine?.values ?? {
              hours: String(e.hours),
              reason: '',
              lectureShare: e.lectureShare === undefined ? '' : String(e.lectureShare),
            },
            horizonText: t(l, `horizon.short.${e.horizon ?? 'unstated'}`),
            ...(e.lectureShare !== undefined
              ? {
                  lectureText: t(l, e.lectureHeavy ? 'lecture.heavy' : 'lecture.share', {
                    share: e.lectureShare,
                  }),
                  lectureHeavy: e.lectureHeavy,
                }
              : {}),
            horizons: (['', 'current', 'future'] as const).map((h) => ({
              value: h,
              label: t(l, `horizon.short.${h || 'unstated'}`),
              selected: (mine ? mine.values.horizon : (e.horizon ?? '')) === h,
            })),
            categories: (['70', '20', '10'] as const).map((c) => ({
              value: c,
              selected: (mine?.values.category || String(e.category)) === c,
            })),
          };
        }),
      },
      status,
    );
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
      const values = {
        hours: text('hours'),
        category: text('category'),
        horizon: text('horizon'),
        lectureShare: text('lectureShare'),
        reason: text('reason'),
      };
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
      const amendment = {
        actor: c.me,
        personId: person.data,
        entryId: entry.data,
        category: f.category === '' ? undefined : (Number(f.category) as 70 | 20 | 10),
        reason: f.reason,
      };
      const outcome =
        action.data.action === 'correct' && hours.success
          ? await correctEntry(deps, {
              ...amendment,
              hours: hours.data,
              ...(f.horizon ? { horizon: f.horizon } : {}),
              ...(f.lectureShare ? { lectureShare: Number(f.lectureShare) } : {}),
            })
          : await reverseEntry(deps, amendment);
      if (typeof outcome === 'object' && 'problems' in outcome)
        return renderRecord(req, res, ctx, c, person.data, 422, {
          entryId: entry.data,
          errors: formErrors(
            l,
            correctionFormFields(l, entry.data),
            outcome.problems.map((p) => ({
              field: p.field,
              key: `record.problem.${p.code}`,
              params: p.params,
            })),
          ),
          values,
        });
      // Only learners of this course, and only entries recorded in it.
      if (outcome === 'notFound') return sendStandardError(req, res, deps.render, l, 'notFound');
      if ('refused' in outcome) return sendDutyRefusal(req, res, deps.render, l, outcome.refused);
      if ('notCorrectable' in outcome)
        return sendErrorPage(req, res, deps.render, l, {
          status: 409,
          heading: t(l, 'correction.final.title'),
          message: t(l, `correction.final.${outcome.notCorrectable}`),
        });
      // Back to the page that holds the entry, not the first of many.
      redirectWithLtik(res, ctx.ltik, `/app/learners/${person.data}/record?saved=1&entry=${entry.data}`);
    }),
  );

  return router;
}
