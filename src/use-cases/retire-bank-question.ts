import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/** A content manager retires a bank question: it leaves every pool; its versions stay for the attempts that drew them. */
export async function retireBankQuestion(
  deps: Pick<UseCaseDeps, 'bank'>,
  by: AuditPerson,
  questionId: number,
): Promise<'retired' | 'notFound'> {
  const done = await deps.bank.retire(by.tenantId, questionId, {
    by,
    action: 'bank_question.retired',
    subject: `question ${questionId}`,
  });
  return done ? 'retired' : 'notFound';
}
