import { fiscalYearOf, fiscalYearRange, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { EffectiveEntry } from '../domain/learning-record/ledger';
import { isLectureHeavy } from '../domain/agency/lecture-share';
import { withEvidence } from './evidence-files';
import type { EvidenceFileSummary } from './ports/evidence';
import type { UseCaseDeps } from './deps';
import type { Learner } from './ports';

/**
 * A page of history: 15 entries keep the history page within 2,000 px on a desktop with a year of records (issue
 * #17; 20 measured 2,094 / 2,148 px in English / Thai, each row about 70 px with its 70:30 choice).
 */
export const HISTORY_PAGE_SIZE = 15;

export interface RecordHistoryView {
  /** One page of the entries of the chosen fiscal year (all years when none), newest first. */
  /** Each with its evidence files (metadata only); lectureHeavy: training over 60 % lecture. */
  history: Array<
    EffectiveEntry & {
      fiscalYear: FiscalYear;
      lectureHeavy: boolean;
      evidence: EvidenceFileSummary[];
      evidenceRoom: boolean;
    }
  >;
  /** How many entries the filter matches, and the page shown (1-based) of `pages`. */
  historyCount: number;
  page: number;
  pages: number;
  /** Fiscal years (Buddhist era) that have entries, newest first: the filter's choices. */
  fiscalYears: FiscalYear[];
  fiscalYear?: FiscalYear;
}

/**
 * One page of a learner's record history (the page of its own beside progress, /app/progress/history): the
 * entries of one Thai fiscal year when asked, newest first, each with its evidence files. A page past the end
 * (the record shrank, or a hand-edited address) shows the last one.
 */
export async function getRecordHistory(
  deps: Pick<UseCaseDeps, 'ledger' | 'evidence'>,
  input: { learner: Learner; fiscalYear?: FiscalYear; page?: number; pageSize?: number },
): Promise<RecordHistoryView> {
  const { learner, fiscalYear } = input;
  const page = Math.max(1, input.page ?? 1);
  const pageSize = input.pageSize ?? HISTORY_PAGE_SIZE;
  const range = fiscalYear !== undefined ? fiscalYearRange(fiscalYear) : {};
  const ask = (p: number) =>
    deps.ledger.summaryOf(learner, { ...range, offset: (p - 1) * pageSize, limit: pageSize });
  let summary = await ask(page);
  const pages = Math.max(1, Math.ceil(summary.historyCount / pageSize));
  if (page > pages) summary = await ask(pages);
  const history = await withEvidence(deps, learner.tenantId, summary.history);
  return {
    history: history.map((e) => ({
      ...e,
      fiscalYear: fiscalYearOf(e.occurredOn),
      lectureHeavy: isLectureHeavy(e.lectureShare),
    })),
    historyCount: summary.historyCount,
    page: Math.min(page, pages),
    pages,
    fiscalYears: summary.fiscalYears,
    fiscalYear,
  };
}
