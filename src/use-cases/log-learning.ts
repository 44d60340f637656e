import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { Framework } from '../domain/framework/framework';
import {
  ACTIVITY_TYPES,
  defaultCategory,
  isActivityType,
  type ActivityType,
} from '../domain/learning-record/activity-types';
import {
  checkLoggedActivity,
  type ActivityProblem,
  type LoggedActivity,
} from '../domain/learning-record/logged-activity';
import {
  checkEvidenceFiles,
  type EvidenceProblem,
  type SentEvidenceFile,
} from '../domain/learning-record/evidence-file';
import { effectiveEntries, type EffectiveEntry } from '../domain/learning-record/ledger';
import type { EntryId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { Learner } from './ports';

/** Logged learning is reviewed by the instructors of a course: without one, nobody could approve it. */
export type NoCourse = 'noCourse';

/** Whether the learner's launch had a course, so that what they log has someone to review it. */
export const canLogLearning = (learner: Pick<Learner, 'contextId'>): boolean =>
  learner.contextId !== undefined;

/**
 * What the log form offers a learner who can log learning: the kinds of activity, each with the 70:20:10
 * category it usually belongs to (the form preselects it); without a course, 'noCourse'.
 */
/**
 * A rejected activity of the learner's own record, whose values the log form starts from when they log it again
 * with what the reviewer asked for (a rejection is final: the new entry is reviewed afresh). Undefined for anything
 * else: another person's entry, a module completion, one that waits, counts or was reversed.
 */
export async function entryToLogAgain(
  deps: Pick<UseCaseDeps, 'ledger'>,
  learner: Pick<Learner, 'tenantId' | 'personId'>,
  entryId: EntryId,
): Promise<EffectiveEntry | undefined> {
  const rows = await deps.ledger.entriesOf(learner.tenantId, learner.personId);
  return effectiveEntries(rows).find(
    (e) => e.id === entryId && e.source === 'activity' && e.status === 'rejected' && !e.reversed,
  );
}

export function openLogForm(
  learner: Pick<Learner, 'contextId'>,
): NoCourse | { activityTypes: ReadonlyArray<{ code: ActivityType; category: LearningCategory }> } {
  return canLogLearning(learner) ? { activityTypes: ACTIVITY_TYPES } : 'noCourse';
}

/** The category of a logged activity: the one chosen, else the one its kind usually belongs to (else 70). */
export function activityCategory(
  activityType: string,
  chosen: LearningCategory | undefined,
): LearningCategory {
  return chosen ?? (isActivityType(activityType) ? defaultCategory(activityType) : 70);
}

/**
 * Anyone launched (learner, instructor, administrator) logs learning done outside the tool; it waits for
 * someone else among the course's instructors, so it needs a course. It counts only once approved: no
 * eligibility to judge again here.
 */
export async function logLearning(
  deps: Pick<UseCaseDeps, 'ledger'>,
  input: {
    learner: Learner;
    framework: Framework;
    activity: LoggedActivity;
    today: string;
    /** Evidence files sent with the form (checked by their bytes; written with the entry, or not at all). */
    evidenceFiles?: readonly SentEvidenceFile[];
  },
): Promise<{ id: number } | { problems: LogProblem[] } | NoCourse> {
  const { learner } = input;
  const contextId = learner.contextId;
  if (!canLogLearning(learner) || contextId === undefined) return 'noCourse';
  const problems: LogProblem[] = loggedActivityProblems(input.framework, input.activity, input.today);
  const files = checkEvidenceFiles(input.evidenceFiles ?? []);
  if ('problems' in files) problems.push(...files.problems.map(evidenceProblem));
  if (problems.length > 0 || 'problems' in files) return { problems };
  // The reviewers (the course's instructors) hear that an entry waits for them; the learner is not told.
  return {
    id: await deps.ledger.logActivity(
      learner,
      { ...input.activity, evidenceFiles: files.files },
      {
        kind: 'entryToReview',
        actorId: learner.personId,
        to: { instructorsOf: contextId },
        contextId,
        subjectPersonId: learner.personId,
        details: { title: input.activity.title },
      },
    ),
  };
}

/** A problem of the log form: the activity's, or an evidence file's (on the form's file field). */
export type LogProblem =
  | ActivityProblem
  | { field: 'evidenceFile'; code: EvidenceProblem['code']; params?: Record<string, string | number> };

/** An evidence file's problem as a problem of the form's file field, naming the file or the limit. */
export function evidenceProblem(p: EvidenceProblem): LogProblem {
  const { code, ...params } = p;
  return { field: 'evidenceFile', code, params };
}

/** The rules a logged activity breaks (none: it can be logged), so that a form shows them all at once. */
export function loggedActivityProblems(
  framework: Framework,
  activity: LoggedActivity,
  today: string,
): ActivityProblem[] {
  return checkLoggedActivity(activity, new Set(framework.skillSets.map((s) => s.code)), today);
}
