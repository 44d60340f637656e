import type { StageInForce } from '../../use-cases/get-stage-in-force';
import { stageLine } from '../view-models/stage-line.view-model';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import type { Framework } from '../../domain/framework/framework';
import type { StoredFramework } from '../../use-cases/ports';
import { takeSelfAssessment } from '../../use-cases/take-self-assessment';
import { getSelfAssessments } from '../../use-cases/get-self-assessments';
import type { OwnHandIn } from '../../use-cases/get-own-hand-in';
import { getSelfAssessmentResult } from '../../use-cases/get-self-assessment-result';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { learnerAndFramework } from '../learner-context';
import { modulePath } from './module-player.routes';
import { formErrors, NO_ERRORS, type FormErrors, type FormField } from '../form-errors';

const idParam = z.coerce.number().int().positive();

const PROFICIENCY = {
  0: 'selfAssessment.level.none',
  1: 'selfAssessment.level.1',
  2: 'selfAssessment.level.2',
  3: 'selfAssessment.level.3',
} as const;

/**
 * A rating's words: proficiency, not the stage names (issue #18 item 3: a stage is the organisation's setting for a
 * fiscal year, a person rates their own level). Level n is what a person at the framework's n-th stage is expected
 * to reach, which the level descriptors say per skill set; a framework with more stages than words shows the number.
 */
export function levelName(f: Framework, level: number, l: Locale): string {
  const key = PROFICIENCY[level as keyof typeof PROFICIENCY];
  return key !== undefined && level <= f.stages.length ? t(l, key) : String(level);
}

/** The self-assessment form's fields in page order: a rating links to its first choice. */
function selfAssessmentFields(l: Locale, f: Framework): FormField[] {
  return [
    { field: 'targetGroup', id: 'group', label: t(l, 'progress.target.group') },
    { field: 'targetStage', id: 'stage', label: t(l, 'selfAssessment.targetStage') },
    ...f.skillSets.map((s) => ({
      field: `rating.${s.code}`,
      id: `rating-${s.code}`,
      href: `#rating-${s.code}-0`,
      label: s.name[l],
    })),
  ];
}

/** The self-assessment (seed 002): rate yourself per skill set against a target group and stage; print and sign. */
export function developmentRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const everyone = ['learner', 'instructor', 'admin'] as const;

  const context = (req: Request, res: Response, ctx: PageContext) => learnerAndFramework(deps, req, res, ctx);

  function renderForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    stored: StoredFramework,
    status: number,
    values: { group?: string; stage?: string; ratings: Record<string, string> },
    errors: FormErrors,
    history: Array<{ id: number; takenOn: string; group: string; stage: string }>,
    stage: StageInForce,
    handIn: OwnHandIn,
  ) {
    const l = ctx.locale;
    const f = stored.framework;
    const day = (iso: string) => formatDate(l, new Date(`${iso}T12:00:00+07:00`));
    const fy = handIn.fiscalYear;
    const levels = [0, ...f.stages.map((_, i) => i + 1)];
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'self-assessment',
      {
        title: t(l, 'selfAssessment.title'),
        errors,
        stageLine: stage.inForce || stage.target ? stageLine(l, f, stage) : undefined,
        orgStage: stage.inForce?.stage,
        groups: f.targetGroups.map((g) => ({
          code: g.code,
          name: g.name[l],
          selected: g.code === values.group,
        })),
        stages: f.stages.map((s) => ({ code: s.code, name: s.name[l], selected: s.code === values.stage })),
        skillSets: f.skillSets.map((s) => ({
          code: s.code,
          name: s.name[l],
          description: s.description[l],
          error: errors.fields[`rating.${s.code}`],
          levels: levels.map((n) => ({
            value: n,
            id: `rating-${s.code}-${n}`,
            name: levelName(f, n, l),
            checked: values.ratings[s.code] === String(n),
          })),
          // What each level means for this skill set, where the framework has descriptors.
          descriptors: deps.levelDescriptors
            .get(f.id)
            ?.skillSets.get(s.code)
            ?.map((d, n) => ({
              name: levelName(f, n, l),
              text: d.full[l],
              // Said on the page: what could not be checked against a source is not passed off as official.
              ...(d.verified === false ? { unverified: t(l, 'selfAssessment.levels.unverified') } : {}),
            })),
        })),
        descriptorsSource: deps.levelDescriptors.get(f.id)?.source[l],
        history: history.map((h) => ({
          href: `/app/self-assessment/${h.id}`,
          dateText: formatDate(l, new Date(`${h.takenOn}T12:00:00+07:00`)),
          group: f.targetGroups.find((g) => g.code === h.group)?.name[l] ?? h.group,
          stage: f.stages.find((s) => s.code === h.stage)?.name[l] ?? h.stage,
        })),
        handIn: {
          text:
            handIn.receivedOn !== undefined
              ? t(l, `handIn.own.${handIn.status === 'handedInLate' ? 'handedInLate' : 'handedIn'}`, {
                  fy,
                  date: day(handIn.receivedOn),
                })
              : t(l, 'handIn.own.notYet', { fy }),
          reminder:
            handIn.deadline === undefined
              ? undefined
              : handIn.remind
                ? t(l, 'handIn.own.reminder', { date: day(handIn.deadline) })
                : handIn.status === 'overdue'
                  ? t(l, 'handIn.own.overdue', { date: day(handIn.deadline) })
                  : undefined,
          tone:
            handIn.receivedOn !== undefined ? 'success' : handIn.status === 'overdue' ? 'warning' : 'info',
          printHref: history[0] && `/app/self-assessment/${history[0].id}`,
        },
      },
      status,
    );
  }

  router.get(
    '/app/self-assessment',
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await context(req, res, ctx);
      if (!c) return;
      const { past, start, stage, handIn } = await getSelfAssessments(deps, c.learner, c.stored.framework);
      renderForm(
        req,
        res,
        ctx,
        c.stored,
        200,
        {
          group: start.group,
          stage: start.stage,
          ratings: Object.fromEntries(Object.entries(start.ratings).map(([k, v]) => [k, String(v)])),
        },
        NO_ERRORS,
        past.map((p) => ({ id: p.id, takenOn: p.takenOn, group: p.targetGroup, stage: p.targetStage })),
        stage,
        handIn,
      );
    }),
  );

  router.post(
    '/app/self-assessment',
    express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 100 }),
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await context(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      const ratings: Record<string, string> = {};
      for (const s of c.stored.framework.skillSets) ratings[s.code] = str(`rating.${s.code}`);
      const outcome = await takeSelfAssessment(deps, {
        learner: c.learner,
        framework: c.stored,
        answers: {
          targetGroup: str('group'),
          targetStage: str('stage'),
          ratings: Object.fromEntries(
            Object.entries(ratings)
              .filter(([, v]) => /^\d$/.test(v))
              .map(([k, v]) => [k, Number(v)]),
          ),
        },
      });
      if ('id' in outcome) {
        redirectWithLtik(res, ctx.ltik, `/app/self-assessment/${outcome.id}`);
        return;
      }
      const errors = formErrors(
        l,
        selfAssessmentFields(l, c.stored.framework),
        outcome.problems.map((p) => ({ field: p.field, key: `selfAssessment.problem.${p.code}` })),
      );
      const { past, stage, handIn } = await getSelfAssessments(deps, c.learner, c.stored.framework);
      renderForm(
        req,
        res,
        ctx,
        c.stored,
        422,
        { group: str('group'), stage: str('stage'), ratings },
        errors,
        past.map((p) => ({ id: p.id, takenOn: p.takenOn, group: p.targetGroup, stage: p.targetStage })),
        stage,
        handIn,
      );
    }),
  );

  router.get(
    '/app/self-assessment/:id',
    requireRole(deps, everyone, async (req, res, ctx) => {
      const c = await context(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const id = idParam.safeParse(req.params.id);
      // Only the learner's own: another person's id is simply not found.
      const result = id.success
        ? await getSelfAssessmentResult(deps, { learner: c.learner, framework: c.stored, id: id.data })
        : undefined;
      if (!result) return sendStandardError(req, res, deps.render, l, 'notFound');
      const { assessment: sa, gaps } = result;
      const f = c.stored.framework;
      renderPage(req, res, deps.render, ctx, 'self-assessment-result', {
        title: t(l, 'selfAssessment.result.title'),
        name: ctx.launch.name ?? t(l, 'approvals.anonymous'),
        organisation: ctx.launch.platformName,
        group: f.targetGroups.find((g) => g.code === sa.targetGroup)?.name[l] ?? sa.targetGroup,
        stage: f.stages.find((s) => s.code === sa.targetStage)?.name[l] ?? sa.targetStage,
        dateText: formatDate(l, new Date(`${sa.takenOn}T12:00:00+07:00`)),
        framework: f.name[l],
        rows: gaps.map((g) => ({
          name: f.skillSets.find((s) => s.code === g.skillSet)?.name[l] ?? g.skillSet,
          rating: levelName(f, g.rating, l),
          ratingMeans: deps.levelDescriptors.get(f.id)?.skillSets.get(g.skillSet)?.[g.rating]?.short[l],
          target: g.target === undefined ? t(l, 'selfAssessment.noTarget') : levelName(f, g.target, l),
          gap: g.gap,
          met: g.target !== undefined && g.gap === 0,
          recommended: g.recommended.map((m) => ({ title: m.title[l], href: modulePath(m.slug) })),
        })),
        gapCount: gaps.filter((g) => g.gap > 0).length,
      });
    }),
  );

  return router;
}
