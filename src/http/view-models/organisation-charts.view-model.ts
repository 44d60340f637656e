import { t, type Locale } from '../../i18n/i18n';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { OrganisationReport } from '../../domain/reporting/organisation-report';
import { barChart, categorySeries } from './bar-chart.view-model';

const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];

/**
 * The organisation report's charts (views/pages/organisation.hbs): hours and the 70:20:10 mix per target group,
 * hours per skill set, eligible learners per assessment. The report's tables beside them are their text
 * equivalents, so the charts carry no table of their own. `fiscalYear` is a Buddhist-era year, as the page's.
 */
export function organisationCharts(
  l: Locale,
  report: OrganisationReport,
  fiscalYear: number,
  names: { group(code: string): string; skillSet(code: string): string; assessment(code: string): string },
) {
  const categories = categorySeries(l);
  const hours3 = (h: Record<LearningCategory, number>) => CATEGORIES.map((c) => h[c]);
  return {
    hoursByGroup: barChart(l, {
      id: 'chart-group-hours',
      title: t(l, 'chart.org.hoursByGroup', { year: fiscalYear }),
      unit: 'hours',
      series: categories,
      rows: report.groups.map((g) => ({ label: names.group(g.group), values: hours3(g.byCategory) })),
    }),
    mixByGroup: barChart(l, {
      id: 'chart-group-mix',
      title: t(l, 'chart.org.mixByGroup', { year: fiscalYear }),
      unit: 'percent',
      kind: 'share',
      series: categories,
      rows: [...report.groups, report.total]
        .filter((g) => g.hours > 0)
        .map((g) => ({
          label: g === report.total ? t(l, 'report.total') : names.group(g.group),
          values: hours3(g.mix),
          note: g.hours,
        })),
    }),
    hoursBySkillSet: barChart(l, {
      id: 'chart-skill-set-hours',
      title: t(l, 'chart.org.hoursBySkillSet', { year: fiscalYear }),
      unit: 'hours',
      series: categories,
      rows: report.skillSets.map((s) => ({
        label: names.skillSet(s.skillSet),
        values: hours3(s.byCategory),
      })),
    }),
    eligibility: barChart(l, {
      id: 'chart-eligibility',
      title: t(l, 'chart.org.eligibility', { year: fiscalYear }),
      unit: 'people',
      series: [
        { name: t(l, 'chart.series.eligibleBefore'), tone: 'earlier' },
        { name: t(l, 'chart.series.eligibleDuring'), tone: 'good' },
      ],
      rows: report.eligibility.map((e) => ({
        label: names.assessment(e.assessment),
        values: [Math.max(0, e.byEnd - e.during), e.during],
      })),
    }),
  };
}

export type OrganisationChartsView = ReturnType<typeof organisationCharts>;
