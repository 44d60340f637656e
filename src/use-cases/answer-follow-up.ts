import {
  checkAnswer,
  followUpState,
  type FollowUpAnswer,
  type FollowUpAnswerProblem,
  type FollowUpPart,
  type FollowUpQuestionnaire,
  type FollowUpRole,
  type FollowUpState,
} from '../domain/evaluation/follow-up';
import type { EntryId, PersonId, TenantId } from '../shared/ids';
import type { AuditPerson } from './ports/audit';
import type { FollowUpCompletionRow, StoredFollowUpAnswer } from './ports/follow-ups';
import type { FollowUpDeps } from './get-follow-ups';

/** Why a person may not see or answer a follow-up: no such completion, or not theirs to answer in that role. */
export type FollowUpRefusal = 'notFound' | 'forbidden';

export interface OpenedFollowUp {
  completion: FollowUpCompletionRow;
  role: FollowUpRole;
  questionnaire: FollowUpQuestionnaire;
  part: FollowUpPart;
  state: FollowUpState;
  /**
   * Answered in this role already: when, and (only to the person who wrote it) the answer itself. A supervisor
   * who did not write it learns only that a supervisor answered.
   */
  answered?: { answeredAt: Date; own?: StoredFollowUpAnswer };
}

/** Who may answer: the learner for their own completion, an instructor of its course (not the learner) as supervisor. */
async function authorise(
  deps: FollowUpDeps,
  tenantId: TenantId,
  personId: PersonId,
  entryId: EntryId,
  role: FollowUpRole,
): Promise<FollowUpCompletionRow | FollowUpRefusal> {
  const found = await deps.followUps.completion(tenantId, entryId, personId);
  if (!found) return 'notFound';
  const { row } = found;
  const allowed =
    role === 'learner' ? row.learnerId === personId : found.viewerSupervises && row.learnerId !== personId;
  return allowed ? row : 'forbidden';
}

/** The questionnaire of a completion for the person in `role`: where it stands, and their answer if they gave it. */
export async function openFollowUp(
  deps: FollowUpDeps,
  input: { tenantId: TenantId; personId: PersonId; entryId: EntryId; role: FollowUpRole },
): Promise<OpenedFollowUp | FollowUpRefusal> {
  const completion = await authorise(deps, input.tenantId, input.personId, input.entryId, input.role);
  if (typeof completion === 'string') return completion;
  const q = deps.followUpQuestionnaire;
  const state = followUpState(completion, deps.today(), q.answerWithinWeeks);
  const answeredInRole =
    input.role === 'learner' ? completion.learnerAnswered : completion.supervisorAnswered;
  const stored = answeredInRole
    ? await deps.followUps.answerOf(input.tenantId, input.entryId, input.role)
    : undefined;
  return {
    completion,
    role: input.role,
    questionnaire: q,
    part: q[input.role],
    state,
    ...(stored
      ? {
          answered: {
            answeredAt: stored.answeredAt,
            ...(stored.respondentId === input.personId ? { own: stored } : {}),
          },
        }
      : {}),
  };
}

export type AnswerOutcome =
  'saved' | 'alreadyAnswered' | 'notOpen' | FollowUpRefusal | { problems: FollowUpAnswerProblem[] };

/**
 * The learner (for their own completion) or a supervisor (an instructor of its course) answers its follow-up,
 * once per role, while it is open: every item rated on the scale, the free text optional. Kept with an audit row
 * (who, which completion; never the answers); a second answer in the role writes nothing.
 */
export async function answerFollowUp(
  deps: FollowUpDeps,
  by: AuditPerson,
  input: { entryId: EntryId; role: FollowUpRole; answer: FollowUpAnswer },
): Promise<AnswerOutcome> {
  const completion = await authorise(deps, by.tenantId, by.personId, input.entryId, input.role);
  if (typeof completion === 'string') return completion;
  const q = deps.followUpQuestionnaire;
  if (input.role === 'learner' ? completion.learnerAnswered : completion.supervisorAnswered)
    return 'alreadyAnswered';
  if (followUpState(completion, deps.today(), q.answerWithinWeeks).state !== 'open') return 'notOpen';
  const problems = checkAnswer(q, input.role, input.answer);
  if (problems.length > 0) return { problems };
  const comment = input.answer.comment?.trim();
  return deps.followUps.answer(
    {
      tenantId: by.tenantId,
      entryId: input.entryId,
      role: input.role,
      learnerId: completion.learnerId,
      respondentId: by.personId,
      moduleId: completion.moduleId,
      questionnaire: { id: q.id, version: q.version },
      answer: { ratings: input.answer.ratings, ...(comment ? { comment } : {}) },
    },
    {
      by,
      action: 'follow_up.answered',
      subject: `completion ${input.entryId}`,
      subjectPersonId: completion.learnerId,
      details: { role: input.role, moduleId: completion.moduleId },
    },
  );
}
