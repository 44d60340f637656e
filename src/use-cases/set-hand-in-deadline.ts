import { checkDeadline, type HandInProblem } from '../domain/development/signed-self-assessment';
import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import { parseTypedDate, type Era, type TypedDateProblem } from '../shared/typed-date';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

export type DeadlineProblem = TypedDateProblem | HandInProblem;

/**
 * An administrator sets (or moves) the organisation's deadline for handing in the signed self-assessment of a fiscal
 * year (seed 002), typed in the page's era; audited. The problem, nothing written, when the day is not a day or
 * falls outside the year and the three months after it.
 */
export async function setHandInDeadline(
  deps: Pick<UseCaseDeps, 'handIns'>,
  input: { by: AuditPerson; fiscalYear: FiscalYear; deadline: { typed: string; era: Era } },
): Promise<{ problem: DeadlineProblem } | { set: string }> {
  const typed = parseTypedDate(input.deadline.typed, input.deadline.era);
  if (!typed.ok) return { problem: typed.problem };
  const problem = checkDeadline(input.fiscalYear, typed.iso);
  if (problem) return { problem };
  await deps.handIns.setDeadline(input.by.tenantId, input.fiscalYear, typed.iso, {
    by: input.by,
    action: 'hand_in.deadline_set',
    subject: String(input.fiscalYear),
  });
  return { set: typed.iso };
}
