import type { Framework } from '../domain/framework/framework';
import type { PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/** What is wrong with a choice of target group and stage: each that is not the framework's. */
export interface TargetProblem {
  field: 'group' | 'stage';
  code: 'UNKNOWN_GROUP' | 'UNKNOWN_STAGE';
}

/**
 * Keeps `subject`'s group and stage, chosen by `chosenBy` (themselves, or their instructor: the audit log tells
 * which); the problems (nothing saved) when not the framework's.
 */
export async function chooseTarget(
  deps: Pick<UseCaseDeps, 'ledger'>,
  subject: PersonRef,
  framework: Framework,
  choice: { group: string; stage: string },
  chosenBy: AuditPerson,
): Promise<TargetProblem[]> {
  const problems: TargetProblem[] = [];
  if (!framework.targetGroups.some((g) => g.code === choice.group))
    problems.push({ field: 'group', code: 'UNKNOWN_GROUP' });
  if (!framework.stages.some((s) => s.code === choice.stage))
    problems.push({ field: 'stage', code: 'UNKNOWN_STAGE' });
  if (problems.length > 0) return problems;
  await deps.ledger.setTarget({
    ...subject,
    group: choice.group,
    stage: choice.stage,
    setBy: chosenBy.personId,
    audit: {
      by: chosenBy,
      action: chosenBy.personId === subject.personId ? 'target.chosen' : 'target.set',
      subject: `${choice.group} ${choice.stage}`,
      subjectPersonId: subject.personId,
    },
  });
  return [];
}

/** The person chooses their own group and stage; the problems (nothing saved) when they are not the framework's. */
export function setOwnTarget(
  deps: Pick<UseCaseDeps, 'ledger'>,
  input: { person: AuditPerson; framework: Framework; choice: { group: string; stage: string } },
): Promise<TargetProblem[]> {
  return chooseTarget(deps, input.person, input.framework, input.choice, input.person);
}
