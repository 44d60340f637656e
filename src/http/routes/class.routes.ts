import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { Assessment } from '../../domain/assessment/eligibility';
import { learningMix } from '../../domain/learning-record/ledger';
import { pageOf } from '../../domain/catalogue/module-filter';
import type {
  DevelopmentStore,
  FrameworkStore,
  Learner,
  LedgerStore,
  ModuleReference,
} from '../../use-cases/ports';
import { classOverview, type ClassRow, type RosterMember } from '../../use-cases/development-cycle';
import { requireRole, type PageContext, type SessionDeps } from '../middleware/require-role';
import { filteredPath, pagerView } from '../pager';
import { classCharts } from '../view-models/class-charts.view-model';
import { renderPage, sendStandardError } from '../pages';
import { formatTypedDate } from '../../domain/calendar/typed-date';
import { bangkokToday } from '../../shared/clock';
import { sendCsv } from '../csv';
import { missingItems, missingModules, sharedFixes } from '../view-models/eligibility.view-model';

export interface ClassDeps extends SessionDeps {
  ledger: LedgerStore;
  development: DevelopmentStore;
  frameworks: FrameworkStore;
  /** The framework's assessments with the organisation's and the course's rule edits in force. */
  assessmentsFor(
    frameworkId: string,
    scope: { tenantId: number; contextId?: number },
  ): Promise<{ assessments: Assessment[] } | undefined>;
  learnerOf(launch: LaunchContext, tenantId: number): Promise<Learner | undefined>;
  /** How to name and link the modules that verdicts say are missing (see moduleReferences). */
  moduleReferences(tenantId: number, slugs: readonly string[]): Promise<Map<string, ModuleReference>>;
  /**
   * The course roster from the LMS (NRPS), `truncated` when it was longer than the tool reads; undefined when the
   * LMS offers none; throws when the LMS cannot be reached.
   */
  roster(launch: LaunchContext): Promise<{ members: RosterMember[]; truncated: boolean } | undefined>;
  today(): string;
}

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

  async function load(req: Request, res: Response, ctx: PageContext) {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!me || me.contextId === undefined) {
      sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      return undefined;
    }
    // The roster comes from the LMS over the network: read while the tool reads its own records.
    let rosterFailed = false;
    const rosterRead = deps.roster(ctx.launch).then(
      (r) => {
        if (r?.truncated)
          req.log?.warn(
            { event: 'nrps.truncated', members: r.members.length },
            "course roster cut at the tool's limit",
          );
        return r;
      },
      (err: unknown) => {
        rosterFailed = true;
        req.log?.warn({ event: 'nrps.failed', reason: (err as Error).message }, 'course roster unavailable');
        return undefined;
      },
    );
    const stored = await deps.frameworks.forTenant(ctx.tenantId);
    const assessments =
      (await deps.assessmentsFor(stored.framework.id, { tenantId: ctx.tenantId, contextId: me.contextId }))
        ?.assessments ?? [];
    const rows = await classOverview(
      deps,
      { tenantId: ctx.tenantId, contextId: me.contextId },
      rosterRead.then((r) => r?.members),
      assessments,
      deps.today(),
    );
    const roster = await rosterRead;
    const filter = filterSchema.parse(req.query);
    const code =
      filter.assessment && assessments.some((a) => a.code === filter.assessment)
        ? filter.assessment
        : assessments[0]?.code;
    const q = filter.q?.toLocaleLowerCase();
    const shown = rows.filter((r) => {
      const v = r.verdicts.find((x) => x.code === code);
      return (
        (!q ||
          (r.name ?? '').toLocaleLowerCase().includes(q) ||
          (r.email ?? '').toLocaleLowerCase().includes(q)) &&
        (!filter.group || r.targetGroup === filter.group) &&
        (filter.status === undefined ||
          (filter.status === 'never-launched' && !r.launched) ||
          (filter.status === 'eligible' && v?.verdict.eligible === true) ||
          (filter.status === 'not-yet' && r.launched && v?.verdict.eligible === false))
      );
    });
    return {
      stored,
      assessments,
      rows,
      shown,
      filter,
      code,
      rosterFailed,
      hasRoster: roster !== undefined,
      rosterCutAt: roster?.truncated ? roster.members.length : undefined,
    };
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
      const shown = pageOf(c.shown, c.filter.page, PAGE_SIZE);
      const verdictOf = (r: ClassRow) => r.verdicts.find((x) => x.code === c.code);
      // The modules missing on this page, named and linked from one query.
      const slugs = missingModules(
        shown.items.flatMap((r) => {
          const v = verdictOf(r);
          return v && r.launched ? [v.verdict] : [];
        }),
      );
      const modules = slugs.length
        ? await deps.moduleReferences(ctx.tenantId, slugs)
        : new Map<string, ModuleReference>();
      const rows = shown.items.map((r) => {
        const v = verdictOf(r);
        const mix = learningMix(r.byCategory);
        return {
          name: r.name ?? t(l, 'approvals.anonymous'),
          email: r.email,
          launched: r.launched,
          group: groupName(f, r.targetGroup, l),
          hours: r.hours,
          mix: r.hours > 0 ? `${mix[70]}:${mix[20]}:${mix[10]}` : '–',
          selfAssessment: r.lastSelfAssessment
            ? formatDate(l, new Date(`${r.lastSelfAssessment}T12:00:00+07:00`))
            : undefined,
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
        fixes: sharedFixes(rows),
        charts:
          c.rows.length > 0
            ? classCharts(
                l,
                c.rows,
                c.assessments.map((a) => ({ code: a.code, name: a.name[l] })),
                f.targetGroups.map((g) => ({ code: g.code, name: g.name[l] })),
                learningMix,
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
        ...withEra(r.lastSelfAssessment ?? ''),
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
      'class.csv.selfAssessment',
      ...(l === 'th' ? (['class.csv.selfAssessmentBuddhistEra'] as const) : []),
      'class.csv.eligibility',
      'class.csv.firstEligible',
      ...(l === 'th' ? (['class.csv.firstEligibleBuddhistEra'] as const) : []),
    ];
    return keys.map((k) => t(l, k));
  };

  router.get(
    '/app/class.csv',
    requireRole(deps, staff, async (req, res, ctx) => {
      const c = await load(req, res, ctx);
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
      const c = await load(req, res, ctx);
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
