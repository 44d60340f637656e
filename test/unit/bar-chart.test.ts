import {
  barChart,
  CHART_WIDTH,
  formatNumber,
  niceScale,
  wrapLabel,
} from '../../src/http/view-models/bar-chart.view-model';

describe('niceScale', () => {
  it.each([
    // max, ticks, integer -> top, step
    [0, 4, false, 1, 1],
    [1, 4, true, 1, 1],
    [3, 4, true, 3, 1],
    [7, 4, false, 8, 2],
    [10, 4, false, 10, 2.5],
    [37, 4, false, 40, 10],
    [100, 4, false, 100, 25],
    [101, 4, false, 150, 50],
    [0.3, 4, false, 0.3, 0.1],
    [2.6, 4, true, 3, 1],
    [11_260, 4, false, 15_000, 5_000],
  ])('max %p in at most %p intervals (integer %p): top %p, step %p', (max, n, integer, top, step) => {
    const scale = niceScale(max, n, integer);
    expect(scale).toMatchObject({ top, step });
    expect(scale.ticks[0]).toBe(0);
    expect(scale.ticks.at(-1)).toBe(top);
    expect(scale.ticks.length - 1).toBeLessThanOrEqual(n);
    expect(top).toBeGreaterThanOrEqual(max);
  });
});

describe('wrapLabel', () => {
  const long = 'กลุ่มทักษะด้านการออกแบบกระบวนการและการให้บริการด้วยระบบดิจิทัลเพื่อการพัฒนาคุณภาพงานภาครัฐ';

  it('keeps a short label on one line', () => {
    expect(wrapLabel('ผู้บริหารระดับสูง')).toEqual(['ผู้บริหารระดับสูง']);
  });

  it('breaks a long Thai label between words, every line within the chart, nothing lost', () => {
    const lines = wrapLabel(long);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(long);
    // Between words: the break never falls inside "ดิจิทัล" or "บริการ".
    expect(lines.some((l) => l.endsWith('ดิจิ') || l.endsWith('บริ'))).toBe(false);
    for (const line of lines)
      expect(line.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, '').length).toBeLessThan(45);
  });

  it('cuts past the last line with an ellipsis', () => {
    const lines = wrapLabel(`${long} ${long} ${long}`, CHART_WIDTH, 13, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });
});

describe('barChart', () => {
  const series = [
    { name: 'seventy', short: '70', tone: 'c70' as const },
    { name: 'twenty', short: '20', tone: 'c20' as const },
  ];

  it('with no data is empty, and says so', () => {
    const chart = barChart('en', { id: 'c', title: 'T', unit: 'hours', series, rows: [] });
    expect(chart.empty).toBe(true);
    expect(chart.emptyText).toBe('No data for this chart yet');
    const zeros = barChart('th', {
      id: 'c',
      title: 'T',
      unit: 'hours',
      series,
      rows: [{ label: 'a', values: [0, 0] }],
    });
    expect(zeros.empty).toBe(true);
    expect(zeros.emptyText).toBe('ยังไม่มีข้อมูลสำหรับแผนภูมินี้');
  });

  it('scales the longest bar to the axis top, stacks segments end to end, writes totals per locale', () => {
    const chart = barChart('en', {
      id: 'c',
      title: 'T',
      unit: 'hours',
      series,
      rows: [
        { label: 'A', values: [1000, 234.5] },
        { label: 'B', values: [0, 100] },
      ],
      rowHeader: 'Group',
    });
    expect(chart.empty).toBe(false);
    const [a, b] = chart.rows;
    // niceScale(1234.5) tops at 1500: 1234.5 h is 82.3 % of the axis.
    expect(chart.axis.ticks.map((t) => t.text)).toEqual(['0', '500', '1,000', '1,500']);
    expect(a!.segments.map((s) => s.x)).toEqual([0, a!.segments[0]!.width]);
    expect(a!.segments[0]!.width + a!.segments[1]!.width).toBeCloseTo((1234.5 / 1500) * chart.plotWidth, 1);
    expect(a!.valueText).toBe('1,234.5 h');
    // A zero value draws no segment; the remaining one starts at 0.
    expect(b!.segments).toHaveLength(1);
    expect(b!.segments[0]).toMatchObject({ x: 0, fill: 'url(#c-c20)' });
    // Each bar sits below its label.
    expect(b!.barY).toBeGreaterThan(b!.lines[0]!.y);
    expect(b!.lines[0]!.y).toBeGreaterThan(a!.barY);
    expect(chart.description).toBe('A: 70 1,000 h, 20 234.5 h (1,234.5 h); B: 70 0 h, 20 100 h (100 h)');
    expect(chart.table).toEqual({
      head: ['Group', 'seventy', 'twenty', 'Total'],
      rows: [
        { label: 'A', cells: ['1,000', '234.5', '1,234.5'] },
        { label: 'B', cells: ['0', '100', '100'] },
      ],
      cellHeads: ['seventy', 'twenty', 'Total'],
    });
    expect(chart.legend.map((l) => l.name)).toEqual(['seventy', 'twenty']);
    expect(chart.patterns.map((p) => p.id)).toEqual(['c-c70', 'c-c20']);
  });

  it('draws a share chart on 0-100 %, with the percentage inside the segments wide enough for it', () => {
    const chart = barChart('th', {
      id: 'm',
      title: 'T',
      unit: 'percent',
      kind: 'share',
      series: [...series, { name: 'ten', short: '10', tone: 'c10' }],
      rows: [{ label: 'ทั้งหมด', values: [90, 8, 2], note: 1234 }],
      rowHeader: 'กลุ่ม',
      noteHeader: 'ชั่วโมง',
    });
    expect(chart.axis.ticks.map((t) => t.text)).toEqual(['0', '25', '50', '75', '100']);
    const row = chart.rows[0]!;
    expect(row.segments.map((s) => s.label)).toEqual(['90%', undefined, undefined]);
    expect(row.valueText).toBe('1,234 ชม.');
    expect(chart.table!.rows[0]!.cells).toEqual(['90%', '8%', '2%', '1,234']);
    expect(chart.description).toBe('ทั้งหมด: 70 90%, 20 8%, 10 2% (1,234 ชม.)');
  });

  it('counts people in whole steps', () => {
    const chart = barChart('en', {
      id: 'p',
      title: 'T',
      unit: 'people',
      series: [{ name: 'Learners', tone: 'plain' }],
      rows: [
        { label: 'one', values: [1] },
        { label: 'none', values: [0] },
      ],
    });
    expect(chart.axis.ticks.map((t) => t.text)).toEqual(['0', '1']);
    expect(chart.rows.map((r) => r.valueText)).toEqual(['1 learner', '0 learners']);
    expect(chart.legend).toEqual([]);
    expect(chart.table).toBeUndefined();
  });

  it('formats numbers for the page', () => {
    expect(formatNumber('th', 12345.678)).toBe('12,345.68');
    expect(formatNumber('en', 0.5)).toBe('0.5');
  });
});
