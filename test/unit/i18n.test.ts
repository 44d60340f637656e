import {
  formatDate,
  formatDateTime,
  LOCALES,
  messageKeys,
  normaliseLocale,
  pickLocale,
  t,
  translateAny,
} from '../../src/i18n/i18n';

describe('i18n', () => {
  it('Thai and English have the same keys, none empty', () => {
    const th = messageKeys('th').sort();
    const en = messageKeys('en').sort();
    expect(th).toEqual(en);
    for (const locale of LOCALES)
      for (const key of messageKeys(locale)) expect(translateAny(locale, key).trim()).not.toBe('');
  });

  it('names 70:20:10 as the seeds word it (seed 004 §4.8.3, seed 003 §6), the same on every page and export', () => {
    const th = {
      70: 'เรียนรู้ด้วยตนเองและจากการปฏิบัติงาน',
      20: 'เรียนรู้จากผู้อื่นและการสอนงาน',
      10: 'เรียนรู้จากการฝึกอบรม',
    };
    const en = {
      70: 'learning by oneself and from doing the work',
      20: 'learning from others and from coaching',
      10: 'learning from training',
    };
    for (const [locale, names] of [['th', th] as const, ['en', en] as const])
      for (const c of [70, 20, 10] as const) {
        expect(t(locale, `category.${c}`)).toBe(names[c]);
        for (const key of [`report.h${c}`, `class.csv.h${c}`, `plan.bucket.${c}`] as const)
          expect(t(locale, key)).toContain(names[c]);
      }
  });

  it.each([
    ['th_TH', 'th'],
    ['th-TH', 'th'],
    ['TH', 'th'],
    ['en_US', 'en'],
    ['fr', undefined],
    ['', undefined],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseLocale(input)).toBe(expected);
  });

  it('picks the choice made in the session, then the launch locale, then a stored choice, then Accept-Language, then the default', () => {
    expect(pickLocale({ chosen: 'en', launch: 'th_TH', acceptLanguage: 'th', fallback: 'th' })).toBe('en');
    expect(pickLocale({ launch: 'en', stored: 'th', acceptLanguage: 'th', fallback: 'th' })).toBe('en');
    expect(pickLocale({ stored: 'th', acceptLanguage: 'en', fallback: 'en' })).toBe('th');
    expect(pickLocale({ acceptLanguage: 'fr;q=1, en;q=0.8, th;q=0.5', fallback: 'th' })).toBe('en');
    expect(pickLocale({ acceptLanguage: 'de', fallback: 'th' })).toBe('th');
  });

  it('shows a date and time in Bangkok time, the Thai one in the Buddhist era', () => {
    const at = new Date('2026-03-01T05:07:00Z');
    expect(formatDateTime('th', at)).toBe('1 มีนาคม 2569 เวลา 12:07');
    expect(formatDateTime('en', at)).toBe('1 March 2026 at 12:07');
  });

  it('shows Thai dates in the Buddhist era and English ones in the Gregorian calendar', () => {
    const d = new Date('2026-10-01T03:00:00Z');
    expect(formatDate('th', d)).toBe('1 ตุลาคม 2569');
    expect(formatDate('en', d)).toBe('1 October 2026');
  });

  it('fills placeholders and shows an unknown key as itself', () => {
    expect(t('en', 'landing.greeting', { name: 'Malee' })).toBe('Hello, Malee');
    expect(translateAny('th', 'no.such.key')).toBe('no.such.key');
  });

  it('refuses a key the Thai file does not have, at type-check time', () => {
    // npm run typecheck fails if this line compiles: keys are read from th.json by the type checker.
    // @ts-expect-error 'no.such.key' is not a TranslationKey
    expect(t('th', 'no.such.key')).toBe('no.such.key');
  });
});
