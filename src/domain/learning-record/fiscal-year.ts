/**
 * The Thai government fiscal year runs 1 October to 30 September and is named by the Buddhist-era year in which
 * it ends: 1 Oct 2025 – 30 Sep 2026 is fiscal year 2569.
 */
export const BUDDHIST_ERA_OFFSET = 543;

/** Fiscal year (Buddhist era) of an ISO date (YYYY-MM-DD). */
export function fiscalYearOf(isoDate: string): number {
  // Sliced rather than split: it runs for every entry of a record on each progress page.
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return (month >= 10 ? year + 1 : year) + BUDDHIST_ERA_OFFSET;
}

/** First and last day (ISO, inclusive) of a fiscal year given in the Buddhist era. */
export function fiscalYearRange(fiscalYear: number): { from: string; to: string } {
  const endYear = fiscalYear - BUDDHIST_ERA_OFFSET;
  return { from: `${endYear - 1}-10-01`, to: `${endYear}-09-30` };
}
