import type { PersonId } from '../shared/ids';
import { checkSecondGroupDecision, type SecondGroupDecisionRefusal } from '../domain/agency/target-group';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/**
 * An administrator approves or refuses (with a reason) a person's pending request for a second group, as their
 * queue showed it (`group`): never their own, never one decided or changed meanwhile.
 */
export async function decideSecondGroup(
  deps: Pick<UseCaseDeps, 'targetGroups'>,
  input: {
    by: AuditPerson;
    personId: PersonId;
    group: string;
    decision: { approve: true } | { approve: false; reason: string };
  },
): Promise<{ decided: 'approved' | 'refused' } | { refused: SecondGroupDecisionRefusal }> {
  const { by, decision } = input;
  const subject = { tenantId: by.tenantId, personId: input.personId };
  const current = await deps.targetGroups.secondGroupOf(subject);
  const verdict = checkSecondGroupDecision(by, subject, current, input.group, decision);
  if (!verdict.allowed) return { refused: verdict.code };
  const reason = decision.approve ? undefined : decision.reason.trim();
  const done = await deps.targetGroups.decideSecondGroup({
    ...subject,
    group: input.group,
    approve: decision.approve,
    reason,
    decidedBy: by.personId,
    audit: {
      by,
      action: decision.approve ? 'second_group.approved' : 'second_group.refused',
      subject: input.group,
      subjectPersonId: input.personId,
    },
  });
  if (!done) return { refused: 'NOT_PENDING' };
  return { decided: decision.approve ? 'approved' : 'refused' };
}
