import { BUDDHIST_ERA_OFFSET } from '../domain/learning-record/fiscal-year';

/**
 * Dates as people type them: Thai pages count years in the Buddhist era (พ.ศ. 2569 = 2026), English pages in the
 * Christian era. Stored dates are always ISO (YYYY-MM-DD, Christian era).
 */
export type Era = 'buddhist' | 'christian';

export type TypedDateProblem =
  /** Not day/month/year nor year-month-day with a four-digit year. */
  | 'DATE_FORMAT'
  /** The numbers name no day of the calendar (31/2, month 13). */
  | 'DATE_NOT_A_DAY'
  /** A Christian-era year where the Buddhist era is shown, e.g. 15/11/2026 on a Thai page. */
  | 'YEAR_LOOKS_CHRISTIAN'
  /** A Buddhist-era year where the Christian era is shown, e.g. 15/11/2569 on an English page. */
  | 'YEAR_LOOKS_BUDDHIST';

export type TypedDate = { ok: true; iso: string } | { ok: false; problem: TypedDateProblem };

// The two eras are 543 years apart, so a four-digit year falls in at most one of these windows: a year no person
// would mean in the other era. 1800-2299 read as the Buddhist era is 1257-1756 CE; 2300-2799 read as the Christian
// era is centuries ahead.
const CHRISTIAN_YEARS = { from: 1800, to: 2299 };
const BUDDHIST_YEARS = { from: 2300, to: 2799 };

const inRange = (y: number, r: { from: number; to: number }) => y >= r.from && y <= r.to;

/** Thai digits (๐-๙) as ASCII digits: people type either. */
function asciiDigits(s: string): string {
  return s.replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

function daysInMonth(christianYear: number, month: number): number {
  if (month === 2) {
    const leap = (christianYear % 4 === 0 && christianYear % 100 !== 0) || christianYear % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A date typed in the era the page shows: `15/11/2569` (day/month/year; `-` or `.` also separate), or
 * `2569-11-15` (year-month-day), with ASCII or Thai digits, returned as an ISO date in the Christian era. A year
 * that can only be the other era's is reported as such, not read as a date centuries away.
 */
export function parseTypedDate(input: string, era: Era): TypedDate {
  const s = asciiDigits(input).replace(/\s+/g, '');
  const dayFirst = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
  const yearFirst = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const parts = dayFirst
    ? { day: Number(dayFirst[1]), month: Number(dayFirst[3]), year: Number(dayFirst[4]) }
    : yearFirst
      ? { day: Number(yearFirst[3]), month: Number(yearFirst[2]), year: Number(yearFirst[1]) }
      : undefined;
  if (!parts) return { ok: false, problem: 'DATE_FORMAT' };
  const { day, month, year } = parts;
  if (era === 'buddhist' && inRange(year, CHRISTIAN_YEARS))
    return { ok: false, problem: 'YEAR_LOOKS_CHRISTIAN' };
  if (era === 'christian' && inRange(year, BUDDHIST_YEARS))
    return { ok: false, problem: 'YEAR_LOOKS_BUDDHIST' };
  const christianYear = era === 'buddhist' ? year - BUDDHIST_ERA_OFFSET : year;
  if (christianYear < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(christianYear, month))
    return { ok: false, problem: 'DATE_NOT_A_DAY' };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return { ok: true, iso: `${pad(christianYear, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/** An ISO date (YYYY-MM-DD) as people write it in an era: `15/11/2569` (Buddhist), `15/11/2026` (Christian). */
export function formatTypedDate(isoDate: string, era: Era): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  return `${day}/${month}/${era === 'buddhist' ? year + BUDDHIST_ERA_OFFSET : year}`;
}

/** The year of an ISO date counted in an era: what an example in a hint or a message shows. */
export function yearInEra(isoDate: string, era: Era): number {
  const year = Number(isoDate.slice(0, 4));
  return era === 'buddhist' ? year + BUDDHIST_ERA_OFFSET : year;
}
