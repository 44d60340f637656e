import type { PersonId, ContextId, EntryId } from '../shared/ids';
import type { CorrectionBlock } from '../domain/learning-record/ledger';
import { checkDuty, type DutyRefusal, type PersonRef } from '../domain/review/separation-of-duties';
import { recheckEligibility } from './recheck-eligibility';
import type { UseCaseDeps } from './deps';
import type { EligibilityDeps } from './ports';
import type { LmsOrigin } from './ports/audit';
import type { Horizon } from '../domain/agency/seventy-thirty';
import { lectureShareProblems, type ActivityProblem } from '../domain/learning-record/logged-activity';

export interface CorrectEntryInput {
  actor: PersonRef & { contextId: ContextId; lms: LmsOrigin };
  personId: PersonId;
  /** Any row of the chain (usually the original's id). */
  entryId: EntryId;
  /** New hours (a correction scales the skill-set hours in proportion). */
  hours: number;
  category?: 70 | 20 | 10;
  /** What the entry serves (70:30); kept as it was when undefined. */
  horizon?: Horizon;
  /** Training only: the share of lecture (whole percent); kept as it was when undefined. */
  lectureShare?: number;
  reason: string;
}

export type CorrectionOutcome =
  | { written: EntryId }
  /** Not a learner of the actor's course, or not an entry recorded in it. */
  | 'notFound'
  | { notCorrectable: CorrectionBlock }
  | { refused: DutyRefusal }
  /** The lecture share does not fit the category (nothing written). */
  | { problems: ActivityProblem[] };

/**
 * An instructor corrects an entry recorded in the course: only a learner of that course, never one of their own
 * record, never an entry already reversed or rejected. The person's eligibility is judged again.
 */
export async function correctEntry(
  deps: Pick<UseCaseDeps, 'ledger'> & EligibilityDeps,
  input: CorrectEntryInput,
): Promise<CorrectionOutcome> {
  // A lecture share given with the correction belongs to training (10), in the category the form chose.
  if (input.lectureShare !== undefined) {
    const problems = lectureShareProblems({
      category: input.category ?? 10,
      lectureShare: input.lectureShare,
    });
    if (problems.length > 0) return { problems };
  }
  return amendEntry(deps, { ...input, kind: 'correction' });
}

/** Shared by correctEntry and reverseEntry: the duty check, the write and its after-write step. */
export async function amendEntry(
  deps: Pick<UseCaseDeps, 'ledger'> & EligibilityDeps,
  input: Omit<CorrectEntryInput, 'hours'> & { hours?: number; kind: 'correction' | 'reversal' },
): Promise<CorrectionOutcome> {
  const { actor } = input;
  // Only learners of this course, and only entries recorded in it.
  if (
    !(await deps.ledger.courseLearner({
      tenantId: actor.tenantId,
      contextId: actor.contextId,
      personId: input.personId,
    }))
  )
    return 'notFound';
  const verdict = checkDuty(actor, input.kind === 'reversal' ? 'reverse' : 'correct', [
    { tenantId: actor.tenantId, personId: input.personId },
  ]);
  if (!verdict.allowed) return { refused: verdict };
  const written = await deps.ledger.correct({
    tenantId: actor.tenantId,
    contextId: actor.contextId,
    personId: input.personId,
    entryId: input.entryId,
    kind: input.kind,
    hours: input.hours,
    category: input.category,
    ...(input.kind === 'correction' ? { horizon: input.horizon, lectureShare: input.lectureShare } : {}),
    reason: input.reason,
    recordedBy: actor.personId,
    audit: {
      by: actor,
      action: input.kind === 'reversal' ? 'entry.reversed' : 'entry.corrected',
      subject: `#${input.entryId}`,
      subjectPersonId: input.personId,
    },
    // The entry's owner hears of it (the store adds the entry's title).
    notify: {
      kind: 'entryDecided',
      actorId: actor.personId,
      to: { person: input.personId },
      contextId: actor.contextId,
      subjectPersonId: input.personId,
      details: { decision: input.kind === 'reversal' ? 'reversed' : 'corrected' },
    },
  });
  if (written === undefined) return 'notFound';
  if (typeof written === 'object') return written;
  await recheckEligibility(deps, {
    tenantId: actor.tenantId,
    contextId: actor.contextId,
    personIds: [input.personId],
  });
  return { written };
}
