import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { eraOf, formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { Assessment } from '../../domain/assessment/eligibility';
import type { Framework } from '../../domain/framework/framework';
import type { GroupLine, OrganisationReport } from '../../domain/reporting/organisation-report';
import {
  getOrganisationReport,
  type AsOfProblem,
  type OrganisationReportView,
} from '../../use-cases/get-organisation-report';
import type { AgencyReport } from '../../domain/agency/agency-report';
import { agencyReportView } from '../view-models/agency-report.view-model';
import { formErrors, NO_ERRORS, type FormErrors } from '../form-errors';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { sendCsv } from '../csv';
import { renderPage } from '../pages';
import { organisationCharts } from '../view-models/organisation-charts.view-model';

const query = z.object({
  fy: fiscalYearSchema.optional().catch(undefined),
  asOf: z.string().trim().max(40).optional().catch(undefined),
});

/** The message of a refused "as of" day, with today as the example, in the page's era. */
export const AS_OF_PROBLEM_KEY: Record<AsOfProblem, TranslationKey> = {
  DATE_FORMAT: 'record.error.dateFormat',
  DATE_NOT_A_DAY: 'record.error.dateNotADay',
  YEAR_LOOKS_CHRISTIAN: 'record.error.yearLooksChristian',
  YEAR_LOOKS_BUDDHIST: 'record.error.yearLooksBuddhist',
  AS_OF_IN_FUTURE: 'report.asOf.error.AS_OF_IN_FUTURE',
  AS_OF_OUT_OF_RANGE: 'report.asOf.error.AS_OF_OUT_OF_RANGE',
};

/**
 * The organisation report for the LMS's administrators (seed 001's management reporting, seed 004's committee
 * review): across every course of the tenant, for one Thai fiscal year.
 */
export function organisationRoutes(deps: PageDeps): Router {
  const router = express.Router();

  /**
   * The report for the asked year or "as of" day; a refused day comes back as the form's error, with the report
   * as it counts today.
   */
  const load = async (
    req: Request,
    ctx: PageContext,
  ): Promise<{ view: OrganisationReportView; asOfText: string; errors: FormErrors }> => {
    const q = query.parse(req.query);
    const era = eraOf(ctx.locale);
    const base = { tenantId: ctx.tenantId, era, ...(q.fy !== undefined ? { fiscalYear: q.fy } : {}) };
    const asked = q.asOf
      ? await getOrganisationReport(deps, { ...base, asOf: { typed: q.asOf, era } })
      : undefined;
    if (asked && !('problem' in asked)) return { view: asked, asOfText: q.asOf ?? '', errors: NO_ERRORS };
    const view = await getOrganisationReport(deps, base);
    if ('problem' in view) throw new Error('the report without a day cannot be refused');
    const errors =
      asked && 'problem' in asked
        ? formErrors(
            ctx.locale,
            [{ field: 'asOf', id: 'asOf', label: t(ctx.locale, 'report.asOf.label') }],
            [
              {
                field: 'asOf',
                key: AS_OF_PROBLEM_KEY[asked.problem],
                params: { example: view.typed.today, year: view.typed.today.slice(-4) },
              },
            ],
          )
        : NO_ERRORS;
    return { view, asOfText: q.asOf ?? '', errors };
  };

  router.get(
    '/app/organisation',
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const { view, asOfText, errors } = await load(req, ctx);
      const { f, assessments, fiscalYear, choices, report, agency } = view;
      const l = ctx.locale;
      const n = reportNames(f, assessments, l);
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
      renderPage(
        req,
        res,
        deps.render,
        ctx,
        'organisation',
        {
          title: t(l, 'report.title'),
          framework: f.name[l],
          fiscalYear,
          years: choices.map((y) => ({ value: y, selected: y === fiscalYear })),
          csvHref: view.isToday
            ? `/app/organisation.csv?fy=${fiscalYear}`
            : `/app/organisation.csv?asOf=${encodeURIComponent(view.typed.asOf)}`,
          errors,
          asOf: {
            text: asOfText,
            iso: view.asOf,
            hint: t(l, 'report.asOf.hint', { example: view.typed.today }),
            dateText: formatIsoDate(l, view.asOf),
            heading: t(l, 'report.asOf.heading', { date: formatIsoDate(l, view.asOf) }),
            note: t(l, view.isToday ? 'report.asOf.todayNote' : 'report.asOf.pastNote'),
            isToday: view.isToday,
            // A past day counts each learner in the target group they hold today (migration 0053).
            ...(view.isToday ? {} : { groupsNote: t(l, 'report.asOf.groupsToday') }),
          },
          snapshotTitleHint: t(l, 'snapshot.field.title.hint', { year: fiscalYear }),
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
        },
        errors.hasErrors ? 422 : 200,
      );
    }),
  );

  router.get(
    '/app/organisation.csv',
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const { view } = await load(req, ctx);
      const { f, assessments, fiscalYear, report, agency } = view;
      const l = ctx.locale;
      sendCsv(
        res,
        `organisation-${fiscalYear}.csv`,
        [...csvHeader(l), ...agencyCsvHeader(l)],
        withAgencyColumns(csvRows(report, fiscalYear, reportNames(f, assessments, l), l), report, agency),
      );
    }),
  );

  return router;
}

/** The names of a report's codes in a language (a group, a skill set, an assessment). */
export function reportNames(f: Framework, assessments: Assessment[], l: Locale) {
  return {
    group: (code: string) =>
      code === '' ? t(l, 'report.noGroup') : (f.targetGroups.find((g) => g.code === code)?.name[l] ?? code),
    skillSet: (code: string) => f.skillSets.find((s) => s.code === code)?.name[l] ?? code,
    assessment: (code: string) => assessments.find((a) => a.code === code)?.name[l] ?? code,
  };
}

/** An ISO day as the page's language writes dates (Thai: Buddhist era). */
export function formatIsoDate(l: Locale, iso: string): string {
  return formatDate(l, new Date(`${iso}T12:00:00+07:00`));
}

export function csvHeader(l: Locale): string[] {
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

export function csvRows(
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
export function agencyCsvHeader(l: Locale): string[] {
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
 * in the report's group order, then the total) and empty on the others.
 */
export function withAgencyColumns(
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
