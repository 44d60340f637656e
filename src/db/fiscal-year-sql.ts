/**
 * The fiscal year of a date column, in SQL: the copy of `fiscalYearOf` (src/domain/learning-record/fiscal-year.ts)
 * that a query needs where the rows are. Adding three months moves 1 October into the next calendar year; the
 * Buddhist era is 543 years on. test/integration/fiscal-year.test.ts holds it (and the rollup function of
 * migration 0010, which writes the rule out in its own words) to the domain's rule.
 */
export function fiscalYearSql(dateExpr: string): string {
  return `(extract(year FROM ${dateExpr} + interval '3 months') + 543)::int`;
}
