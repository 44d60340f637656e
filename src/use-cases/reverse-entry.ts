import { amendEntry, type CorrectEntryInput, type CorrectionOutcome } from './correct-entry';
import type { UseCaseDeps } from './deps';
import type { EligibilityDeps } from './ports';

/**
 * An instructor reverses an entry recorded in the course (it keeps its values and stops counting): the same
 * rules as a correction. The person's eligibility is judged again.
 */
export function reverseEntry(
  deps: Pick<UseCaseDeps, 'ledger'> & EligibilityDeps,
  input: Omit<CorrectEntryInput, 'hours'>,
): Promise<CorrectionOutcome> {
  return amendEntry(deps, { ...input, kind: 'reversal' });
}
