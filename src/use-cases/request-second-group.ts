import type { Framework } from '../domain/framework/framework';
import { checkSecondGroupRequest, type SecondGroupProblem } from '../domain/agency/target-group';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/**
 * A person asks for a second target group (work that fits more than one group, seed 004 §4.6.3 second paragraph):
 * it waits for an administrator's approval. The problem, nothing written, when the request is not one to make.
 */
export async function requestSecondGroup(
  deps: Pick<UseCaseDeps, 'targetGroups'>,
  input: { person: AuditPerson & { targetGroup?: string }; framework: Framework; group: string },
): Promise<SecondGroupProblem | 'requested'> {
  const { person } = input;
  const current = await deps.targetGroups.secondGroupOf(person);
  const problem = checkSecondGroupRequest(
    input.framework.targetGroups.map((g) => g.code),
    person.targetGroup,
    current,
    input.group,
  );
  if (problem) return problem;
  await deps.targetGroups.requestSecondGroup({
    tenantId: person.tenantId,
    personId: person.personId,
    group: input.group,
    requestedBy: person.personId,
    audit: {
      by: person,
      action: 'second_group.requested',
      subject: input.group,
      subjectPersonId: person.personId,
    },
  });
  return 'requested';
}
