import { followUpState, type FollowUpRole } from '../domain/evaluation/follow-up';
import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { FollowUpCompletionRow } from './ports/follow-ups';

export type FollowUpDeps = Pick<UseCaseDeps, 'followUps' | 'followUpQuestionnaire' | 'today'>;

/** A follow-up to answer: the completion, the role to answer in, and the day it closes. */
export interface FollowUpToAnswer {
  completion: FollowUpCompletionRow;
  role: FollowUpRole;
  dueOn: string;
  closesOn: string;
}

/** The person's open follow-ups in one role, as the domain judges them on the store's short list. */
async function openIn(
  deps: FollowUpDeps,
  tenantId: TenantId,
  personId: PersonId,
  role: FollowUpRole,
): Promise<FollowUpToAnswer[]> {
  const today = deps.today();
  const within = deps.followUpQuestionnaire.answerWithinWeeks;
  const rows = await deps.followUps.open(tenantId, personId, role, today, within);
  return rows.flatMap((completion) => {
    const s = followUpState(completion, today, within);
    return s.state === 'open' ? [{ completion, role, dueOn: s.dueOn, closesOn: s.closesOn }] : [];
  });
}

/**
 * "Follow-ups to answer": the person's own completions whose follow-up is open (as the learner), and those of the
 * learners of courses they are an instructor of (as a supervisor), each not yet answered in that role.
 */
export async function getFollowUpsToAnswer(
  deps: FollowUpDeps,
  input: { tenantId: TenantId; personId: PersonId },
): Promise<{ mine: FollowUpToAnswer[]; supervised: FollowUpToAnswer[] }> {
  const [mine, supervised] = await Promise.all([
    openIn(deps, input.tenantId, input.personId, 'learner'),
    openIn(deps, input.tenantId, input.personId, 'supervisor'),
  ]);
  return { mine, supervised };
}

/** How many follow-ups wait for the person (the home page's small count). */
export async function countFollowUpsToAnswer(
  deps: FollowUpDeps,
  input: { tenantId: TenantId; personId: PersonId },
): Promise<number> {
  const { mine, supervised } = await getFollowUpsToAnswer(deps, input);
  return mine.length + supervised.length;
}
