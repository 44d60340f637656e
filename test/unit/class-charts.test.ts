import {
  classCharts,
  hoursBuckets,
  type ClassChartRow,
} from '../../src/http/view-models/class-charts.view-model';
import { learningMix } from '../../src/domain/learning-record/ledger';

describe('hoursBuckets', () => {
  it('puts each value in (step * i, step * (i + 1)], no hours apart', () => {
    const b = hoursBuckets([0, 0.25, 10, 10.01, 20, 59.9], 59.9);
    expect(b.step).toBe(10);
    expect(b.zero).toBe(1);
    expect(b.counts).toEqual([2, 2, 0, 0, 0, 1]);
  });

  it('with nobody or only zeros has no ranges', () => {
    expect(hoursBuckets([], 0)).toEqual({ zero: 0, step: 1, counts: [] });
    expect(hoursBuckets([0, 0], 0).zero).toBe(2);
  });
});

function classRow(o: Partial<ClassChartRow> = {}): ClassChartRow {
  const hours = o.hours ?? 0;
  return {
    launched: true,
    hours,
    byCategory: { 70: hours, 20: 0, 10: 0 },
    verdicts: [],
    ...o,
  };
}

describe('classCharts', () => {
  const assessments = [
    { code: 'DL', name: 'Digital literacy' },
    { code: 'DG', name: 'Digital governance' },
  ];
  const groups = [
    { code: 'EXEC', name: 'Executive' },
    { code: 'SERV', name: 'Service' },
  ];

  it('of one learner: one bar in each chart', () => {
    const charts = classCharts(
      'en',
      [
        classRow({
          hours: 6,
          targetGroup: 'SERV',
          byCategory: { 70: 3, 20: 2, 10: 1 },
          verdicts: [{ code: 'DL', verdict: { eligible: true } }],
        }),
      ],
      assessments,
      groups,
      learningMix,
    );
    expect(charts.hours.table!.rows).toEqual([
      { label: 'No hours yet', cells: ['0'] },
      { label: 'over 0 up to 1 h', cells: ['0'] },
      { label: 'over 1 up to 2 h', cells: ['0'] },
      { label: 'over 2 up to 3 h', cells: ['0'] },
      { label: 'over 3 up to 4 h', cells: ['0'] },
      { label: 'over 4 up to 5 h', cells: ['0'] },
      { label: 'over 5 up to 6 h', cells: ['1'] },
    ]);
    expect(charts.mix.table!.rows).toEqual([
      { label: 'Whole class', cells: ['50%', '33%', '17%', '6'] },
      { label: 'Service', cells: ['50%', '33%', '17%', '6'] },
    ]);
    expect(charts.eligibility.table!.rows).toEqual([
      { label: 'Digital literacy', cells: ['1', '0', '0', '1'] },
      { label: 'Digital governance', cells: ['0', '0', '0', '0'] },
    ]);
  });

  it('of nobody: empty charts', () => {
    const charts = classCharts('th', [], assessments, groups, learningMix);
    expect(charts.hours.empty).toBe(true);
    expect(charts.mix.empty).toBe(true);
    expect(charts.eligibility.empty).toBe(true);
  });

  it('of 500 learners: every learner counted once, those who never opened the tool apart', () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      i % 10 === 0
        ? classRow({ launched: false })
        : classRow({
            hours: i % 7 === 0 ? 0 : (i * 37) % 61,
            targetGroup: i % 3 === 0 ? undefined : i % 2 ? 'EXEC' : 'SERV',
            verdicts: [{ code: 'DL', verdict: { eligible: i % 4 === 0 } }],
          }),
    );
    const charts = classCharts('th', rows, assessments, groups, learningMix);
    const counts = charts.hours.table!.rows.map((r) => Number(r.cells[0]!.replace(',', '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
    expect(charts.hours.table!.rows[0]).toEqual({ label: 'ยังไม่เคยเปิดใช้งาน', cells: ['50'] });
    expect(charts.hours.rows.length).toBeLessThanOrEqual(8);
    expect(charts.mix.table!.rows.map((r) => r.label)).toEqual([
      'ทั้งรายวิชา',
      'Executive',
      'Service',
      'ยังไม่ระบุกลุ่มเป้าหมาย',
    ]);
    const [dl] = charts.eligibility.table!.rows;
    const eligible = rows.filter((r) => r.launched && r.verdicts[0]?.verdict.eligible).length;
    expect(dl!.cells).toEqual([String(eligible), String(450 - eligible), '50', '500']);
    expect(charts.hours.title).toBe('จำนวนผู้เรียนตามชั่วโมงเรียนรู้ที่นับได้');
  });
});
