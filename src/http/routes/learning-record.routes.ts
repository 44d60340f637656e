import { areaGroups } from '../view-models/area-hours.view-model';
import express, { type Request, type Response, type Router } from 'express';
import { parseHours } from '../../shared/hours-text';
import { z } from 'zod';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { eraOf, formatDate, monthNames, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { Framework } from '../../domain/framework/framework';
import type { ActivityType } from '../../domain/learning-record/activity-types';
import type { Learner } from '../../use-cases/ports';
import { missingItems } from '../view-models/eligibility.view-model';
import { activityTypeName } from '../view-models/activity-type.view-model';
import { getProgress } from '../../use-cases/get-progress';
import { getRecordHistory } from '../../use-cases/get-record-history';
import { officialResultsTable } from '../view-models/official-import.view-model';
import { eligibilityCertificateYear, listCertificates } from '../../use-cases/certificates';
import { assessmentCertificateLinks, ownCertificateLinks } from './certificates.routes';
import { setOwnTarget } from '../../use-cases/set-own-target';
import { restateHorizon } from '../../use-cases/restate-horizon';
import { entryIdSchema } from '../../shared/id-schemas';
import {
  activityCategory,
  entryToLogAgain,
  loggedActivityProblems,
  logLearning,
  openLogForm,
} from '../../use-cases/log-learning';
import { requestSecondGroup } from '../../use-cases/request-second-group';
import { stageForTargets } from '../../use-cases/get-stage-in-force';
import { stageLine } from '../view-models/stage-line.view-model';
import {
  formErrors,
  NO_ERRORS,
  zodProblems,
  type FieldProblem,
  type FormErrors,
  type FormField,
} from '../form-errors';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { pagerView } from '../pager';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import { HISTORY_HREF } from '../navigation';
import { mixChart } from '../view-models/mix-chart.view-model';
import { splitChart } from '../view-models/split-chart.view-model';
import { learnerAndFramework } from '../learner-context';
import { formatTypedDate, parseTypedDate, yearInEra, type TypedDateProblem } from '../../shared/typed-date';
import { entryNotes } from '../view-models/entry-notes.view-model';
import { targetFormFields } from '../target-form';
import { createEvidenceReader } from '../evidence-upload';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import { containsControlCharacters } from '../../shared/control-characters';
import { evidenceLinks, fileSizeText } from '../view-models/evidence.view-model';

const fiscalYearQuery = fiscalYearSchema.optional().catch(undefined);
const pageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);
const targetForm = z.object({ group: z.string().max(40).catch(''), stage: z.string().max(40).catch('') });
const secondGroupForm = z.object({ secondGroup: z.string().max(40).catch('') });
/** An entry's horizon restated from the history; the year and page it was on come back with it. */
const restateForm = z.object({
  horizon: z.enum(['current', 'future']),
  fy: fiscalYearQuery,
  page: z.coerce.number().int().min(2).max(100_000).optional().catch(undefined),
});

const hoursText = z
  .string()
  .refine((s) => parseHours(s) !== undefined, { error: 'record.error.hoursFormat' });
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The log form as posted (every field present, '' when left empty): all fields are checked in one pass, so every
 * problem is reported at once, each against its field (form-errors.ts). Messages are i18n keys.
 */
const activityForm = z.object({
  /** Checked by the record's rules (record.problem.UNKNOWN_ACTIVITY_TYPE). */
  activityType: z.string(),
  title: z
    .string()
    .trim()
    .min(1, { error: 'record.error.required' })
    .max(200, { error: 'record.error.tooLong' }),
  /** The date as the learner typed it, in the era the page shows (the form's field); read by readOccurredOn. */
  occurredOnText: z.string().trim().max(40, { error: 'record.error.tooLong' }),
  /** An ISO date (Christian era), for clients that post the machine form instead of the typed field. */
  occurredOn: z.string().trim().max(10, { error: 'record.error.date' }),
  hours: hoursText,
  category: z.enum(['70', '20', '10', ''], { error: 'form.error.invalid' }),
  /** 70:30: what it serves; '' (not posted) is "not stated". */
  horizon: z.enum(['current', 'future', ''], { error: 'record.problem.HORIZON_INVALID' }),
  /** Training only: whole percent of lecture; the domain checks the range and the category. */
  lectureShare: z
    .string()
    .trim()
    .regex(/^\d{0,3}$/, { error: 'record.problem.LECTURE_SHARE_INVALID' }),
  reflection: z.string().trim().max(4000, { error: 'record.error.tooLong' }),
  evidenceUrl: z
    .string()
    .trim()
    .max(1000, { error: 'record.error.tooLong' })
    .refine((s) => s === '' || z.url({ protocol: /^https?$/ }).safeParse(s).success, {
      error: 'record.error.url',
    }),
});
type ActivityFormField = keyof z.infer<typeof activityForm>;
const ACTIVITY_FORM_FIELDS = Object.keys(activityForm.shape) as ActivityFormField[];

/** What the history page answers to; a progress address with any of them is the history's, from before it moved. */
const HISTORY_QUERY = ['fy', 'page', 'logged', 'restated', 'evidence'] as const;

/** What the history says after a restatement or a change of files, by the value its address carries. */
const HISTORY_NOTICES = {
  restated: { '1': 'restate.done', same: 'restate.unchanged' },
  evidence: { added: 'evidence.added', removed: 'evidence.removed' },
} as const satisfies Record<string, Record<string, TranslationKey>>;

const noticeOf = (l: Locale, notices: Readonly<Record<string, TranslationKey>>, value: unknown) =>
  typeof value === 'string' && Object.hasOwn(notices, value) ? t(l, notices[value]!) : undefined;

export function learningRecordRoutes(deps: PageDeps & { evidenceMaxBytes: number }): Router {
  const router = express.Router();
  const readEvidenceUpload = createEvidenceReader(deps.evidenceMaxBytes);
  const evidenceLimit = (l: Locale) => fileSizeText(l, deps.evidenceMaxBytes);
  const today = deps.today;
  const everyone = ['learner', 'instructor', 'admin'] as const;

  async function learnerContext(req: Request, res: Response, ctx: PageContext) {
    const found = await learnerAndFramework(deps, req, res, ctx);
    if (!found) return undefined;
    const framework = found.stored.framework;
    return { learner: found.learner, framework };
  }

  type ProgressContext = NonNullable<Awaited<ReturnType<typeof learnerContext>>>;

  /** The progress page; `targetForm` when the target group form came back with problems (422). */
  async function renderProgress(
    req: Request,
    res: Response,
    ctx: PageContext,
    c: ProgressContext,
    status: number,
    targetForm?: { values: { group?: string; stage?: string; secondGroup?: string }; errors: FormErrors },
  ) {
    const l = ctx.locale;
    const [view, completions] = await Promise.all([
      getProgress(deps, {
        learner: c.learner,
        framework: c.framework,
        withPlan: ctx.launch.role === 'learner',
      }),
      listCertificates(deps, c.learner),
    ]);
    const f = c.framework;
    const results = view.eligibility;
    const modules = view.modules;
    // The stage the learner's targets and expected role are read at: the organisation's once it announced one.
    const stage = stageForTargets(view.stage, c.learner.targetStage);
    const orgStage = view.stage.inForce !== undefined;
    const role =
      c.learner.targetGroup && stage
        ? f.expectedRoles.find((r) => r.group === c.learner.targetGroup && r.stage === stage)
        : undefined;
    const skillSetName = new Map(f.skillSets.map((s) => [s.code, s.name[l]]));
    const groupName = new Map(f.targetGroups.map((g) => [g.code, g.name[l]]));
    const stageName = new Map(f.stages.map((s) => [s.code, s.name[l]]));
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'progress',
      {
        title: t(l, 'progress.title'),
        certificates: [
          ...assessmentCertificateLinks(
            l,
            results.filter((r) => r.verdict.eligible).map((r) => r.assessment),
            eligibilityCertificateYear(deps),
            completions,
          ),
          ...ownCertificateLinks(l, completions),
        ],
        saved: req.query.saved === '1' && !targetForm,
        asked: req.query.asked === '1' && !targetForm,
        errors: targetForm?.errors ?? NO_ERRORS,
        plan: view.plan
          ? {
              year: view.plan.year,
              href: `/app/plan?fy=${view.plan.year}`,
              status: view.plan.status ? t(l, `plan.status.${view.plan.status}`) : undefined,
              statusCode: view.plan.status,
              lines: view.plan.lines.map((x) => ({
                name: skillSetName.get(x.skillSet) ?? x.skillSet,
                text: t(l, 'progress.plan.line', { planned: x.planned.total, actual: x.actual.total }),
                percent: x.percent,
                max: Math.max(x.planned.total, x.actual.total, 1),
                actual: x.actual.total,
              })),
            }
          : undefined,
        target: {
          group: c.learner.targetGroup,
          stage,
          groupName: c.learner.targetGroup && groupName.get(c.learner.targetGroup),
          stageName: stage && stageName.get(stage),
          setByInstructor: c.learner.targetSetByInstructor,
          role: role?.role[l],
          // What was chosen comes back as it was; a choice that is not the framework's leaves "choose" selected.
          chooseGroup: !c.learner.targetGroup || targetForm?.errors.fields.group !== undefined,
          chooseStage: !c.learner.targetStage || targetForm?.errors.fields.stage !== undefined,
          groups: f.targetGroups.map((g) => ({
            code: g.code,
            name: g.name[l],
            selected: g.code === (targetForm?.values.group ?? c.learner.targetGroup),
          })),
          stages: f.stages.map((s) => ({
            code: s.code,
            // Some frameworks name the years in the stage's own name (the seeds' wording): say them once.
            name: new RegExp(`${s.years.from}\\s*[-–]\\s*${s.years.to}`).test(s.name[l])
              ? s.name[l]
              : `${s.name[l]} (${t(l, 'progress.stageYears', { from: s.years.from, to: s.years.to })})`,
            selected: s.code === (targetForm?.values.stage ?? c.learner.targetStage),
          })),
          isDefault: view.targetsAreDefaults,
          // Closed once chosen (the summary line says it), open to choose, to fix, to see what was saved or asked,
          // and while a second target group waits for a decision.
          open:
            !c.learner.targetGroup ||
            !stage ||
            targetForm !== undefined ||
            req.query.saved === '1' ||
            req.query.asked === '1' ||
            view.secondGroup?.state === 'pending',
          stageLine: stageLine(l, f, view.stage),
          chooseOwnStage: !orgStage,
          state: c.learner.targetGroup
            ? {
                code: c.learner.targetState ?? 'agreed',
                label: t(l, `targetGroup.state.${c.learner.targetState ?? 'agreed'}`),
              }
            : undefined,
          second: view.secondGroup && {
            name: groupName.get(view.secondGroup.group) ?? view.secondGroup.group,
            code: view.secondGroup.state,
            label: t(l, `secondGroup.state.${view.secondGroup.state}`),
            reason: view.secondGroup.reason,
          },
          secondForm:
            c.learner.targetGroup && view.secondGroup?.state !== 'pending'
              ? {
                  open: targetForm?.errors.fields.secondGroup !== undefined,
                  groups: f.targetGroups
                    .filter((g) => g.code !== c.learner.targetGroup)
                    .map((g) => ({
                      code: g.code,
                      name: g.name[l],
                      selected: g.code === targetForm?.values.secondGroup,
                    })),
                }
              : undefined,
        },
        eligibility: results.map((r) => ({
          code: r.assessment.code,
          name: r.assessment.name[l],
          description: r.assessment.description[l],
          eligible: r.verdict.eligible,
          missing: missingItems(l, f, r.verdict, modules, { kind: 'learner' }),
          firstEligible: r.firstEligibleAt ? formatDate(l, r.firstEligibleAt) : undefined,
        })),
        eligibilityDefaults: view.eligibilityDefaults,
        official: officialResultsTable(l, view.official, view.lastSelfAssessment),
        totalHours: view.totals.hours,
        pendingCount: view.pendingCount,
        skillSets: view.skillSets.map((s) => ({
          code: s.code,
          name: skillSetName.get(s.code) ?? s.code,
          credited: s.credited,
          target: s.target,
          max: s.target ?? Math.max(s.credited, 1),
          percent: s.target ? Math.min(100, Math.round((s.credited / s.target) * 100)) : undefined,
          met: s.target !== undefined && s.credited >= s.target,
        })),
        areaGroups: areaGroups(l, f, view.areas),
        chart: mixChart(l, view.mix, view.targetMix, view.totals.byCategory),
        split: splitChart(l, view.seventyThirty, 'seventyThirty.title', 'progress-split'),
        historyCount: view.historyCount,
      },
      status,
    );
  }

  /** The record history, a page of its own: the entries of a fiscal year (or all), 20 a page, newest first. */
  async function renderHistory(req: Request, res: Response, ctx: PageContext, c: ProgressContext) {
    const l = ctx.locale;
    const fiscalYear = fiscalYearQuery.parse(req.query.fy);
    const view = await getRecordHistory(deps, {
      learner: c.learner,
      fiscalYear,
      page: pageQuery.parse(req.query.page ?? 1),
    });
    const pageHref = (n: number) => `${HISTORY_HREF}?${fiscalYear ? `fy=${fiscalYear}&` : ''}page=${n}`;
    renderPage(req, res, deps.render, ctx, 'record-history', {
      title: t(l, 'progress.history'),
      logged: req.query.logged === '1',
      restateNotice: noticeOf(l, HISTORY_NOTICES.restated, req.query.restated),
      evidenceNotice: noticeOf(l, HISTORY_NOTICES.evidence, req.query.evidence),
      historyReturn: { fy: fiscalYear, page: view.page > 1 ? view.page : undefined },
      fiscalYears: view.fiscalYears.map((y) => ({ value: y, selected: y === fiscalYear })),
      fiscalYear,
      historyCount: view.historyCount,
      pager: pagerView(l, { page: view.page, pages: view.pages, count: view.historyCount }, pageHref),
      history: view.history.map((e) => ({
        dateText: formatDate(l, new Date(`${e.occurredOn}T12:00:00+07:00`)),
        fiscalYear: e.fiscalYear,
        title: e.moduleTitle ? e.moduleTitle[l] : e.title,
        kind: e.source === 'module' ? t(l, 'record.source.module') : activityTypeName(l, e.activityType),
        category: e.category,
        hours: e.hours,
        status: e.reversed ? 'reversed' : e.status,
        statusLabel: t(l, e.reversed ? 'record.status.reversed' : `record.status.${e.status}`),
        corrected: e.corrected,
        horizon: t(l, `horizon.short.${e.horizon ?? 'unstated'}`),
        // The owner may say again what it served while it can count (not reversed, not rejected).
        ...(!e.reversed && e.status !== 'rejected'
          ? {
              restate: {
                unstated: e.horizon === undefined,
                options: (['current', 'future'] as const).map((h) => ({
                  value: h,
                  label: t(l, `horizon.short.${h}`),
                  selected: e.horizon === h,
                })),
              },
            }
          : {}),
        ...(e.lectureShare !== undefined
          ? {
              lecture: t(l, e.lectureHeavy ? 'lecture.heavy' : 'lecture.share', {
                share: e.lectureShare,
              }),
              lectureHeavy: e.lectureHeavy,
            }
          : {}),
        ...entryNotes(e),
        entryId: e.id,
        evidence: evidenceLinks(l, e.evidence),
        evidenceRoom: e.evidenceRoom,
        canChangeEvidence: e.source === 'activity' && e.status === 'pending' && !e.reversed && !e.corrected,
        // A rejection is final: the learner logs it again with what the reviewer asked for.
        logAgainHref:
          e.source === 'activity' && e.status === 'rejected' && !e.reversed
            ? `/app/record/new?again=${e.id}`
            : undefined,
      })),
    });
  }

  router.get(
    '/app/progress',
    requireRole(deps, everyone, async (req, res, ctx) => {
      // Bookmarks and forms from when the history was on this page lead to the history, with their year and page.
      const moved = new URLSearchParams();
      for (const key of HISTORY_QUERY) if (typeof req.query[key] === 'string') moved.set(key, req.query[key]);
      if (moved.size > 0) return redirectWithLtik(res, ctx.ltik, `${HISTORY_HREF}?${moved.toString()}`);
      const c = await learnerContext(req, res, ctx);
      if (!c) return;
      await renderProgress(req, res, ctx, c, 200);
    }),
  );

  router.get(
    HISTORY_HREF,
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await learnerContext(req, res, ctx);
      if (!c) return;
      await renderHistory(req, res, ctx, c);
    }),
  );

  router.post(
    '/app/progress/target',
    express.urlencoded({ extended: false, limit: '4kb' }),
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await learnerContext(req, res, ctx);
      if (!c) return;
      const form = targetForm.safeParse(req.body);
      if (!form.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const problems = await setOwnTarget(deps, {
        person: { ...c.learner, lms: lmsOf(ctx.launch) },
        framework: c.framework,
        choice: { group: form.data.group, stage: form.data.stage },
      });
      if (problems.length > 0)
        return renderProgress(req, res, ctx, c, 422, {
          values: form.data,
          errors: formErrors(
            ctx.locale,
            targetFormFields(ctx.locale, ''),
            problems.map((p) => ({ field: p.field, key: `target.problem.${p.code}` })),
          ),
        });
      redirectWithLtik(res, ctx.ltik, `/app/progress?saved=1`);
    }),
  );

  // The owner restates what an entry of their record served (70:30), from the history.
  router.post(
    '/app/progress/entries/:entry/horizon',
    express.urlencoded({ extended: false, limit: '1kb', parameterLimit: 8 }),
    requireRole(deps, everyone, async (req, res, ctx) => {
      const l = ctx.locale;
      const entry = entryIdSchema.safeParse(req.params.entry);
      if (!entry.success) return sendStandardError(req, res, deps.render, l, 'notFound');
      const owner = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!owner) return sendStandardError(req, res, deps.render, l, 'forbidden');
      const form = restateForm.safeParse(req.body ?? {});
      if (!form.success)
        return sendErrorPage(req, res, deps.render, l, {
          status: 422,
          heading: t(l, 'restate.refused.title'),
          message: t(l, 'record.problem.HORIZON_INVALID'),
        });
      const outcome = await restateHorizon(deps, {
        owner: { tenantId: owner.tenantId, personId: owner.personId, lms: lmsOf(ctx.launch) },
        entryId: entry.data,
        horizon: form.data.horizon,
      });
      if (outcome === 'notFound') return sendStandardError(req, res, deps.render, l, 'notFound');
      if (typeof outcome === 'object' && 'refused' in outcome)
        return sendErrorPage(req, res, deps.render, l, {
          status: 409,
          heading: t(l, 'restate.refused.title'),
          message: t(l, `restate.refused.${outcome.refused}`),
        });
      const back = new URLSearchParams({ restated: outcome === 'unchanged' ? 'same' : '1' });
      if (form.data.fy) back.set('fy', String(form.data.fy));
      if (form.data.page) back.set('page', String(form.data.page));
      redirectWithLtik(res, ctx.ltik, `${HISTORY_HREF}?${back.toString()}`);
    }),
  );

  router.post(
    '/app/progress/second-group',
    express.urlencoded({ extended: false, limit: '4kb' }),
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await learnerContext(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const form = secondGroupForm.parse(req.body ?? {});
      const outcome = await requestSecondGroup(deps, {
        person: { ...c.learner, lms: lmsOf(ctx.launch) },
        framework: c.framework,
        group: form.secondGroup,
      });
      if (outcome !== 'requested')
        return renderProgress(req, res, ctx, c, 422, {
          values: form,
          errors: formErrors(
            l,
            [{ field: 'secondGroup', id: 'second-group', label: t(l, 'secondGroup.field') }],
            [{ field: 'secondGroup', key: `secondGroup.problem.${outcome}` }],
          ),
        });
      redirectWithLtik(res, ctx.ltik, `/app/progress?asked=1`);
    }),
  );

  /** The log form's fields in page order, for its error summary: the skill sets link to their first input. */
  function logFormFields(l: Locale, framework: Framework): FormField[] {
    const first = framework.skillSets[0]?.code;
    return [
      { field: 'activityType', id: 'activityType', label: t(l, 'record.field.type') },
      { field: 'title', id: 'title', label: t(l, 'record.field.title') },
      { field: 'occurredOn', id: 'occurredOn', label: t(l, 'record.field.date') },
      { field: 'hours', id: 'hours', label: t(l, 'record.field.hours') },
      { field: 'category', id: 'category', label: t(l, 'record.field.category') },
      {
        field: 'horizon',
        id: 'horizon',
        href: '#horizon-current',
        label: t(l, 'record.field.horizon'),
      },
      { field: 'lectureShare', id: 'lectureShare', label: t(l, 'record.field.lectureShare') },
      {
        field: 'skillSets',
        id: 'skillSets',
        href: first ? `#skill-${first}` : undefined,
        label: t(l, 'record.field.skillSets'),
      },
      ...framework.skillSets.map((s) => ({
        field: `skill.${s.code}`,
        id: `skill-${s.code}`,
        label: s.name[l],
      })),
      { field: 'reflection', id: 'reflection', label: t(l, 'record.field.reflection') },
      { field: 'evidenceUrl', id: 'evidenceUrl', label: t(l, 'record.field.evidence') },
      { field: 'evidenceFile', id: 'evidenceFile', label: t(l, 'record.field.evidenceFile') },
    ];
  }

  function renderLogForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    framework: Framework,
    status: number,
    values: Record<string, string>,
    skillValues: Record<string, string>,
    errors: FormErrors,
    activityTypes: ReadonlyArray<{ code: ActivityType; category: 70 | 20 | 10 }>,
    loggingAgain = false,
  ) {
    const l: Locale = ctx.locale;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'record-new',
      {
        title: t(l, 'record.new.title'),
        loggingAgain,
        values,
        errors,
        date: dateFieldModel(l, today()),
        evidenceFile: {
          hint: t(l, 'record.field.evidenceFile.hint', { limit: evidenceLimit(l) }),
          maxBytes: deps.evidenceMaxBytes,
          // A form that comes back with problems cannot keep the chosen file: say so beside the field.
          chooseAgain: errors.hasErrors && values.evidenceFileChosen === '1',
        },
        types: activityTypes.map((a) => ({
          code: a.code,
          name: t(l, `activity.type.${a.code}`),
          category: a.category,
          selected: values.activityType === a.code,
        })),
        categories: ([70, 20, 10] as const).map((c) => ({
          value: String(c),
          name: `${c} · ${t(l, `category.${c}`)}`,
          selected: values.category === String(c),
        })),
        // Today's work unless the learner says otherwise: most development serves the role one holds (the 70).
        horizons: (['current', 'future'] as const).map((h) => ({
          value: h,
          label: t(l, `horizon.${h}`),
          checked: (values.horizon || 'current') === h,
        })),
        skillSets: framework.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          value: skillValues[s.code] ?? '',
          error: errors.fields[`skill.${s.code}`],
        })),
      },
      status,
    );
  }

  /** Logged learning is reviewed by the instructors of a course: without one, nobody could approve it. */
  function needsCourse(req: Request, res: Response, ctx: PageContext, learner: Learner) {
    const form = openLogForm(learner);
    if (form !== 'noCourse') return form;
    sendErrorPage(req, res, deps.render, ctx.locale, {
      status: 409,
      heading: t(ctx.locale, 'record.noCourse.title'),
      message: t(ctx.locale, 'record.noCourse.body'),
    });
    return undefined;
  }

  // Instructors and administrators develop their own skills too: anyone launched logs their own learning, and
  // someone else among the course's instructors reviews it (separation of duties).
  router.get(
    '/app/record/new',
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await learnerContext(req, res, ctx);
      const form = c && needsCourse(req, res, ctx, c.learner);
      if (!c || !form) return;
      // "Log it again" from a rejected entry of the history starts from that entry's values.
      const againId = entryIdSchema.safeParse(req.query.again);
      const again = againId.success ? await entryToLogAgain(deps, c.learner, againId.data) : undefined;
      const skillValues: Record<string, string> = {};
      for (const s of again?.skillHours ?? [])
        skillValues[s.skillSet] = String(Number(skillValues[s.skillSet] ?? 0) + s.hours);
      renderLogForm(
        req,
        res,
        ctx,
        c.framework,
        200,
        again
          ? {
              activityType: again.activityType ?? '',
              title: again.title,
              occurredOnText: formatTypedDate(again.occurredOn, eraOf(ctx.locale)),
              hours: String(again.hours),
              category: String(again.category),
              horizon: again.horizon ?? '',
              lectureShare: again.lectureShare === undefined ? '' : String(again.lectureShare),
            }
          : { occurredOnText: formatTypedDate(today(), eraOf(ctx.locale)) },
        skillValues,
        NO_ERRORS,
        form.activityTypes,
        again !== undefined,
      );
    }),
  );

  router.post(
    '/app/record',
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }),
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await learnerContext(req, res, ctx);
      const form = c && needsCourse(req, res, ctx, c.learner);
      if (!c || !form) return;
      const l = ctx.locale;
      // The file is read only now that the session and the course were checked (see evidence-upload.ts).
      const upload = await readEvidenceUpload(req, res);
      if (containsControlCharacters(req.body)) return sendControlCharactersRefused(req, res, deps.render, l);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const strings = Object.fromEntries(
        Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      // What was typed comes back as it was typed; a field not posted is empty.
      const values = Object.fromEntries(ACTIVITY_FORM_FIELDS.map((f) => [f, strings[f] ?? ''])) as Record<
        ActivityFormField,
        string
      >;
      const parsed = activityForm.safeParse(values);
      const problems: FieldProblem[] = parsed.success ? [] : zodProblems(parsed.error.issues);
      if ('problem' in upload)
        problems.push({
          field: 'evidenceFile',
          key:
            upload.problem === 'tooLarge'
              ? 'record.problem.EVIDENCE_TOO_LARGE'
              : 'record.problem.EVIDENCE_UNREADABLE',
          params: { limit: evidenceLimit(l) },
        });
      const evidenceFiles = 'file' in upload && upload.file ? [upload.file] : [];
      const skillValues: Record<string, string> = {};
      const skillHours: Array<{ skillSet: string; hours: number }> = [];
      for (const s of c.framework.skillSets) {
        const raw = (strings[`skill.${s.code}`] ?? '').trim();
        skillValues[s.code] = raw;
        if (raw === '' || raw === '0') continue;
        const h = parseHours(raw);
        if (h === undefined) problems.push({ field: `skill.${s.code}`, key: 'record.error.hoursFormat' });
        else if (h > 0) skillHours.push({ skillSet: s.code, hours: h });
      }
      const activityType = values.activityType;
      // The typed field is read in the page's era; a year only the other era could mean is said to be one. A client
      // that posts the ISO field instead gets the ISO check.
      let occurredOn = '';
      if (values.occurredOnText !== '') {
        const typed = parseTypedDate(values.occurredOnText, eraOf(l));
        if (typed.ok) occurredOn = typed.iso;
        else problems.unshift(dateProblem(l, typed.problem, today()));
      } else if (ISO_DATE.test(values.occurredOn) && !Number.isNaN(Date.parse(values.occurredOn)))
        occurredOn = values.occurredOn;
      else problems.unshift({ field: 'occurredOn', key: 'record.error.date' });
      const category = activityCategory(
        activityType,
        values.category === '70' || values.category === '20' || values.category === '10'
          ? (Number(values.category) as 70 | 20 | 10)
          : undefined,
      );
      const activity = {
        activityType,
        title: values.title.trim(),
        category,
        hours: parseHours(values.hours) ?? 0,
        skillHours,
        occurredOn,
        reflection: values.reflection.trim() || undefined,
        evidenceUrl: values.evidenceUrl.trim() || undefined,
        ...(values.horizon === 'current' || values.horizon === 'future'
          ? { horizon: values.horizon as 'current' | 'future' }
          : {}),
        ...(/^\d{1,3}$/.test(values.lectureShare.trim())
          ? { lectureShare: Number(values.lectureShare.trim()) }
          : {}),
      };
      // The record's own rules are checked on what could be read, even when the form has other problems, so
      // that the person sees every problem at once (a field keeps its first one).
      const skillProblem = problems.some((p) => p.field.startsWith('skill.'));
      const shareProblem = problems.some((p) => p.field === 'lectureShare');
      for (const p of loggedActivityProblems(c.framework, activity, today())) {
        if (p.code === 'NO_SKILL_SET' && skillProblem) continue; // the typed hours are the problem
        if (p.code === 'LECTURE_SHARE_REQUIRED' && shareProblem) continue; // what was typed is the problem
        problems.push({ field: p.field, key: `record.problem.${p.code}`, params: p.params });
      }
      if (problems.length === 0) {
        const outcome = await logLearning(deps, {
          learner: c.learner,
          framework: c.framework,
          activity,
          today: today(),
          evidenceFiles,
        });
        if (outcome === 'noCourse') return void needsCourse(req, res, ctx, c.learner);
        if ('id' in outcome) {
          redirectWithLtik(res, ctx.ltik, `${HISTORY_HREF}?logged=1`);
          return;
        }
        for (const p of outcome.problems)
          problems.push({ field: p.field, key: `record.problem.${p.code}`, params: p.params });
      }
      renderLogForm(
        req,
        res,
        ctx,
        c.framework,
        422,
        {
          ...values,
          evidenceFileChosen: evidenceFiles.length > 0 || 'problem' in upload ? '1' : '',
          occurredOnText:
            values.occurredOnText ||
            (ISO_DATE.test(values.occurredOn)
              ? formatTypedDate(values.occurredOn, eraOf(l))
              : values.occurredOn),
        },
        skillValues,
        formErrors(l, logFormFields(l, c.framework), problems),
        form.activityTypes,
      );
    }),
  );

  return router;
}

const DATE_PROBLEM_KEY: Record<TypedDateProblem, TranslationKey> = {
  DATE_FORMAT: 'record.error.dateFormat',
  DATE_NOT_A_DAY: 'record.error.dateNotADay',
  YEAR_LOOKS_CHRISTIAN: 'record.error.yearLooksChristian',
  YEAR_LOOKS_BUDDHIST: 'record.error.yearLooksBuddhist',
};

function dateProblem(l: Locale, problem: TypedDateProblem, today: string): FieldProblem {
  const era = eraOf(l);
  return {
    field: 'occurredOn',
    key: DATE_PROBLEM_KEY[problem],
    params: { example: formatTypedDate(today, era), year: yearInEra(today, era) },
  };
}

/**
 * The date field's hint and, for the script that enhances it, lists of days, months and years (the last five,
 * counted in the page's era) that fill the text field; without JavaScript the text field alone is used.
 */
function dateFieldModel(l: Locale, today: string) {
  const era = eraOf(l);
  const year = yearInEra(today, era);
  return {
    hint: t(l, 'record.field.date.hint', { example: formatTypedDate(today, era) }),
    days: Array.from({ length: 31 }, (_, i) => i + 1),
    months: monthNames(l).map((name, i) => ({ value: i + 1, name })),
    years: Array.from({ length: 6 }, (_, i) => year - i),
  };
}
