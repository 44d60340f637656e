import type { TranslationKey } from '../../i18n/i18n';
import type { EffectiveEntry } from '../../domain/learning-record/ledger';

/**
 * Why an entry stands as it does, wherever a person's history is shown: the reviewer's comment (a rejection
 * always has one) and the reason an instructor gave for the newest correction or reversal. The partial puts each
 * into its sentence isolated (`<bdi>`), since they are what people typed.
 */
export function entryNotes(e: Pick<EffectiveEntry, 'reviewComment' | 'reason' | 'reversed' | 'corrected'>): {
  comment?: string;
  reason?: string;
  /** The sentence the reason goes into (views/partials/entry-notes.hbs: {{t reasonKey}}). */
  reasonKey?: TranslationKey;
} {
  return {
    comment: e.reviewComment || undefined,
    reason: e.reason || undefined,
    reasonKey: e.reason ? (e.reversed ? 'record.note.reversal' : 'record.note.correction') : undefined,
  };
}
