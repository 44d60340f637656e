import { areaGroups } from '../view-models/area-hours.view-model';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import { getClassView, type ClassRow } from '../../use-cases/get-class-view';
import { moduleReferences } from '../../use-cases/module-references';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { filteredPath, pagerView } from '../pager';
import { classCharts } from '../view-models/class-charts.view-model';
import { renderPage, sendStandardError } from '../pages';
import { formatTypedDate } from '../../shared/typed-date';
import { bangkokToday } from '../../shared/clock';
import { sendCsv } from '../csv';
import { missingItems, missingModules, sharedFixes } from '../view-models/eligibility.view-model';
import type { ModuleReference, RosterSource } from '../../use-cases/ports';
import type { LatestSelfAssessment } from '../../domain/development/latest-self-assessment';

/** A last self-assessment's day, and "(DG-SA)" after it when it was an imported DG-SA result. */
function selfAssessmentText(l: Locale, last: LatestSelfAssessment): string {
  const date = formatDate(l, new Date(`${last.on}T12:00:00+07:00`));
  return last.source === 'dg_sa' ? t(l, 'class.selfAssessment.dgSa', { date }) : date;
}

/** The class page reads the course roster from the LMS too. */
export type ClassDeps = PageDeps & RosterSource;

const filterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  group: z.string().max(40).optional().catch(undefined),
  status: z.enum(['eligible', 'not-yet', 'never-launched']).optional().catch(undefined),
  assessment: z.string().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
const PAGE_SIZE = 100;

/** Class view for instructors: who is where, who may sit which assessment, and CSV exports. */
export function classRoutes(deps: ClassDeps): Router {
  const router = express.Router();
  const staff = ['instructor', 'admin'] as const;

  async function load(req: Request, res: Response, ctx: PageContext, o: { withHorizons?: boolean } = {}) {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!me || me.contextId === undefined) {
      sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      return undefined;
    }
    const filter = filterSchema.parse(req.query);
    const { nrpsMembershipsUrl } = ctx.launch;
    const view = await getClassView(deps, {
      course: { tenantId: ctx.tenantId, contextId: me.contextId },
      membership: nrpsMembershipsUrl
        ? { issuer: ctx.launch.issuer, clientId: ctx.launch.clientId, membershipsUrl: nrpsMembershipsUrl }
        : undefined,
      filter,
      pageSize: PAGE_SIZE,
      withHorizons: o.withHorizons,
    });
    return { ...view, stored: view.framework, filter };
  }

  const groupName = (
    f: { targetGroups: Array<{ code: string; name: { th: string; en: string } }> },
    code: string | undefined,
    l: Locale,
  ) => (code ? (f.targetGroups.find((g) => g.code === code)?.name[l] ?? code) : '');

  router.get(
    '/app/class',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await load(req, res, ctx);
      if (!c) return;
      const l = ctx.locale;
      const f = c.stored.framework;
      const links = filteredPath('/app/class', c.filter);
      const shown = c.page;
      const verdictOf = (r: ClassRow) => r.verdicts.find((x) => x.code === c.code);
      // The modules missing on this page, named and linked from one query.
      const slugs = missingModules(
        shown.items.flatMap((r) => {
          const v = verdictOf(r);
          return v && r.launched ? [v.verdict] : [];
        }),
      );
      const modules = slugs.length
        ? await moduleReferences(deps, ctx.tenantId, slugs)
        : new Map<string, ModuleReference>();
      const rows = shown.items.map((r) => {
        const v = verdictOf(r);
        const mix = c.mixOf(r.byCategory);
        return {
          name: r.name ?? t(l, 'approvals.anonymous'),
          email: r.email,
          launched: r.launched,
          group: groupName(f, r.targetGroup, l),
          hours: r.hours,
          mix: r.hours > 0 ? `${mix[70]}:${mix[20]}:${mix[10]}` : '–',
          selfAssessment: r.lastSelfAssessment && selfAssessmentText(l, r.lastSelfAssessment),
          eligible: v?.verdict.eligible,
          since: v?.firstEligibleAt ? formatDate(l, v.firstEligibleAt) : undefined,
          missing:
            v && r.launched && r.personId !== undefined
              ? missingItems(l, f, v.verdict, modules, { kind: 'instructor', personId: r.personId })
              : [],
          recordHref: r.personId ? `/app/learners/${r.personId}/record` : undefined,
        };
      });
      renderPage(req, res, deps.render, ctx, 'class', {
        title: t(l, 'class.title'),
        course: ctx.launch.context?.title ?? ctx.launch.context?.label,
        rosterFailed: c.rosterFailed,
        rosterCut:
          c.rosterCutAt === undefined ? undefined : t(l, 'class.rosterCut', { count: c.rosterCutAt }),
        noRoster: !c.hasRoster && !c.rosterFailed,
        count: c.rows.length,
        shownCount: c.shown.length,
        eligibleCount: c.rows.filter((r) => r.verdicts.find((v) => v.code === c.code)?.verdict.eligible)
          .length,
        filter: { q: c.filter.q ?? '' },
        groups: f.targetGroups.map((g) => ({
          code: g.code,
          name: g.name[l],
          selected: g.code === c.filter.group,
        })),
        statuses: (['eligible', 'not-yet', 'never-launched'] as const).map((s) => ({
          value: s,
          name: t(l, `class.status.${s}`),
          selected: s === c.filter.status,
        })),
        assessments: c.assessments.map((a) => ({
          code: a.code,
          name: a.name[l],
          selected: a.code === c.code,
        })),
        csvHref: filteredPath('/app/class.csv', c.filter).href,
        eligibleCsvHref: `/app/class/eligible.csv?assessment=${encodeURIComponent(c.code ?? '')}`,
        pager: pagerView(l, shown, links.page),
        rows,
        dgSaShown: shown.items.some((r) => r.lastSelfAssessment?.source === 'dg_sa'),
        fixes: sharedFixes(rows),
        areaGroups: areaGroups(l, f, c.areas),
        charts:
          c.rows.length > 0
            ? classCharts(
                l,
                c.rows,
                c.assessments.map((a) => ({ code: a.code, name: a.name[l] })),
                f.targetGroups.map((g) => ({ code: g.code, name: g.name[l] })),
                c.mixOf,
              )
            : undefined,
      });
    }),
  );

  const stageName = (
    f: { stages: Array<{ code: string; name: { th: string; en: string } }> },
    code: string | undefined,
    l: Locale,
  ) => (code ? (f.stages.find((s) => s.code === code)?.name[l] ?? code) : '');

  function csvRows(
    rows: ClassRow[],
    code: string | undefined,
    l: Locale,
    f: {
      targetGroups: Array<{ code: string; name: { th: string; en: string } }>;
      stages: Array<{ code: string; name: { th: string; en: string } }>;
    },
  ) {
    // Thai exports give each date in the Buddhist era too, in the column after its ISO date; English keep ISO only.
    const withEra = (iso: string) =>
      l === 'th' ? [iso, iso ? formatTypedDate(iso, 'buddhist') : ''] : [iso];
    return rows.map((r) => {
      const v = r.verdicts.find((x) => x.code === code);
      return [
        r.name ?? '',
        r.email ?? '',
        r.platformUserId,
        r.launched ? t(l, 'class.csv.yes') : t(l, 'class.csv.no'),
        groupName(f, r.targetGroup, l),
        stageName(f, r.targetStage, l),
        r.hours,
        r.byCategory[70],
        r.byCategory[20],
        r.byCategory[10],
        // 70:30: what the hours serve, as progress and the organisation report split them.
        r.byHorizon?.current ?? 0,
        r.byHorizon?.future ?? 0,
        r.byHorizon?.unstated ?? 0,
        ...withEra(r.lastSelfAssessment?.on ?? ''),
        r.lastSelfAssessment ? t(l, `class.csv.source.${r.lastSelfAssessment.source}`) : '',
        v ? (v.verdict.eligible ? t(l, 'eligibility.eligible') : t(l, 'eligibility.notYet')) : '',
        ...withEra(v?.firstEligibleAt ? bangkokToday(v.firstEligibleAt) : ''),
      ];
    });
  }
  const csvHeader = (l: Locale) => {
    const keys: TranslationKey[] = [
      'class.csv.name',
      'class.csv.email',
      'class.csv.userId',
      'class.csv.launched',
      'class.csv.group',
      'class.csv.stage',
      'class.csv.hours',
      'class.csv.h70',
      'class.csv.h20',
      'class.csv.h10',
      'class.csv.current',
      'class.csv.future',
      'class.csv.unstated',
      'class.csv.selfAssessment',
      ...(l === 'th' ? (['class.csv.selfAssessmentBuddhistEra'] as const) : []),
      'class.csv.selfAssessmentSource',
      'class.csv.eligibility',
      'class.csv.firstEligible',
      ...(l === 'th' ? (['class.csv.firstEligibleBuddhistEra'] as const) : []),
    ];
    return keys.map((k) => t(l, k));
  };

  router.get(
    '/app/class.csv',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await load(req, res, ctx, { withHorizons: true });
      if (!c) return;
      sendCsv(
        res,
        `class-${c.code ?? 'all'}.csv`,
        csvHeader(ctx.locale),
        csvRows(c.shown, c.code, ctx.locale, c.stored.framework),
      );
    }),
  );

  router.get(
    '/app/class/eligible.csv',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await load(req, res, ctx, { withHorizons: true });
      if (!c) return;
      if (!c.code) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const eligible = c.rows.filter((r) => r.verdicts.find((v) => v.code === c.code)?.verdict.eligible);
      sendCsv(
        res,
        `eligible-${c.code}.csv`,
        csvHeader(ctx.locale),
        csvRows(eligible, c.code, ctx.locale, c.stored.framework),
      );
    }),
  );

  return router;
}
