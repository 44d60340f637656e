/**
 * Follow-up evaluation (issue 19 item 3): the completions whose follow-up a person may answer, the answers, the
 * committee's figures and the sweep that tells people a follow-up came due. Whether one is due is read, never
 * stored: from the completion (the newest row of its ledger chain: a reversal cancels it), the module's weeks and
 * the day (src/domain/evaluation/follow-up.ts, which the store's SQL copies to keep the lists short).
 */
import type { Bilingual } from '../../domain/framework/framework';
import type {
  FollowUpAnswer,
  FollowUpDueCount,
  FollowUpRatings,
  FollowUpRole,
} from '../../domain/evaluation/follow-up';
import type { ContextId, EntryId, ModuleId, PersonId, TenantId } from '../../shared/ids';
import type { AuditEntry } from './audit';

/** A module completion as the follow-up reads it. */
export interface FollowUpCompletionRow {
  entryId: EntryId;
  learnerId: PersonId;
  learnerName?: string;
  moduleId: ModuleId;
  moduleTitle: Bilingual;
  /** The course it was recorded in: its instructors are the learner's supervisors for the follow-up. */
  contextId?: ContextId;
  contextTitle?: string;
  /** The completion's date (its correction's, if corrected). */
  completedOn: string;
  /** The module's "follow up after N weeks" now. */
  weeks: number;
  reversed: boolean;
  learnerAnswered: boolean;
  supervisorAnswered: boolean;
}

/** An answer kept, as shown to the person who wrote it. */
export interface StoredFollowUpAnswer extends FollowUpAnswer {
  respondentId?: PersonId;
  answeredAt: Date;
}

export interface FollowUpStore {
  /**
   * Completions whose follow-up is open on `today` for `personId` as `role` and not yet answered in that role: their
   * own (learner), or those of other people recorded in a course they are an instructor of (supervisor).
   */
  open(
    tenantId: TenantId,
    personId: PersonId,
    role: FollowUpRole,
    today: string,
    answerWithinWeeks: number,
  ): Promise<FollowUpCompletionRow[]>;
  /** One completion of the organisation, and whether `viewerId` is an instructor of its course. */
  completion(
    tenantId: TenantId,
    entryId: EntryId,
    viewerId: PersonId,
  ): Promise<{ row: FollowUpCompletionRow; viewerSupervises: boolean } | undefined>;
  /** The answer given in `role` for a completion, if any. */
  answerOf(
    tenantId: TenantId,
    entryId: EntryId,
    role: FollowUpRole,
  ): Promise<StoredFollowUpAnswer | undefined>;
  /**
   * Keeps an answer with its audit row, in one transaction; 'alreadyAnswered' (nothing written) when the role's
   * answer is there already.
   */
  answer(
    input: {
      tenantId: TenantId;
      entryId: EntryId;
      role: FollowUpRole;
      learnerId: PersonId;
      respondentId: PersonId;
      moduleId: ModuleId;
      questionnaire: { id: string; version: number };
      answer: FollowUpAnswer;
    },
    audit: AuditEntry,
  ): Promise<'saved' | 'alreadyAnswered'>;
  /**
   * The committee's raw figures for a fiscal year (of the completion date): per module, the follow-ups due by
   * `today` and how many each role answered, and the ratings of those answers.
   */
  results(
    tenantId: TenantId,
    fiscalYear: number,
    today: string,
  ): Promise<{ due: FollowUpDueCount[]; answers: FollowUpRatings[] }>;
  /**
   * Writes a `followUpDue` notification to the learner and to each supervisor of every follow-up open on `today`
   * and not answered in their role, in every organisation; idempotent (one per completion, role and person).
   * Returns how many were written.
   */
  notifyDue(today: string, answerWithinWeeks: number): Promise<number>;
}
