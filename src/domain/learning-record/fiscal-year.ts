/**
 * The Thai government fiscal year runs 1 October to 30 September and is named by the Buddhist-era year in which
 * it ends: 1 Oct 2025 – 30 Sep 2026 is fiscal year 2569.
 *
 * This file is the rule's one home. Its copies that must exist in SQL (`fiscalYearSql` in src/db/fiscal-year-sql.ts
 * and the rollup function of migration 0010) are held to it by test/integration/fiscal-year.test.ts; its one
 * schema for input (query strings, forms, rows) is `fiscalYearSchema` in src/shared/fiscal-year-schema.ts.
 */
export const BUDDHIST_ERA_OFFSET = 543;

/** The years the tool accepts (a plan's CHECK constraint holds the same bounds): 1957-2157 CE. */
export const FISCAL_YEAR_MIN = 2500;
export const FISCAL_YEAR_MAX = 2700;

declare const fiscalYearBrand: unique symbol;
/** A fiscal year, named by its Buddhist-era year (2569), never a Christian-era year nor any other number. */
export type FiscalYear = number & { readonly [fiscalYearBrand]: true };

export function isFiscalYear(n: number): n is FiscalYear {
  return Number.isInteger(n) && n >= FISCAL_YEAR_MIN && n <= FISCAL_YEAR_MAX;
}

/** The fiscal year named `n` (Buddhist era); throws on a number that names none (use the schema on input). */
export function fiscalYear(n: number): FiscalYear {
  if (!isFiscalYear(n)) throw new RangeError(`not a fiscal year: ${n}`);
  return n;
}

/** Fiscal year (Buddhist era) of an ISO date (YYYY-MM-DD). */
export function fiscalYearOf(isoDate: string): FiscalYear {
  // Sliced rather than split: it runs for every entry of a record on each progress page.
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return ((month >= 10 ? year + 1 : year) + BUDDHIST_ERA_OFFSET) as FiscalYear;
}

/** First and last day (ISO, inclusive) of a fiscal year given in the Buddhist era. */
export function fiscalYearRange(fiscalYear: FiscalYear): { from: string; to: string } {
  const endYear = fiscalYear - BUDDHIST_ERA_OFFSET;
  return { from: `${endYear - 1}-10-01`, to: `${endYear}-09-30` };
}

/** The year `n` years after (or, negative, before) `fy`. */
export function fiscalYearAfter(fy: FiscalYear, n: number): FiscalYear {
  return fiscalYear(fy + n);
}
