/**
 * Hours as people type and read them, the one home of that format: the record's forms (an activity, its skill-set
 * hours, an instructor's correction), the module form and the plan form read hours with parseHours; the pages
 * show them with formatHours. A format, not a rule: what the record keeps (hours to the hundredth, roundHours)
 * and what a form accepts (a range) are the domain's (src/domain/learning-record/hours.ts and the checks that use
 * it).
 */

/** Up to four digits, and up to two decimals after a point or a comma (a Thai or an English keyboard, or Excel's habit). */
const HOURS_TEXT = /^\d{1,4}([.,]\d{1,2})?$/;

/** Hours as a person typed them (surrounding spaces ignored), or undefined when that is not a number of hours. */
export function parseHours(text: string): number | undefined {
  const s = text.trim();
  return HOURS_TEXT.test(s) ? Number(s.replace(',', '.')) : undefined;
}

// Latin digits in both languages (Thai forms and reports use them), no grouping: what a person would type back.
// Two decimals at most: the format rounds to the hundredth, as the record keeps hours.
const FORMATS: Record<'th' | 'en', Intl.NumberFormat> = {
  th: new Intl.NumberFormat('th-TH', { maximumFractionDigits: 2, useGrouping: false }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, useGrouping: false }),
};

/** Hours as text for a page, in the reader's language: at most two decimals, none when whole ("1.5", "12"). */
export function formatHours(hours: number, locale: 'th' | 'en'): string {
  return FORMATS[locale].format(hours);
}
