import type { PersonId, TenantId } from '../shared/ids';
import { mappingTargets } from '../domain/catalogue/learning-module';
import {
  checkBankQuestion,
  sameBankQuestion,
  type BankQuestionContent,
  type BankQuestionProblem,
} from '../domain/evaluation/question-bank';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';
import type { AuditPerson } from './ports/audit';

/**
 * A content manager saves a bank question: a new one, or a new version of `questionId` (the versions before stay
 * as they were, for the attempts that drew them). Nothing is written while the question has problems (a question
 * without a right answer among them); saving it unchanged writes nothing either.
 */
export async function saveBankQuestion(
  deps: Pick<UseCaseDeps, 'bank'>,
  input: {
    by: AuditPerson;
    framework: StoredFramework;
    questionId?: number;
    content: BankQuestionContent;
  },
): Promise<
  { questionId: number; version: number; unchanged?: true } | { problems: BankQuestionProblem[] } | 'notFound'
> {
  const problems = checkBankQuestion(input.content, mappingTargets(input.framework.framework));
  if (problems.length > 0) return { problems };
  const tenantId: TenantId = input.by.tenantId;
  if (input.questionId !== undefined) {
    const current = await deps.bank.get(tenantId, input.questionId);
    if (!current || current.retired) return 'notFound';
    if (sameBankQuestion(current.content, input.content))
      return { questionId: current.questionId, version: current.version, unchanged: true };
  }
  const by: PersonId = input.by.personId;
  return deps.bank.save(
    { tenantId, questionId: input.questionId, content: input.content, by },
    {
      by: input.by,
      action: 'bank_question.saved',
      subject: 'question',
      details: { skillSet: input.content.skillSet, difficulty: input.content.difficulty },
    },
  );
}
