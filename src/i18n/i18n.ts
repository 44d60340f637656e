import th from './locales/th.json';
import en from './locales/en.json';

export type Locale = 'th' | 'en';
export const LOCALES: readonly Locale[] = ['th', 'en'];

/**
 * A message key: one of the Thai file's keys, read by the type checker from th.json itself (nothing generated), so
 * `t(l, 'no.such.key')` fails `npm run typecheck`. A key built from a value goes through a typed map
 * (`{ ... } as const satisfies Record<Status, TranslationKey>`) or is checked with isTranslationKey.
 */
export type TranslationKey = keyof typeof th;

/** Every key has a message in both languages: en.json missing a Thai key fails the type check here. */
type Messages = Record<TranslationKey, string>;
const catalogues: Record<Locale, Messages> = { th, en };
const lookup: Record<Locale, Readonly<Record<string, string | undefined>>> = catalogues;

/** Translates a key; {name} placeholders are filled from vars. */
export function t(locale: Locale, key: TranslationKey, vars: Record<string, string | number> = {}): string {
  return translateAny(locale, key, vars);
}

/**
 * Translates a key known only at run time (a template's {{t "key"}}, checked against both files by
 * test/unit/view-keys.test.ts); a missing key shows itself, so tests catch it.
 */
export function translateAny(
  locale: Locale,
  key: string,
  vars: Record<string, string | number> = {},
): string {
  const template = lookup[locale][key] ?? lookup.en[key] ?? key;
  return fillPlaceholders(template, (name) => (name in vars ? String(vars[name]) : undefined));
}

/** Replaces each {name} in a message by value(name); undefined leaves the placeholder as it is. */
export function fillPlaceholders(message: string, value: (name: string) => string | undefined): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => value(name) ?? whole);
}

/** A string read at run time (a zod issue's message, a cause stored in the database) that is a message key. */
export function isTranslationKey(key: string): key is TranslationKey {
  return Object.prototype.hasOwnProperty.call(th, key);
}

export function messageKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}

/** 'th_TH', 'th-TH', 'TH' -> 'th'; anything we do not speak -> undefined. */
export function normaliseLocale(value: string | undefined | null): Locale | undefined {
  if (!value) return undefined;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === primary);
}

/**
 * First match wins: the choice made in this session, the LMS launch locale, a choice stored from an earlier
 * session, Accept-Language, the deployment default.
 */
export function pickLocale(sources: {
  chosen?: string;
  launch?: string;
  stored?: string;
  acceptLanguage?: string;
  fallback: Locale;
}): Locale {
  const fromHeader = (sources.acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((x) => normaliseLocale(x.tag))
    .find((l): l is Locale => l !== undefined);
  return (
    normaliseLocale(sources.chosen) ??
    normaliseLocale(sources.launch) ??
    normaliseLocale(sources.stored) ??
    fromHeader ??
    sources.fallback
  );
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  // Thai dates in the Buddhist era, chosen explicitly rather than left to the runtime's default calendar.
  th: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }),
  en: new Intl.DateTimeFormat('en-GB-u-ca-gregory', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }),
};

export function formatDate(locale: Locale, date: Date): string {
  return dateFormats[locale].format(date);
}

/** The era in which a page shows and reads years: Thai pages count in the Buddhist era (พ.ศ.). */
export function eraOf(locale: Locale): 'buddhist' | 'christian' {
  return locale === 'th' ? 'buddhist' : 'christian';
}

const monthFormats: Record<Locale, Intl.DateTimeFormat> = {
  th: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB-u-ca-gregory', { month: 'long', timeZone: 'UTC' }),
};

/** The twelve month names, January first. */
export function monthNames(locale: Locale): string[] {
  return Array.from({ length: 12 }, (_, i) => monthFormats[locale].format(Date.UTC(2026, i, 15)));
}

const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  th: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Bangkok',
  }),
  en: new Intl.DateTimeFormat('en-GB-u-ca-gregory', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Bangkok',
  }),
};

/** A date and time of day, Bangkok time (Thai: Buddhist era, "1 มีนาคม 2569 เวลา 12:07"). */
export function formatDateTime(locale: Locale, date: Date): string {
  return dateTimeFormats[locale].format(date);
}
