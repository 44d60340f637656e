import type { EntryId } from '../shared/ids';
import type { Horizon } from '../domain/agency/seventy-thirty';
import type { RestatementBlock } from '../domain/learning-record/ledger';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

export interface RestateHorizonInput {
  /** The owner of the entry, as launched: nobody restates another person's record. */
  owner: AuditPerson;
  /** Any row of the entry's chain (the history names the original). */
  entryId: EntryId;
  horizon: Horizon;
}

export type RestateHorizonOutcome =
  | { restated: EntryId }
  /** It already said that: nothing written (restating the same answer twice writes once). */
  | 'unchanged'
  /** Not an entry of the owner's record (another person's, or none). */
  | 'notFound'
  /** Reversed, or a rejected activity: it counts nowhere, so it serves nothing (nothing written). */
  | { refused: Exclude<RestatementBlock, 'UNCHANGED'> };

/**
 * A learner says what an entry of their own record served (70:30: today's work or the future), a module
 * completion included. The chain gains a row with the new horizon and every other value as it was (migration
 * 0054), audited; the rollups' 70:30 keys follow in the same transaction. Nothing else changes: no hours,
 * category or review, so an approved activity stays approved, and eligibility is not judged again (it does not
 * read the horizon).
 */
export async function restateHorizon(
  deps: Pick<UseCaseDeps, 'ledger'>,
  input: RestateHorizonInput,
): Promise<RestateHorizonOutcome> {
  const { owner } = input;
  const written = await deps.ledger.restate({
    tenantId: owner.tenantId,
    personId: owner.personId,
    entryId: input.entryId,
    horizon: input.horizon,
    audit: {
      by: owner,
      action: 'entry.restated',
      subject: `#${input.entryId}`,
      subjectPersonId: owner.personId,
    },
  });
  if (written === undefined) return 'notFound';
  if (typeof written === 'object')
    return written.notRestated === 'UNCHANGED' ? 'unchanged' : { refused: written.notRestated };
  return { restated: written };
}
