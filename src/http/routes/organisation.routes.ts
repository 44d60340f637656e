import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { Assessment } from '../../domain/assessment/eligibility';
import type { Framework } from '../../domain/framework/framework';
import type { GroupLine, OrganisationReport } from '../../domain/reporting/organisation-report';
import { getOrganisationReport } from '../../use-cases/get-organisation-report';
import { getAgencyReport } from '../../use-cases/get-agency-report';
import type { AgencyReport } from '../../domain/agency/agency-report';
import { agencyReportView } from '../view-models/agency-report.view-model';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { sendCsv } from '../csv';
import { renderPage } from '../pages';
import { organisationCharts } from '../view-models/organisation-charts.view-model';

const query = z.object({ fy: fiscalYearSchema.optional().catch(undefined) });

/**
 * The organisation report for the LMS's administrators (seed 001's management reporting, seed 004's committee
 * review): across every course of the tenant, for one Thai fiscal year.
 */
export function organisationRoutes(deps: PageDeps): Router {
  const router = express.Router();

  const load = (req: Request, ctx: PageContext) =>
    getOrganisationReport(deps, { tenantId: ctx.tenantId, fiscalYear: query.parse(req.query).fy });

  const names = (f: Framework, assessments: Assessment[], l: Locale) => ({
    group: (code: string) =>
      code === '' ? t(l, 'report.noGroup') : (f.targetGroups.find((g) => g.code === code)?.name[l] ?? code),
    skillSet: (code: string) => f.skillSets.find((s) => s.code === code)?.name[l] ?? code,
    assessment: (code: string) => assessments.find((a) => a.code === code)?.name[l] ?? code,
  });

  router.get(
    '/app/organisation',
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const { f, assessments, fiscalYear, choices, report } = await load(req, ctx);
      const agency = await getAgencyReport(deps, { tenantId: ctx.tenantId, fiscalYear });
      const l = ctx.locale;
      const n = names(f, assessments, l);
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
      renderPage(req, res, deps.render, ctx, 'organisation', {
        title: t(l, 'report.title'),
        framework: f.name[l],
        fiscalYear,
        years: choices.map((y) => ({ value: y, selected: y === fiscalYear })),
        csvHref: `/app/organisation.csv?fy=${fiscalYear}`,
        empty: report.total.active === 0,
        groups: report.groups.map((g) => groupRow(g, n.group(g.group))),
        total: groupRow(report.total, t(l, 'report.total')),
        groupNames: report.groups.map((g) => n.group(g.group)),
        skillSets: report.skillSets.map((s) => ({
          name: n.skillSet(s.skillSet),
          learners: s.learners,
          hours: s.hours,
          h70: s.byCategory[70],
          h20: s.byCategory[20],
          h10: s.byCategory[10],
          byGroup: report.groups.map((g) => s.byGroup.get(g.group)?.learners ?? 0),
        })),
        eligibility: report.eligibility.map((e) => ({
          name: n.assessment(e.assessment),
          during: e.during,
          byEnd: e.byEnd,
          byGroup: report.groups.map((g) => e.byGroup.get(g.group)?.byEnd ?? 0),
        })),
        charts: organisationCharts(l, report, fiscalYear, n),
        agency: agencyReportView(l, agency, n.group),
      });
    }),
  );

  router.get(
    '/app/organisation.csv',
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const { f, assessments, fiscalYear, report } = await load(req, ctx);
      const agency = await getAgencyReport(deps, { tenantId: ctx.tenantId, fiscalYear });
      const l = ctx.locale;
      sendCsv(
        res,
        `organisation-${fiscalYear}.csv`,
        [...csvHeader(l), ...agencyCsvHeader(l)],
        withAgencyColumns(csvRows(report, fiscalYear, names(f, assessments, l), l), report, agency),
      );
    }),
  );

  return router;
}

function csvHeader(l: Locale): string[] {
  const keys: readonly TranslationKey[] = [
    'report.csv.fiscalYear',
    'report.csv.section',
    'report.csv.group',
    'report.csv.item',
    'report.headcount',
    'report.active',
    'report.hours',
    'report.h70',
    'report.h20',
    'report.h10',
    'report.mix',
    'report.eligibleDuring',
    'report.eligibleByEnd',
  ];
  return keys.map((k) => t(l, k));
}

function csvRows(
  r: OrganisationReport,
  fiscalYear: number,
  n: { group(code: string): string; skillSet(code: string): string; assessment(code: string): string },
  l: Locale,
): Array<Array<string | number>> {
  type Cells = Partial<{
    headcount: number;
    active: number;
    hours: number;
    byCategory: Record<70 | 20 | 10, number>;
    mix: string;
    during: number;
    byEnd: number;
  }>;
  const rows: Array<Array<string | number>> = [];
  // One line in the order of csvHeader; what a section does not have stays empty.
  const line = (sectionKey: TranslationKey, group: string, item: string, c: Cells) =>
    rows.push([
      fiscalYear,
      t(l, sectionKey),
      group,
      item,
      c.headcount ?? '',
      c.active ?? '',
      c.hours ?? '',
      c.byCategory?.[70] ?? '',
      c.byCategory?.[20] ?? '',
      c.byCategory?.[10] ?? '',
      c.mix ?? '',
      c.during ?? '',
      c.byEnd ?? '',
    ]);
  const total = t(l, 'report.total');
  for (const g of [...r.groups, r.total])
    line('report.byGroup', g === r.total ? total : n.group(g.group), '', {
      ...g,
      mix: g.hours > 0 ? `${g.mix[70]}:${g.mix[20]}:${g.mix[10]}` : '',
    });
  for (const s of r.skillSets) {
    const item = n.skillSet(s.skillSet);
    line('report.bySkillSet', total, item, { active: s.learners, hours: s.hours, byCategory: s.byCategory });
    for (const [group, v] of s.byGroup)
      line('report.bySkillSet', n.group(group), item, { active: v.learners, hours: v.hours });
  }
  for (const e of r.eligibility) {
    const item = n.assessment(e.assessment);
    line('report.eligibility', total, item, e);
    for (const [group, v] of e.byGroup) line('report.eligibility', n.group(group), item, v);
  }
  return rows;
}

/** The 70:30 and lecture-share columns (issue #18 items 8 and 9), after the report's own. */
function agencyCsvHeader(l: Locale): string[] {
  const keys: readonly TranslationKey[] = [
    'report.csv.current',
    'report.csv.future',
    'report.csv.unstated',
    'report.csv.split',
    'report.csv.lectureRecorded',
    'report.csv.lectureHeavy',
    'report.csv.lectureHeavyHours',
  ];
  return keys.map((k) => t(l, k));
}

/**
 * The report's rows with the 70:30 and lecture-share cells filled on its per-group lines (the first rows,
 * in the report's group order, then the total), empty on the others.
 */
function withAgencyColumns(
  rows: Array<Array<string | number>>,
  r: OrganisationReport,
  agency: AgencyReport,
): Array<Array<string | number>> {
  const lines = [...r.groups.map((g) => agency.groups.find((a) => a.group === g.group)), agency.total];
  return rows.map((row, i) => {
    const a = i < lines.length ? lines[i] : undefined;
    if (i >= lines.length) return [...row, '', '', '', '', '', '', ''];
    if (!a) return [...row, 0, 0, 0, '', 0, 0, 0];
    const p = a.split.percent;
    return [
      ...row,
      a.split.hours.current,
      a.split.hours.future,
      a.split.hours.unstated,
      p ? `${p.current}:${p.future}` : '',
      a.lecture.recorded,
      a.lecture.lectureHeavy,
      a.lecture.lectureHeavyHours,
    ];
  });
}
