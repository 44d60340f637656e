import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { personIdSchema } from '../../shared/id-schemas';
import { t, type Locale } from '../../i18n/i18n';
import type { StageProblem } from '../../domain/agency/organisation-stage';
import { getOrganisationStage } from '../../use-cases/get-organisation-stage';
import { announceStage, setStageTarget } from '../../use-cases/announce-stage';
import { decideSecondGroup } from '../../use-cases/decide-second-group';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import { formErrors, NO_ERRORS, type FieldProblem, type FormErrors, type FormField } from '../form-errors';
import { stageLine, stageName, statusLine } from '../view-models/stage-line.view-model';

export const STAGE_PATH = '/app/organisation/stage';

const doneQuery = z.enum(['announced', 'target', 'approved', 'refused']).optional().catch(undefined);
const yearField = z.coerce.number().int().min(2500).max(2700).catch(0);
const announceForm = z.object({ fiscalYear: yearField, stage: z.string().max(40).catch('') });
const targetForm = z.object({ targetStage: z.string().max(40).catch(''), byFiscalYear: yearField });
const decisionForm = z.object({
  person: personIdSchema,
  group: z.string().min(1).max(40),
  decision: z.enum(['approve', 'refuse']),
  reason: z.string().max(1000).catch(''),
});

/** What the form posted, to show again with its problems. */
interface Posted {
  announce?: { fiscalYear: number; stage: string };
  target?: { targetStage: string; byFiscalYear: number };
  reasons?: { personId: number; reason: string };
}

/**
 * The organisation's stage, for the LMS's administrators (issue #18 items 3 and 7; seed 004 §4.6.2): the stage
 * announced for this fiscal year and the next, the target stage with its deadline, the history of announcements,
 * and the queue of second target groups waiting for approval (§4.6.3).
 */
export function organisationStageRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const admin = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });

  /** Who makes the change, for the audit log (a launch always recorded the session's person). */
  const author = async (ctx: PageContext) => {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    return me && { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) };
  };

  const announceFields = (l: Locale): FormField[] => [
    { field: 'fiscalYear', id: 'announce-year', label: t(l, 'stage.field.fiscalYear') },
    { field: 'stage', id: 'announce-stage', label: t(l, 'stage.field.stage') },
  ];
  const targetFields = (l: Locale): FormField[] => [
    { field: 'targetStage', id: 'target-stage', label: t(l, 'stage.field.targetStage') },
    { field: 'byFiscalYear', id: 'target-year', label: t(l, 'stage.field.byFiscalYear') },
  ];
  const stageProblems = (problems: StageProblem[], stageField: string): FieldProblem[] =>
    problems.map((p) => ({
      field: p.field === 'stage' ? stageField : p.field,
      key: `stage.problem.${p.code}`,
    }));

  async function renderStagePage(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    errors: FormErrors = NO_ERRORS,
    posted: Posted = {},
  ) {
    const l = ctx.locale;
    const view = await getOrganisationStage(deps, ctx.tenantId);
    const f = view.framework.framework;
    const done = doneQuery.parse(req.query.done);
    const groupName = (code: string) => f.targetGroups.find((g) => g.code === code)?.name[l] ?? code;
    const thisYear = view.announceYears[0];
    const announceYear = posted.announce?.fiscalYear ?? thisYear;
    const announceStageCode =
      posted.announce?.stage ?? view.history.find((h) => h.fiscalYear === announceYear)?.stage;
    const targetStageCode = posted.target?.targetStage ?? view.target?.stage;
    const targetYear = posted.target?.byFiscalYear ?? view.target?.byFiscalYear;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'organisation-stage',
      {
        title: t(l, 'stage.title'),
        done: done && status === 200 ? t(l, `stage.done.${done}`) : undefined,
        errors,
        stageLine: stageLine(l, f, view),
        statusLine: statusLine(l, view),
        suggestion:
          view.suggested && t(l, 'stage.suggestion', { year: thisYear ?? '', stage: view.suggested.name[l] }),
        announce: {
          years: view.announceYears.map((y) => ({
            value: String(y),
            label: t(l, 'progress.fiscalYear.option', { year: y }),
            selected: y === announceYear,
          })),
          stages: f.stages.map((s) => ({
            value: s.code,
            label: s.name[l],
            selected: s.code === announceStageCode,
          })),
          chooseStage:
            !f.stages.some((s) => s.code === announceStageCode) || errors.fields.stage !== undefined,
        },
        target: {
          stages: f.stages.map((s) => ({
            value: s.code,
            label: s.name[l],
            selected: s.code === targetStageCode,
          })),
          years: view.targetYears.map((y) => ({
            value: String(y),
            label: t(l, 'progress.fiscalYear.option', { year: y }),
            selected: y === targetYear,
          })),
          chooseStage:
            !f.stages.some((s) => s.code === targetStageCode) || errors.fields.targetStage !== undefined,
          chooseYear:
            !view.targetYears.some((y) => y === targetYear) || errors.fields.byFiscalYear !== undefined,
        },
        history: view.history.map((h) => ({
          fiscalYear: h.fiscalYear,
          stage: stageName(f, h.stage, l),
          setAt: h.setAt,
          setBy: h.setBy ? (h.setBy.name ?? t(l, 'approvals.anonymous')) : undefined,
          inForce: h.fiscalYear === view.inForce?.fiscalYear,
        })),
        pending: view.pending.map((p) => {
          const mine = posted.reasons?.personId === p.personId;
          return {
            personId: p.personId,
            name: p.name ?? p.platformUserId,
            first: p.first && groupName(p.first),
            group: groupName(p.group),
            groupCode: p.group,
            requestedAt: p.requestedAt,
            reason: mine ? posted.reasons!.reason : '',
            reasonError: mine ? errors.fields[`reason-${p.personId}`] : undefined,
          };
        }),
      },
      status,
    );
  }

  router.get(
    STAGE_PATH,
    admin((req, res, ctx) => renderStagePage(req, res, ctx, 200)),
  );

  router.post(
    `${STAGE_PATH}/announce`,
    form,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const posted = announceForm.parse(req.body ?? {});
      const by = await author(ctx);
      if (!by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const problems = await announceStage(deps, { by, fiscalYear: posted.fiscalYear, stage: posted.stage });
      if (problems.length > 0)
        return renderStagePage(
          req,
          res,
          ctx,
          422,
          formErrors(l, announceFields(l), stageProblems(problems, 'stage')),
          { announce: posted },
        );
      redirectWithLtik(res, ctx.ltik, `${STAGE_PATH}?done=announced`);
    }),
  );

  router.post(
    `${STAGE_PATH}/target`,
    form,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const posted = targetForm.parse(req.body ?? {});
      const by = await author(ctx);
      if (!by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const problems = await setStageTarget(deps, {
        by,
        stage: posted.targetStage,
        byFiscalYear: posted.byFiscalYear,
      });
      if (problems.length > 0)
        return renderStagePage(
          req,
          res,
          ctx,
          422,
          formErrors(l, targetFields(l), stageProblems(problems, 'targetStage')),
          { target: posted },
        );
      redirectWithLtik(res, ctx.ltik, `${STAGE_PATH}?done=target`);
    }),
  );

  router.post(
    `${STAGE_PATH}/second-group`,
    form,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const parsed = decisionForm.safeParse(req.body);
      const by = parsed.success ? await author(ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const { person, group, decision, reason } = parsed.data;
      const outcome = await decideSecondGroup(deps, {
        by,
        personId: person,
        group,
        decision: decision === 'approve' ? { approve: true } : { approve: false, reason },
      });
      if ('decided' in outcome)
        return redirectWithLtik(res, ctx.ltik, `${STAGE_PATH}?done=${outcome.decided}`);
      if (outcome.refused === 'REASON_REQUIRED') {
        const field = `reason-${person}`;
        return renderStagePage(
          req,
          res,
          ctx,
          422,
          formErrors(
            l,
            [{ field, id: field, label: t(l, 'secondGroup.reason') }],
            [{ field, key: 'secondGroup.refused.REASON_REQUIRED' }],
          ),
          { reasons: { personId: person, reason } },
        );
      }
      sendErrorPage(req, res, deps.render, l, {
        status: outcome.refused === 'OWN_TARGET' ? 403 : 409,
        heading: t(l, 'stage.title'),
        message: t(l, `secondGroup.refused.${outcome.refused}`),
      });
    }),
  );

  return router;
}
