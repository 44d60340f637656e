import { formatHours, parseHours } from '../../src/shared/hours-text';
import { roundHours } from '../../src/domain/learning-record/hours';
import { checkPlan } from '../../src/domain/development/plan';

describe('hours as typed, in every form', () => {
  it.each([
    ['1', 1],
    ['1.5', 1.5],
    ['1,5', 1.5],
    [' 12.25 ', 12.25],
    ['9999', 9999],
    ['0', 0],
    ['0,75', 0.75],
  ])('%j reads as %d', (text, hours) => {
    expect(parseHours(text)).toBe(hours);
  });

  it.each([
    '',
    ' ',
    '1.234',
    '10000',
    '-1',
    '+1',
    '1e2',
    '0x10',
    '1.',
    '.5',
    '1,5,0',
    'abc',
    '๑.๕',
    'Infinity',
  ])('%j is not a number of hours', (text) => {
    expect(parseHours(text)).toBeUndefined();
  });

  it('the plan form reads hours the same way as the record (a comma decimal included, exponents refused)', () => {
    const plan = (h: string) => checkPlan({ DL: { hours: { 70: h }, activities: {} } }, ['DL']);
    expect(plan('1,5')).toEqual({
      ok: true,
      items: [expect.objectContaining({ hours: { 70: 1.5, 20: 0, 10: 0 } })],
    });
    expect(plan('1e2')).toMatchObject({ ok: false, problems: [{ code: 'HOURS_INVALID' }] });
  });
});

describe('hours as shown', () => {
  it.each([
    [1.5, '1.5'],
    [12, '12'],
    [1234.567, '1234.57'],
    [0.1 + 0.2, '0.3'],
  ])('%d shows as %s in Thai and in English', (hours, text) => {
    expect(formatHours(hours, 'th')).toBe(text);
    expect(formatHours(hours, 'en')).toBe(text);
  });

  it('rounds to the hundredth, as the record keeps them', () => {
    expect(roundHours(0.1 + 0.2)).toBe(0.3);
  });
});
