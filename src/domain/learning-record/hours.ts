import type { Locale } from '../framework/framework';

/**
 * Hours, the one home of how they are typed, rounded and shown: the record's forms (an activity, its skill-set
 * hours, an instructor's correction), the module form, the plan form, the pages and the exports all use these.
 */

/** Up to four digits, and up to two decimals after a point or a comma (a Thai or an English keyboard, or Excel's habit). */
const HOURS_TEXT = /^\d{1,4}([.,]\d{1,2})?$/;

/** Hours as a person typed them (surrounding spaces ignored), or undefined when that is not a number of hours. */
export function parseHours(text: string): number | undefined {
  const s = text.trim();
  return HOURS_TEXT.test(s) ? Number(s.replace(',', '.')) : undefined;
}

/** Hours to the hundredth: what the record keeps and every total adds up to. */
export const roundHours = (n: number): number => Math.round(n * 100) / 100;

// Latin digits in both languages (Thai forms and reports use them), no grouping: what a person would type back.
const FORMATS: Record<Locale, Intl.NumberFormat> = {
  th: new Intl.NumberFormat('th-TH', { maximumFractionDigits: 2, useGrouping: false }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, useGrouping: false }),
};

/** Hours as text for a page, in the reader's language: at most two decimals, none when whole ("1.5", "12"). */
export function formatHours(hours: number, locale: Locale): string {
  return FORMATS[locale].format(roundHours(hours));
}
