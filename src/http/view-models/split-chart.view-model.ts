import { t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { HorizonSplit } from '../../domain/agency/seventy-thirty';

/** The guideline's 70:30 (seed 004 §4.5.4), as drawn beside what was done or planned. */
const TARGET = { current: 70, future: 30 } as const;

/**
 * The 70:30 bar (views/partials/split-chart.hbs): what the hours serve, today's work against the future, one
 * stacked bar for the hours and one for the guideline's 70:30, each 100 units wide under its label.
 * The text beside it says the same in words (the chart's text equivalent). Hours that do not say what they serve
 * are counted apart and left out of the shares.
 */
export function splitChart(
  l: Locale,
  split: HorizonSplit,
  title: TranslationKey,
  id: string,
  /** Whose hours the first bar shows: "mine" (done) or "planned". */
  first: TranslationKey = 'progress.mix.actual',
) {
  const bar = (label: string, shares: { current: number; future: number }, y: number) => ({
    label,
    y,
    labelY: y - 1.2,
    segments: (['current', 'future'] as const).map((h) => {
      const x = h === 'current' ? 0 : shares.current;
      const width = shares[h];
      return {
        horizon: h,
        x,
        width,
        labelX: x + width / 2,
        textY: y + 4.3,
        showLabel: width >= 10,
        text: `${width}%`,
      };
    }),
  });
  const percent = split.percent;
  return {
    id,
    title: t(l, title),
    drawn: percent !== undefined,
    bars: percent ? [bar(t(l, first), percent, 5), bar(t(l, 'progress.mix.target'), TARGET, 17)] : [],
    description: percent
      ? t(l, 'seventyThirty.desc', { current: percent.current, future: percent.future })
      : t(l, 'seventyThirty.none'),
    rows: (['current', 'future', 'unstated'] as const).map((h) => ({
      horizon: h,
      name: t(l, `horizon.short.${h}`),
      hours: split.hours[h],
      share: h === 'unstated' ? undefined : percent?.[h],
      target: h === 'unstated' ? undefined : TARGET[h],
    })),
    unstated:
      split.hours.unstated > 0 ? t(l, 'seventyThirty.unstated', { hours: split.hours.unstated }) : undefined,
    advice:
      percent === undefined
        ? undefined
        : split.balanced
          ? t(l, 'seventyThirty.balanced')
          : split.futureShort > 0
            ? t(l, 'seventyThirty.short', { hours: split.futureShort })
            : undefined,
  };
}

export type SplitChartView = ReturnType<typeof splitChart>;
