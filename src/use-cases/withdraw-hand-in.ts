import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import type { PersonId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

export type WithdrawOutcome =
  | { withdrawn: true }
  | { problem: 'REASON_REQUIRED' }
  /** No form of the person stands for the year (never recorded, or already withdrawn): nothing written. */
  | { refused: 'NOT_HANDED_IN' };

/** An administrator withdraws a recorded hand-in (recorded by mistake, the wrong person) with a reason; audited. */
export async function withdrawHandIn(
  deps: Pick<UseCaseDeps, 'handIns'>,
  input: { by: AuditPerson; fiscalYear: FiscalYear; personId: PersonId; reason: string },
): Promise<WithdrawOutcome> {
  const reason = input.reason.trim();
  if (!reason) return { problem: 'REASON_REQUIRED' };
  const done = await deps.handIns.withdraw(input.fiscalYear, input.personId, reason, {
    by: input.by,
    action: 'hand_in.withdrawn',
    subject: String(input.fiscalYear),
    subjectPersonId: input.personId,
  });
  return done ? { withdrawn: true } : { refused: 'NOT_HANDED_IN' };
}
