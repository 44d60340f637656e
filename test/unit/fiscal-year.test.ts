import { fiscalYearSchema } from '../../src/shared/fiscal-year-schema';
import { fiscalYear, fiscalYearAfter, isFiscalYear } from '../../src/domain/learning-record/fiscal-year';

describe('the one fiscal year schema', () => {
  it.each([
    ['2569', 2569],
    [2569, 2569],
    ['2500', 2500],
    ['2700', 2700],
  ])('takes %p as fiscal year %i', (input, fy) => expect(fiscalYearSchema.parse(input)).toBe(fy));

  it.each(['2026', '2499', '2701', '2569.5', 'abc', '', '-2569'])('refuses %p', (input) =>
    expect(fiscalYearSchema.safeParse(input).success).toBe(false),
  );

  it('names a Christian-era year no fiscal year, in code too', () => {
    expect(isFiscalYear(2026)).toBe(false);
    expect(() => fiscalYear(2026)).toThrow(RangeError);
    expect(fiscalYearAfter(fiscalYear(2569), -1)).toBe(2568);
  });
});
