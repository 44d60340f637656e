import { z } from 'zod';
import { FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, fiscalYear } from '../domain/learning-record/fiscal-year';

/**
 * The one schema of a fiscal year (Buddhist era, e.g. 2569) wherever one comes in: a query string (`?fy=2569`), a
 * form field, a database row. The rule itself lives in src/domain/learning-record/fiscal-year.ts (the domain takes
 * no zod).
 */
export const fiscalYearSchema = z.coerce
  .number()
  .int()
  .min(FISCAL_YEAR_MIN)
  .max(FISCAL_YEAR_MAX)
  .transform(fiscalYear);
