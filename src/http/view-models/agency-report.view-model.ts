import { t, type Locale } from '../../i18n/i18n';
import type { AgencyGroupLine, AgencyReport } from '../../domain/agency/agency-report';
import { splitChart, type SplitChartView } from './split-chart.view-model';

export interface AgencyReportRow {
  name: string;
  current: number;
  future: number;
  unstated: number;
  /** "current:future" in whole percent of the stated hours, '–' without any. */
  split: string;
  /** Training with a recorded lecture share, and of it over 60 % lecture (entries and hours). */
  recorded: number;
  heavy: number;
  heavyHours: number;
}

/** The organisation page's 70:30 and lecture-share section (views/pages/organisation.hbs). */
export interface AgencyReportView {
  split: SplitChartView;
  groups: AgencyReportRow[];
  total: AgencyReportRow;
  lecture: string;
}

export function agencyReportView(
  l: Locale,
  report: AgencyReport,
  groupName: (code: string) => string,
): AgencyReportView {
  const row = (g: AgencyGroupLine, name: string): AgencyReportRow => ({
    name,
    current: g.split.hours.current,
    future: g.split.hours.future,
    unstated: g.split.hours.unstated,
    split: g.split.percent ? `${g.split.percent.current}:${g.split.percent.future}` : '–',
    recorded: g.lecture.recorded,
    heavy: g.lecture.lectureHeavy,
    heavyHours: g.lecture.lectureHeavyHours,
  });
  const lec = report.total.lecture;
  return {
    split: splitChart(
      l,
      report.total.split,
      'organisation.seventyThirty',
      'report-split',
      'organisation.seventyThirty.total',
    ),
    groups: report.groups.map((g) => row(g, groupName(g.group))),
    total: row(report.total, t(l, 'report.total')),
    lecture:
      lec.recorded === 0
        ? t(l, 'organisation.lecture.none')
        : t(l, 'organisation.lecture.line', {
            heavy: lec.lectureHeavy,
            recorded: lec.recorded,
            heavyHours: lec.lectureHeavyHours,
            recordedHours: lec.recordedHours,
          }),
  };
}
