import { formatTypedDate, parseTypedDate, yearInEra } from '../../src/shared/typed-date';

describe('parseTypedDate: a date as a person types it, in the era the page shows', () => {
  it.each([
    // Thai pages: the Buddhist era, day first or year first, ASCII or Thai digits
    ['15/11/2569', 'buddhist', '2026-11-15'],
    ['2569-11-15', 'buddhist', '2026-11-15'],
    ['6/12/2569', 'buddhist', '2026-12-06'],
    ['06-12-2569', 'buddhist', '2026-12-06'],
    ['6.12.2569', 'buddhist', '2026-12-06'],
    [' 15 / 11 / 2569 ', 'buddhist', '2026-11-15'],
    ['๑๕/๑๑/๒๕๖๙', 'buddhist', '2026-11-15'],
    ['29/2/2567', 'buddhist', '2024-02-29'],
    ['1/10/2568', 'buddhist', '2025-10-01'],
    // English pages: the Christian era
    ['15/11/2026', 'christian', '2026-11-15'],
    ['2026-11-15', 'christian', '2026-11-15'],
    ['29/2/2024', 'christian', '2024-02-29'],
  ] as const)('%s (%s) is %s', (input, era, iso) => {
    expect(parseTypedDate(input, era)).toEqual({ ok: true, iso });
  });

  it.each([
    // a Christian-era year typed where the Buddhist era is shown, and the reverse: said so, not read as a date
    // five centuries away
    ['15/11/2026', 'buddhist', 'YEAR_LOOKS_CHRISTIAN'],
    ['2026-11-15', 'buddhist', 'YEAR_LOOKS_CHRISTIAN'],
    ['1/1/1999', 'buddhist', 'YEAR_LOOKS_CHRISTIAN'],
    ['15/11/2569', 'christian', 'YEAR_LOOKS_BUDDHIST'],
    ['2569-11-15', 'christian', 'YEAR_LOOKS_BUDDHIST'],
    // numbers that are no day
    ['31/2/2569', 'buddhist', 'DATE_NOT_A_DAY'],
    ['29/2/2568', 'buddhist', 'DATE_NOT_A_DAY'],
    ['29/2/2025', 'christian', 'DATE_NOT_A_DAY'],
    ['1/13/2569', 'buddhist', 'DATE_NOT_A_DAY'],
    ['0/1/2569', 'buddhist', 'DATE_NOT_A_DAY'],
    ['31/4/2026', 'christian', 'DATE_NOT_A_DAY'],
    // not a date in either form
    ['', 'buddhist', 'DATE_FORMAT'],
    ['15/11/69', 'buddhist', 'DATE_FORMAT'],
    ['15/11-2569', 'buddhist', 'DATE_FORMAT'],
    ['2569/11/15x', 'buddhist', 'DATE_FORMAT'],
    ['yesterday', 'christian', 'DATE_FORMAT'],
    ['15 พฤศจิกายน 2569', 'buddhist', 'DATE_FORMAT'],
  ] as const)('%s (%s) is refused: %s', (input, era, problem) => {
    expect(parseTypedDate(input, era)).toEqual({ ok: false, problem });
  });
});

describe('formatTypedDate and yearInEra: an ISO date as people write it', () => {
  it.each([
    ['2026-11-15', 'buddhist', '15/11/2569', 2569],
    ['2026-12-06', 'buddhist', '6/12/2569', 2569],
    ['2026-12-06', 'christian', '6/12/2026', 2026],
  ] as const)('%s in the %s era is %s', (iso, era, text, year) => {
    expect(formatTypedDate(iso, era)).toBe(text);
    expect(yearInEra(iso, era)).toBe(year);
    expect(parseTypedDate(text, era)).toEqual({ ok: true, iso });
  });
});
