import { checkReceivedOn, type HandInProblem } from '../domain/development/signed-self-assessment';
import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import type { PersonId } from '../shared/ids';
import { parseTypedDate, type Era, type TypedDateProblem } from '../shared/typed-date';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/** The most forms one submission records: a page of the list (HR ticks a page at a time). */
export const MAX_HAND_INS_AT_ONCE = 100;

export type RecordHandInsProblem =
  | { field: 'receivedOn'; code: TypedDateProblem | HandInProblem }
  | { field: 'people'; code: 'NONE_CHOSEN' | 'TOO_MANY' };

export type RecordHandInsOutcome =
  | { recorded: number; unchanged: number }
  | { problems: RecordHandInsProblem[] }
  /** Someone asked for is not expected to hand in: a stale page or a forged form. Nothing written. */
  | { refused: 'NOT_EXPECTED' };

/**
 * An administrator records that the signed self-assessments of one or more people were received on a day (seed 002:
 * the form is handed to HR), with an optional note; one audit row per person. Recording a form already recorded
 * changes nothing (`unchanged`): a double submit or two administrators ticking the same person write it once.
 */
export async function recordHandIns(
  deps: Pick<UseCaseDeps, 'handIns' | 'today'>,
  input: {
    by: AuditPerson;
    fiscalYear: FiscalYear;
    personIds: readonly PersonId[];
    receivedOn: { typed: string; era: Era };
    note: string;
  },
): Promise<RecordHandInsOutcome> {
  const problems: RecordHandInsProblem[] = [];
  const typed = parseTypedDate(input.receivedOn.typed, input.receivedOn.era);
  if (!typed.ok) problems.push({ field: 'receivedOn', code: typed.problem });
  else {
    const problem = checkReceivedOn(input.fiscalYear, typed.iso, deps.today());
    if (problem) problems.push({ field: 'receivedOn', code: problem });
  }
  if (input.personIds.length === 0) problems.push({ field: 'people', code: 'NONE_CHOSEN' });
  if (input.personIds.length > MAX_HAND_INS_AT_ONCE) problems.push({ field: 'people', code: 'TOO_MANY' });
  if (problems.length > 0 || !typed.ok) return { problems };
  const note = input.note.trim();
  return deps.handIns.record(input.by, input.fiscalYear, input.personIds, {
    receivedOn: typed.iso,
    ...(note ? { note } : {}),
  });
}
