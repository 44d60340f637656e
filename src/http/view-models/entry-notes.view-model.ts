import { t, type Locale } from '../../i18n/i18n';
import type { EffectiveEntry } from '../../domain/learning-record/ledger';

/**
 * Why an entry stands as it does, wherever a person's history is shown: the reviewer's comment (a rejection
 * always has one) and the reason an instructor gave for the newest correction or reversal.
 */
export function entryNotes(
  l: Locale,
  e: Pick<EffectiveEntry, 'reviewComment' | 'reason' | 'reversed' | 'corrected'>,
): { comment?: string; reason?: string } {
  return {
    comment: e.reviewComment ? t(l, 'record.note.comment', { comment: e.reviewComment }) : undefined,
    reason: e.reason
      ? t(l, e.reversed ? 'record.note.reversal' : 'record.note.correction', { reason: e.reason })
      : undefined,
  };
}
