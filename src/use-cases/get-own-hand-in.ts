import { handInStatus, reminderDue, type HandInStatus } from '../domain/development/signed-self-assessment';
import { fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { UseCaseDeps } from './deps';
import type { Learner } from './ports';

export interface OwnHandIn {
  fiscalYear: FiscalYear;
  status: HandInStatus;
  receivedOn?: string;
  deadline?: string;
  /** Before (or on) the deadline with nothing received: the page reminds. */
  remind: boolean;
}

/** Whether HR received the learner's signed self-assessment this fiscal year, and the organisation's deadline. */
export async function getOwnHandIn(
  deps: Pick<UseCaseDeps, 'handIns' | 'today'>,
  learner: Pick<Learner, 'tenantId' | 'personId'>,
): Promise<OwnHandIn> {
  const today = deps.today();
  const fiscalYear = fiscalYearOf(today);
  const [received, deadline] = await Promise.all([
    deps.handIns.ofPerson(learner.tenantId, learner.personId, fiscalYear),
    deps.handIns.deadline(learner.tenantId, fiscalYear),
  ]);
  const facts = { deadline: deadline?.deadline, receivedOn: received?.receivedOn, today };
  return {
    fiscalYear,
    status: handInStatus(facts),
    receivedOn: facts.receivedOn,
    deadline: facts.deadline,
    remind: reminderDue(facts),
  };
}
