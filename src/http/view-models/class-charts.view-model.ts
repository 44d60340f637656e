import { t, type Locale } from '../../i18n/i18n';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import { barChart, categorySeries, formatNumber, niceScale } from './bar-chart.view-model';

const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];

/** What the charts read of a class row (the class view's rows, whatever else they carry). */
export interface ClassChartRow {
  /** False for members the LMS lists who never opened the tool. */
  launched: boolean;
  targetGroup?: string;
  hours: number;
  byCategory: Record<LearningCategory, number>;
  verdicts: ReadonlyArray<{ code: string; verdict: { eligible: boolean } }>;
}

/**
 * Learners' hours in equal ranges of a round width: (0, step], (step, 2 step], ...; no hours at all is a bar of
 * its own. One pass over the hours, no sort.
 */
export function hoursBuckets(
  hours: ArrayLike<number>,
  max: number,
  maxBuckets = 6,
): { zero: number; step: number; counts: number[] } {
  const { step, ticks } = niceScale(max, maxBuckets);
  const counts = new Array<number>(max > 0 ? ticks.length - 1 : 0).fill(0);
  let zero = 0;
  for (let i = 0; i < hours.length; i++) {
    const h = hours[i]!;
    if (!(h > 0)) zero++;
    else counts[Math.min(counts.length - 1, Math.ceil(h / step - 1e-9) - 1)]! += 1;
  }
  return { zero, step, counts };
}

/**
 * The class view's charts (views/pages/class.hbs), over the whole class: how many learners have how many hours,
 * the 70:20:10 mix of the class and of each target group in it, and per assessment who is eligible, who not yet
 * and who never opened the tool. Each carries its table, the text equivalent. The rows are read once.
 * `mixOf` is the domain's rule for the 70:20:10 percentages (learningMix), handed in by the class view's use case.
 */
export function classCharts(
  l: Locale,
  rows: readonly ClassChartRow[],
  assessments: ReadonlyArray<{ code: string; name: string }>,
  groups: ReadonlyArray<{ code: string; name: string }>,
  mixOf: (hours: Record<LearningCategory, number>) => Record<LearningCategory, number>,
) {
  const hours = new Float64Array(rows.length);
  let opened = 0;
  let max = 0;
  let neverOpened = 0;
  const zero3 = (): Record<LearningCategory, number> => ({ 70: 0, 20: 0, 10: 0 });
  const byGroup = new Map<string, Record<LearningCategory, number>>();
  const whole = zero3();
  const assessmentIndex = new Map(assessments.map((a, i) => [a.code, i]));
  const eligible = new Array<number>(assessments.length).fill(0);
  const notYet = new Array<number>(assessments.length).fill(0);
  for (const r of rows) {
    if (!r.launched) {
      neverOpened++;
      continue;
    }
    hours[opened++] = r.hours;
    if (r.hours > max) max = r.hours;
    const group = r.targetGroup ?? '';
    let g = byGroup.get(group);
    if (!g) byGroup.set(group, (g = zero3()));
    for (const c of CATEGORIES) {
      g[c] += r.byCategory[c];
      whole[c] += r.byCategory[c];
    }
    for (const v of r.verdicts) {
      const i = assessmentIndex.get(v.code);
      if (i === undefined) continue;
      if (v.verdict.eligible) eligible[i]! += 1;
      else notYet[i]! += 1;
    }
  }

  const buckets = hoursBuckets(hours.subarray(0, opened), max);
  const range = (i: number) =>
    t(l, 'chart.class.hoursRange', {
      from: formatNumber(l, i * buckets.step),
      to: formatNumber(l, (i + 1) * buckets.step),
    });
  const hoursRows = [
    ...(neverOpened > 0 ? [{ label: t(l, 'class.status.never-launched'), values: [neverOpened] }] : []),
    { label: t(l, 'chart.class.noHours'), values: [buckets.zero] },
    ...buckets.counts.map((n, i) => ({ label: range(i), values: [n] })),
  ];

  const sum = (h: Record<LearningCategory, number>) => h[70] + h[20] + h[10];
  const mixRow = (label: string, h: Record<LearningCategory, number>) => {
    const mix = mixOf(h);
    return {
      label,
      values: CATEGORIES.map((c) => mix[c]),
      note: Math.round(sum(h) * 100) / 100,
    };
  };
  const groupName = (code: string) =>
    code === '' ? t(l, 'report.noGroup') : (groups.find((g) => g.code === code)?.name ?? code);
  // The framework's groups in its order, then any other, then learners without one.
  const order = [...groups.map((g) => g.code), ...[...byGroup.keys()].filter((c) => c !== '').sort(), ''];
  const groupRows = [...new Set(order)]
    .map((code) => ({ code, h: byGroup.get(code) }))
    .filter((x): x is { code: string; h: Record<LearningCategory, number> } => !!x.h && sum(x.h) > 0)
    .map((x) => mixRow(groupName(x.code), x.h));

  return {
    hours: barChart(l, {
      id: 'chart-class-hours',
      title: t(l, 'chart.class.hours'),
      unit: 'people',
      series: [{ name: t(l, 'chart.learners'), tone: 'plain' }],
      rows: rows.length > 0 ? hoursRows : [],
      rowHeader: t(l, 'chart.class.hoursHeader'),
    }),
    mix: barChart(l, {
      id: 'chart-class-mix',
      title: t(l, 'chart.class.mix'),
      unit: 'percent',
      kind: 'share',
      series: categorySeries(l),
      rows: sum(whole) > 0 ? [mixRow(t(l, 'chart.class.wholeClass'), whole), ...groupRows] : [],
      rowHeader: t(l, 'progress.target.group'),
      noteHeader: t(l, 'progress.mix.hours'),
    }),
    eligibility: barChart(l, {
      id: 'chart-class-eligibility',
      title: t(l, 'chart.class.eligibility'),
      unit: 'people',
      series: [
        { name: t(l, 'eligibility.eligible'), tone: 'good' },
        { name: t(l, 'eligibility.notYet'), tone: 'warn' },
        { name: t(l, 'class.status.never-launched'), tone: 'none' },
      ],
      rows: assessments.map((a, i) => ({ label: a.name, values: [eligible[i]!, notYet[i]!, neverOpened] })),
      rowHeader: t(l, 'class.assessment'),
    }),
  };
}

export type ClassChartsView = ReturnType<typeof classCharts>;
