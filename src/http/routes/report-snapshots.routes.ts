import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { snapshotIdSchema } from '../../shared/id-schemas';
import { formatDateTime, t, type Locale } from '../../i18n/i18n';
import type { Change } from '../../domain/reporting/report-snapshot';
import type { GroupLine } from '../../domain/reporting/organisation-report';
import { takeReportSnapshot } from '../../use-cases/take-report-snapshot';
import {
  compareReportSnapshots,
  getReportSnapshot,
  listReportSnapshots,
} from '../../use-cases/get-report-snapshots';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { sendCsv } from '../csv';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import {
  agencyCsvHeader,
  AS_OF_PROBLEM_KEY,
  csvHeader,
  csvRows,
  formatIsoDate,
  reportNames,
  withAgencyColumns,
} from './organisation.routes';
import { agencyReportView } from '../view-models/agency-report.view-model';

const BASE = '/app/organisation/snapshots';
const takeForm = z.object({
  title: z.string().trim().min(1).max(200),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  fy: fiscalYearSchema.optional().catch(undefined),
});
const compareQuery = z.object({ a: snapshotIdSchema, b: snapshotIdSchema });
const idParam = z.object({ id: snapshotIdSchema });

/**
 * The development committee's snapshots of the organisation report (issue #18 item 10; seed 004 §7), for the
 * LMS's administrators: taken from the report page, listed, each printable and as CSV, and two compared.
 */
export function reportSnapshotRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 });
  const admin = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);

  const notFound = (req: Request, res: Response, l: Locale) =>
    sendErrorPage(req, res, deps.render, l, {
      status: 404,
      heading: t(l, 'snapshots.title'),
      message: t(l, 'snapshot.notFound'),
    });

  router.get(
    BASE,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const list = await listReportSnapshots(deps, ctx.tenantId);
      const options = list.map((s) => ({
        value: s.id,
        label: `${s.title} (${formatIsoDate(l, s.asOf)})`,
      }));
      renderPage(req, res, deps.render, ctx, 'report-snapshots', {
        title: t(l, 'snapshots.title'),
        snapshots: list.map((s, i) => ({
          href: `${BASE}/${s.id}`,
          // Against the one taken before it (the list is newest first).
          ...(list[i + 1] ? { compareHref: `${BASE}/compare?a=${list[i + 1]!.id}&b=${s.id}` } : {}),
          title: s.title,
          asOf: formatIsoDate(l, s.asOf),
          fiscalYear: s.fiscalYear,
          taken: formatDateTime(l, s.takenAt),
          by: s.takenByName ?? '–',
        })),
        first: options.map((o, i) => ({ ...o, selected: i === 1 })),
        second: options.map((o, i) => ({ ...o, selected: i === 0 })),
        canCompare: list.length >= 2,
      });
    }),
  );

  router.post(
    BASE,
    form,
    admin(async (req, res, ctx) => {
      const parsed = takeForm.safeParse(req.body);
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!me) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      if (!parsed.success)
        return sendErrorPage(req, res, deps.render, ctx.locale, {
          status: 422,
          heading: t(ctx.locale, 'snapshot.save.heading'),
          message: t(ctx.locale, 'snapshot.error.title'),
        });
      const result = await takeReportSnapshot(
        deps,
        { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) },
        {
          title: parsed.data.title,
          asOf: parsed.data.asOf,
          ...(parsed.data.fy !== undefined ? { fiscalYear: parsed.data.fy } : {}),
        },
      );
      if ('problem' in result)
        return sendErrorPage(req, res, deps.render, ctx.locale, {
          status: 422,
          heading: t(ctx.locale, 'snapshot.save.heading'),
          message: t(ctx.locale, AS_OF_PROBLEM_KEY[result.problem], {
            example: formatIsoDate(ctx.locale, deps.today()),
            year: '',
          }),
        });
      redirectWithLtik(res, ctx.ltik, `${BASE}/${result.id}`);
    }),
  );

  // Before /:id, which would take "compare" for an id.
  router.get(
    `${BASE}/compare`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const q = compareQuery.safeParse(req.query);
      if (!q.success || q.data.a === q.data.b)
        return sendErrorPage(req, res, deps.render, l, {
          status: 400,
          heading: t(l, 'compare.title'),
          message: t(l, 'snapshot.compare.pickTwo'),
          back: { href: BASE, label: t(l, 'snapshots.title') },
        });
      const found = await compareReportSnapshots(deps, ctx.tenantId, [q.data.a, q.data.b]);
      if (!found) return notFound(req, res, l);
      const n = reportNames(found.f, found.assessments, l);
      const cells = (c: Change) => ({ before: c.before, after: c.after, change: changeText(l, c.change) });
      renderPage(req, res, deps.render, ctx, 'report-compare', {
        title: t(l, 'compare.title'),
        intro: t(l, 'compare.intro', {
          earlier: found.earlier.title,
          earlierDate: formatIsoDate(l, found.earlier.asOf),
          later: found.later.title,
          laterDate: formatIsoDate(l, found.later.asOf),
        }),
        earlierHref: `${BASE}/${found.earlier.id}`,
        laterHref: `${BASE}/${found.later.id}`,
        groups: [
          ...found.comparison.groups.map((g) => ({
            name: n.group(g.group),
            active: cells(g.active),
            hours: cells(g.hours),
          })),
          {
            name: t(l, 'report.total'),
            active: cells(found.comparison.total.active),
            hours: cells(found.comparison.total.hours),
          },
        ],
        skillSets: found.comparison.skillSets.flatMap((s) => [
          { name: n.skillSet(s.skillSet), group: t(l, 'report.total'), hours: cells(s.hours), isTotal: true },
          ...s.byGroup
            .filter((g) => g.hours.before !== 0 || g.hours.after !== 0)
            .map((g) => ({
              name: n.skillSet(s.skillSet),
              group: n.group(g.group),
              hours: cells(g.hours),
              isTotal: false,
            })),
        ]),
        eligibility: found.comparison.eligibility.map((e) => ({
          name: n.assessment(e.assessment),
          byEnd: cells(e.byEnd),
        })),
        ...(found.comparison.seventyThirty
          ? {
              seventyThirty: [
                ...found.comparison.seventyThirty.groups.map((g) => ({
                  name: n.group(g.group),
                  current: cells(g.current),
                  future: cells(g.future),
                })),
                {
                  name: t(l, 'report.total'),
                  current: cells(found.comparison.seventyThirty.total.current),
                  future: cells(found.comparison.seventyThirty.total.future),
                },
              ],
            }
          : {}),
      });
    }),
  );

  router.get(
    `${BASE}/:id`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const p = idParam.safeParse(req.params);
      const found = p.success ? await getReportSnapshot(deps, ctx.tenantId, p.data.id) : undefined;
      if (!found) return notFound(req, res, l);
      const { snapshot, report, agency } = found;
      const n = reportNames(found.f, found.assessments, l);
      const groupRow = (g: GroupLine, name: string) => ({
        name,
        headcount: g.headcount,
        active: g.active,
        hours: g.hours,
        h70: g.byCategory[70],
        h20: g.byCategory[20],
        h10: g.byCategory[10],
        mix: g.hours > 0 ? `${g.mix[70]}:${g.mix[20]}:${g.mix[10]}` : '–',
      });
      renderPage(req, res, deps.render, ctx, 'report-snapshot', {
        title: t(l, 'snapshot.title', { title: snapshot.title }),
        heading: snapshot.title,
        asOf: formatIsoDate(l, snapshot.asOf),
        fiscalYear: snapshot.fiscalYear,
        taken: formatDateTime(l, snapshot.takenAt),
        by: snapshot.takenByName ?? '–',
        framework: found.f.id === snapshot.frameworkCode ? found.f.name[l] : snapshot.frameworkCode,
        csvHref: `${BASE}/${snapshot.id}/export.csv`,
        groups: report.groups.map((g) => groupRow(g, n.group(g.group))),
        total: groupRow(report.total, t(l, 'report.total')),
        groupNames: report.groups.map((g) => n.group(g.group)),
        skillSets: report.skillSets.map((s) => ({
          name: n.skillSet(s.skillSet),
          learners: s.learners,
          hours: s.hours,
          byGroup: report.groups.map((g) => s.byGroup.get(g.group)?.hours ?? 0),
        })),
        eligibility: report.eligibility.map((e) => ({
          name: n.assessment(e.assessment),
          during: e.during,
          byEnd: e.byEnd,
        })),
        // The figures were counted when the snapshot was taken, each learner in the group they held then.
        groupsNote: t(l, 'snapshot.groupsNote', { taken: formatDateTime(l, snapshot.takenAt) }),
        ...(agency ? { agency: agencyReportView(l, agency, n.group) } : {}),
      });
    }),
  );

  router.get(
    `${BASE}/:id/export.csv`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const p = idParam.safeParse(req.params);
      const found = p.success ? await getReportSnapshot(deps, ctx.tenantId, p.data.id) : undefined;
      if (!found) return notFound(req, res, l);
      const { snapshot, report, agency } = found;
      const names = reportNames(found.f, found.assessments, l);
      const rows = csvRows(report, snapshot.fiscalYear, names, l);
      sendCsv(
        res,
        `snapshot-${snapshot.id}-${snapshot.asOf}.csv`,
        [t(l, 'compare.csv.snapshot'), t(l, 'snapshot.csv.asOf'), ...csvHeader(l), ...agencyCsvHeader(l)],
        // A snapshot taken before snapshots kept 70:30 (version 1) leaves those cells empty.
        (agency
          ? withAgencyColumns(rows, report, agency)
          : rows.map((r) => [...r, '', '', '', '', '', '', ''])
        ).map((r) => [snapshot.title, snapshot.asOf, ...r]),
      );
    }),
  );

  return router;
}

/** A change with its sign and in words: "+3 (up 3)", "−1.5 (down 1.5)", "0 (no change)". */
function changeText(l: Locale, change: number): string {
  if (change > 0) return `+${change} (${t(l, 'compare.up', { n: change })})`;
  if (change < 0) return `−${-change} (${t(l, 'compare.down', { n: -change })})`;
  return `0 (${t(l, 'compare.same')})`;
}
