import { t, type Locale } from '../../i18n/i18n';
import { formatHours } from '../../shared/hours-text';
import type { ReviewFlag } from '../../domain/learning-record/review-flags';

/** A flag on the approvals page as text that says why (the numbers compared), in the reviewer's language. */
export function reviewFlagText(l: Locale, flag: ReviewFlag, activityTypeName: string): string {
  const hours = (n: number) => formatHours(n, l);
  switch (flag.code) {
    case 'DUPLICATE':
      return t(l, 'approvals.flag.DUPLICATE', { status: t(l, `record.status.${flag.otherStatus}`) });
    case 'HOURS_ABOVE_USUAL':
      return t(l, 'approvals.flag.HOURS_ABOVE_USUAL', {
        type: activityTypeName,
        hours: hours(flag.hours),
        count: flag.count,
        p95: hours(flag.p95),
        median: hours(flag.median),
      });
    case 'HOURS_ABOVE_DAY':
      return t(l, 'approvals.flag.HOURS_ABOVE_DAY', {
        type: activityTypeName,
        hours: hours(flag.hours),
        ceiling: flag.ceiling,
        count: flag.count,
      });
    case 'LECTURE_HEAVY':
      return t(l, 'approvals.flag.LECTURE_HEAVY', { share: flag.share, limit: flag.limit });
  }
}
