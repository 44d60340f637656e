import { t, type Locale } from '../../i18n/i18n';
import type { LearningCategory } from '../../domain/catalogue/learning-module';

const CATEGORIES: LearningCategory[] = [70, 20, 10];

/**
 * Geometry of the 70:20:10 chart, drawn as SVG by the template: one stacked bar for the learner's actual mix and
 * one for the target, each 100 units wide. Labels go inside a segment only when it is wide enough to hold them.
 */
export function mixChart(
  l: Locale,
  actual: Record<LearningCategory, number>,
  target: Record<LearningCategory, number> | undefined,
  hours: Record<LearningCategory, number>,
) {
  const bar = (label: string, shares: Record<LearningCategory, number>, y: number) => {
    let x = 0;
    const segments = CATEGORIES.map((c) => {
      const width = shares[c];
      const segment = {
        category: c,
        x,
        width,
        labelX: x + width / 2,
        showLabel: width >= 12,
        text: `${width}%`,
      };
      x += width;
      return segment;
    });
    return { label, y, labelY: y - 3, segments, empty: x === 0 };
  };
  const bars = [bar(t(l, 'progress.mix.actual'), actual, 12)];
  if (target) bars.push(bar(t(l, 'progress.mix.target'), target, 40));
  const summary = CATEGORIES.map((c) =>
    t(l, 'progress.mix.summaryItem', {
      category: c,
      name: t(l, `category.${c}`),
      actual: actual[c],
      target: target ? target[c] : '–',
      hours: hours[c],
    }),
  ).join('; ');
  return {
    height: target ? 60 : 32,
    bars,
    legend: CATEGORIES.map((c) => ({ category: c, name: t(l, `category.${c}`) })),
    // The text equivalent for screen readers (and the table below the chart for everyone).
    description: summary,
    rows: CATEGORIES.map((c) => ({
      category: c,
      name: t(l, `category.${c}`),
      hours: hours[c],
      actual: actual[c],
      target: target?.[c],
    })),
  };
}

/** The 70:20:10 chart as the progress page draws it. */
export type MixChartView = ReturnType<typeof mixChart>;
