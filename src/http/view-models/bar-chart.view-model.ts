import { t, type Locale } from '../../i18n/i18n';
import type { LearningCategory } from '../../domain/catalogue/learning-module';

/**
 * Horizontal bar charts drawn as SVG by views/partials/bar-chart.hbs: a pure function from numbers to geometry
 * and text, like the progress page's mix chart (mix-chart.view-model.ts). Each row is one bar of one or more
 * stacked segments; the label sits above its bar (Thai names are long: they wrap onto up to three lines), the
 * total after it. Colour never carries meaning alone: every series has its own pattern, the legend names them, a
 * share chart writes its percentages into the segments, and the table beside the chart (and the SVG's <desc>)
 * says everything in words.
 */

/** What a series looks like; the template turns each into an SVG <pattern> (see TONES). */
export type ChartTone = 'c70' | 'c20' | 'c10' | 'good' | 'earlier' | 'warn' | 'none' | 'plain';

export interface ChartSeries {
  /** The legend's and the table's name of the series. */
  name: string;
  /** A short name for the text equivalent (the legend's name when absent). */
  short?: string;
  tone: ChartTone;
}

export interface BarChartSpec {
  /** Unique on the page: the ids of the chart's title, description and patterns start with it. */
  id: string;
  title: string;
  /** How a value reads: "12 h", "12 learners", "12 %". */
  unit: 'hours' | 'people' | 'percent';
  /** 'stack': the values of a row add up along one axis; 'share': each row is 100 % (values are percentages). */
  kind?: 'stack' | 'share';
  series: readonly ChartSeries[];
  /** One value per series, in the series' order. `note` is written after a share bar: the hours behind it. */
  rows: ReadonlyArray<{ label: string; values: readonly number[]; note?: number }>;
  /** The table's first column header (what a row is); without it the chart has no table of its own. */
  rowHeader?: string;
  /** The header of the notes' column in the table. */
  noteHeader?: string;
}

/** Colours with at least 4.5:1 against white (and white text on them); the darker marks keep that. */
const TONES: Record<ChartTone, { colour: string; mark: 'solid' | 'stripes' | 'dots' }> = {
  c70: { colour: '#0b5cad', mark: 'solid' },
  c20: { colour: '#2f8132', mark: 'stripes' },
  c10: { colour: '#8e4b10', mark: 'dots' },
  good: { colour: '#2f8132', mark: 'solid' },
  earlier: { colour: '#0b5cad', mark: 'stripes' },
  warn: { colour: '#8e4b10', mark: 'stripes' },
  none: { colour: '#52606d', mark: 'dots' },
  plain: { colour: '#0b5cad', mark: 'solid' },
};

// Geometry in SVG units; the SVG scales to its box (static/charts.css), about 1.6 units per CSS px on a desktop.
export const CHART_WIDTH = 320;
const PLOT_WIDTH = 232;
const LABEL_FONT = 13;
const LINE_HEIGHT = 17;
const BAR_HEIGHT = 16;
const ROW_GAP = 10;
const AXIS_HEIGHT = 18;
const MAX_LABEL_LINES = 3;
/** The width of an average glyph, in ems: Thai and Latin letters of Sarabun are about 0.55 em wide. */
const GLYPH_EM = 0.6;
/** A share segment holds its percentage when it is at least this wide. */
const MIN_LABELLED_SEGMENT = 30;

const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];

const numberFormats: Record<Locale, Intl.NumberFormat> = {
  th: new Intl.NumberFormat('th-TH', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** A number as the page's language writes it: "1,234.5". */
export function formatNumber(l: Locale, n: number): string {
  return numberFormats[l].format(n);
}

/** A value with its unit: "12.5 ชม." / "12.5 h", "3 คน" / "3 learners" ("1 learner"), "40 %". */
export function formatValue(l: Locale, unit: BarChartSpec['unit'], n: number): string {
  const value = formatNumber(l, n);
  if (unit === 'hours') return t(l, 'chart.unit.hours', { value });
  // English counts one learner in the singular (Thai has one form: both messages say "{value} คน").
  if (unit === 'people') return t(l, n === 1 ? 'chart.unit.people.one' : 'chart.unit.people', { value });
  return t(l, 'chart.unit.percent', { value });
}

/**
 * An axis from 0 that holds `max`: a step of 1, 2, 2.5 or 5 times a power of ten giving at most `maxTicks`
 * intervals. Counts of people never get a fractional step.
 */
export function niceScale(
  max: number,
  maxTicks = 4,
  integer = false,
): { top: number; step: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, step: 1, ticks: [0, 1] };
  const rough = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step0 = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough - 1e-9) ?? 10 * power;
  const step = integer ? Math.max(1, Math.ceil(step0)) : step0;
  const intervals = Math.max(1, Math.ceil(max / step - 1e-9));
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => round(i * step, 6));
  return { top: round(intervals * step, 6), step, ticks };
}

const round = (n: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

// Thai vowels above and below and tone marks take no width of their own.
const ZERO_WIDTH = /[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200b-\u200d]/gu;
const textWidth = (s: string, font: number) => s.replace(ZERO_WIDTH, '').length * font * GLYPH_EM;
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * A label broken into lines that fit the chart, between words (Thai has no spaces: Intl.Segmenter finds the
 * words); past the last line the text is cut with an ellipsis (the full text is in the table and the <desc>).
 */
export function wrapLabel(
  label: string,
  width = CHART_WIDTH,
  font = LABEL_FONT,
  maxLines = MAX_LABEL_LINES,
): string[] {
  const text = label.trim();
  // Most labels fit: only a long one is cut into words (the segmenter is the costly part).
  if (textWidth(text, font) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const { segment } of segmenter.segment(text)) {
    if (textWidth(line + segment, font) <= width || line.trim() === '') {
      line += segment;
      continue;
    }
    lines.push(line.trimEnd());
    line = segment.trimStart();
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 1 && textWidth(`${last}…`, font) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

export function barChart(l: Locale, spec: BarChartSpec) {
  const share = spec.kind === 'share';
  const totals = spec.rows.map((r) => r.values.reduce((a, v) => a + v, 0));
  const max = totals.reduce((a, v) => Math.max(a, v), 0);
  const scale = share
    ? { top: 100, step: 25, ticks: [0, 25, 50, 75, 100] }
    : niceScale(max, 4, spec.unit === 'people');
  const unitWidth = PLOT_WIDTH / scale.top;
  const fill = (tone: ChartTone) => `url(#${spec.id}-${tone})`;

  let y = 4;
  const rows = spec.rows.map((r, i) => {
    const lines = wrapLabel(r.label).map((text, n) => ({ text, y: y + LABEL_FONT + n * LINE_HEIGHT }));
    const barY = y + lines.length * LINE_HEIGHT + 3;
    let x = 0;
    const segments = r.values.flatMap((v, s) => {
      if (!(v > 0)) return [];
      const series = spec.series[s]!;
      const width = round(v * unitWidth);
      const segment = {
        x: round(x),
        width,
        fill: fill(series.tone),
        stroke: TONES[series.tone].colour,
        labelX: round(x + width / 2),
        label: share && width >= MIN_LABELLED_SEGMENT ? formatValue(l, 'percent', v) : undefined,
      };
      x += width;
      return [segment];
    });
    const total = totals[i]!;
    const valueText = share
      ? r.note === undefined
        ? ''
        : formatValue(l, 'hours', r.note)
      : formatValue(l, spec.unit, total);
    y = barY + BAR_HEIGHT + ROW_GAP;
    return {
      lines,
      barY,
      textY: barY + BAR_HEIGHT / 2 + 4,
      barHeight: BAR_HEIGHT,
      segments,
      valueX: round(Math.min(x, PLOT_WIDTH) + 4),
      valueText,
    };
  });
  const axisY = y - ROW_GAP + 4;
  const ticks = scale.ticks.map((v) => ({
    x: round(v * unitWidth),
    text: formatNumber(l, v),
  }));
  const seriesShort = spec.series.map((s) => s.short ?? s.name);
  // The text equivalent: every row with every value, as the table below says it.
  const description = spec.rows
    .map((r, i) => {
      const parts = r.values.map((v, s) => `${seriesShort[s]} ${formatValue(l, spec.unit, v)}`);
      const total = share
        ? r.note === undefined
          ? undefined
          : formatValue(l, 'hours', r.note)
        : formatValue(l, spec.unit, totals[i]!);
      return t(l, 'chart.desc.row', {
        label: r.label,
        values: spec.series.length > 1 ? parts.join(', ') : formatValue(l, spec.unit, r.values[0] ?? 0),
        total: spec.series.length > 1 && total ? ` (${total})` : '',
      });
    })
    .join('; ');
  const usedTones = [...new Set(spec.series.map((s) => s.tone))];
  return {
    id: spec.id,
    titleId: `${spec.id}-title`,
    descId: `${spec.id}-desc`,
    title: spec.title,
    description,
    empty: max === 0,
    emptyText: t(l, 'chart.empty'),
    // A margin either side so that the axis' first and last numbers are not cut.
    viewBox: `-8 0 ${CHART_WIDTH + 16} ${axisY + AXIS_HEIGHT}`,
    plotWidth: PLOT_WIDTH,
    axis: { y: axisY, labelY: axisY + 13, top: 4, ticks },
    patterns: usedTones.map((tone) => ({
      id: `${spec.id}-${tone}`,
      colour: TONES[tone].colour,
      isStripes: TONES[tone].mark === 'stripes',
      isDots: TONES[tone].mark === 'dots',
    })),
    rows,
    legend:
      spec.series.length > 1
        ? spec.series.map((s) => ({ name: s.name, fill: fill(s.tone), stroke: TONES[s.tone].colour }))
        : [],
    table: spec.rowHeader
      ? withCellHeads({
          head: [
            spec.rowHeader,
            ...spec.series.map((s) => s.name),
            ...(share
              ? spec.noteHeader
                ? [spec.noteHeader]
                : []
              : spec.series.length > 1
                ? [t(l, 'chart.total')]
                : []),
          ],
          rows: spec.rows.map((r, i) => ({
            label: r.label,
            cells: [
              // The headers name what is counted: cells are bare numbers, percentages keep their sign.
              ...r.values.map((v) => (share ? formatValue(l, 'percent', v) : formatNumber(l, v))),
              ...(share
                ? spec.noteHeader
                  ? [r.note === undefined ? '–' : formatNumber(l, r.note)]
                  : []
                : spec.series.length > 1
                  ? [formatNumber(l, totals[i]!)]
                  : []),
            ],
          })),
        })
      : undefined,
  };
}

/** The three buckets as chart series: "70 · learning by oneself ..." in the legend, "70" in the text equivalent. */
export function categorySeries(l: Locale): ChartSeries[] {
  return CATEGORIES.map((c) => ({
    name: `${c} · ${t(l, `category.${c}`)}`,
    short: String(c),
    tone: `c${c}` as const,
  }));
}

/** A bar chart as views/partials/bar-chart.hbs draws it. */
export type BarChartView = ReturnType<typeof barChart>;

/** Each cell's column header beside it, for the table's phone layout (a row becomes a card of labelled values). */
function withCellHeads(table: { head: string[]; rows: { label: string; cells: string[] }[] }) {
  return { ...table, cellHeads: table.head.slice(1) };
}
