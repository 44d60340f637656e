import type { ContextId, EntryId, PersonId, TenantId } from '../../shared/ids';
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type {
  CorrectionBlock,
  EffectiveEntry,
  LedgerEntry,
  RestatementBlock,
} from '../../domain/learning-record/ledger';
import type { RecordedEntry, UsualHours } from '../../domain/learning-record/review-flags';
import type { EligibilityInput } from './eligibility';
import type { CourseLearner, CoursePersonKey, Learner, PersonKey } from './learner';
import type { AuditEntry } from './audit';
import type { EvidenceFile } from '../../domain/learning-record/evidence-file';
import type { Horizon } from '../../domain/agency/seventy-thirty';
import type { TargetState } from '../../domain/agency/target-group';
import type { NotificationEvent } from './notifications';

export interface LoggedActivityInput {
  activityType: string;
  title: string;
  category: 70 | 20 | 10;
  hours: number;
  skillHours: Array<{ skillSet: string; hours: number }>;
  occurredOn: string;
  reflection?: string;
  evidenceUrl?: string;
  /** Evidence files, written with the entry in its transaction. */
  evidenceFiles?: readonly EvidenceFile[];
  /** What it serves (70:30); undefined: not stated. */
  horizon?: Horizon;
  /** Training only: the share of lecture, whole percent. */
  lectureShare?: number;
}

export interface CorrectionInput {
  tenantId: TenantId;
  contextId: ContextId;
  personId: PersonId;
  /** Any row of the chain (usually the original's id). */
  entryId: EntryId;
  kind: 'correction' | 'reversal';
  /** New hours (a correction scales the skill-set hours in proportion). */
  hours?: number;
  category?: 70 | 20 | 10;
  /** A new horizon; the row's own is kept when undefined. */
  horizon?: Horizon;
  /** A new lecture share (null: none); the row's own is kept when undefined, dropped when not training. */
  lectureShare?: number | null;
  reason: string;
  recordedBy: PersonId;
  /** Written with the correction, in its transaction; the old and new hours and category are added to it. */
  audit: AuditEntry;
  /** The owner's notification, written with the correction (named after its row; the entry's title added). */
  notify?: NotificationEvent;
}

/** The owner restates what an entry of their record served (70:30): its chain gains a row with that horizon. */
export interface RestatementInput {
  tenantId: TenantId;
  /** The owner: only their own entries are found. */
  personId: PersonId;
  /** Any row of the chain (usually the original's id). */
  entryId: EntryId;
  horizon: Horizon;
  /** Written with the restatement, in its transaction (the old and new horizon added); not when nothing is. */
  audit: AuditEntry;
}

export interface ReviewItem {
  entryId: EntryId;
  /** Whose entry it is (the page offers no decision on the reviewer's own). */
  personId: PersonId;
  personName?: string;
  activityType?: string;
  title: string;
  category: 70 | 20 | 10;
  hours: number;
  skillHours: Array<{ skillSet: string; area?: string; hours: number }>;
  occurredOn: string;
  reflection?: string;
  evidenceUrl?: string;
  createdAt: Date;
  horizon?: Horizon;
  lectureShare?: number;
}

/** What the progress page needs from a record, computed where the rows are. */
export interface RecordSummary {
  byCategory: Record<70 | 20 | 10, number>;
  bySkillSet: Map<string, number>;
  /** Hours that count by what they serve (70:30); `unstated` for entries that do not say. */
  byHorizon: Record<Horizon | 'unstated', number>;
  /** Hours credited per area (the Digital Literacy areas), from the mappings that name one. */
  byArea: Map<string, number>;
  pendingCount: number;
  /** Fiscal years (Buddhist era) that have entries, newest first. */
  fiscalYears: FiscalYear[];
  /** Entries matching the date range, as they count now. */
  historyCount: number;
  /** One page of them, newest first. */
  history: EffectiveEntry[];
  /** With `withEligibility`: what eligibility is judged on, from the same read. */
  eligibility?: EligibilityInput;
}

export interface LedgerStore {
  /** Every row of a learner's record with each row's newest review decision. */
  entriesOf(tenantId: TenantId, personId: PersonId): Promise<LedgerEntry[]>;
  /**
   * The record folded as `effectiveEntries` folds it (the newest row of each chain; logged activities count
   * once approved; reversals count nothing), summed in the database.
   */
  summaryOf(
    person: PersonKey,
    history: { from?: string; to?: string; offset: number; limit: number; withEligibility?: boolean },
  ): Promise<RecordSummary>;
  /**
   * Appends a correction (new values) or a reversal of an entry recorded in the course, by `recordedBy`, with the
   * reason, and returns its id. Returns undefined when the entry is not this person's in this course, and why not
   * when the entry can no longer be corrected (`correctionBlock`: reversed, or rejected); nothing is written then.
   */
  correct(input: CorrectionInput): Promise<EntryId | { notCorrectable: CorrectionBlock } | undefined>;
  /**
   * Appends the owner's restatement of the entry's horizon (a copy of the chain's newest row with the new horizon,
   * `restatementBlock` deciding on it under the chain's lock) and returns its id. Returns undefined when the entry
   * is not this person's, and why not when it cannot be restated (reversed, rejected, or already that horizon:
   * nothing written then, not even the audit row).
   */
  restate(input: RestatementInput): Promise<EntryId | { notRestated: RestatementBlock } | undefined>;
  /**
   * Hours that count, every year together, by what they serve (70:30), per person: the rollups' `~current`,
   * `~future` and `~unstated` keys (migration 0041). People with no hours are left out.
   */
  horizonHoursOf(
    tenantId: TenantId,
    personIds: readonly PersonId[],
  ): Promise<Map<PersonId, Record<Horizon | 'unstated', number>>>;
  /** A person's entries recorded in a course, as they count now (for the instructor correcting them). */
  courseEntriesOf(person: CoursePersonKey): Promise<EffectiveEntry[]>;
  logActivity(learner: Learner, input: LoggedActivityInput, notify?: NotificationEvent): Promise<EntryId>;
  /** Logged activities of a course that have no decision yet, oldest first. */
  pendingInContext(tenantId: TenantId, contextId: ContextId): Promise<ReviewItem[]>;
  /**
   * The records (every course), as they count now, of the people who have logged activities waiting in this
   * course: what a pending entry may duplicate.
   */
  recordsOfReviewees(tenantId: TenantId, contextId: ContextId): Promise<RecordedEntry[]>;
  /**
   * For each activity type waiting in this course: how many approved, not reversed, logged activities of that type
   * the organisation has, and the median and 95th percentile of their hours (as `usualHoursOf` computes them).
   */
  usualHours(tenantId: TenantId, contextId: ContextId): Promise<UsualHours[]>;
  /** The people whose records hold these entries (any course of the tenant; unknown ids are left out). */
  ownersOf(tenantId: TenantId, entryIds: EntryId[]): Promise<PersonId[]>;
  /**
   * Records a decision on pending activities of the course; entries of other courses or already decided are
   * left alone. Returns the ids decided. The audit entry is written with the decision (with the ids decided), and
   * not at all when nothing was decided.
   */
  review(input: {
    tenantId: TenantId;
    contextId: ContextId;
    entryIds: EntryId[];
    decision: 'approved' | 'rejected';
    comment?: string;
    reviewerId: PersonId;
    audit: AuditEntry;
    /** Each decided entry's owner is told (written with the decision, one per review row). */
    notifyOwners?: boolean;
  }): Promise<EntryId[]>;
  /**
   * Sets the person's target group (and stage, when given; else it stays) in the given state, recording who set
   * them (and, when agreed, who agreed and when); the audit entry (with the old and new values) in the same
   * transaction.
   */
  setTarget(
    input: PersonKey & {
      group: string;
      stage?: string;
      state: TargetState;
      setBy: PersonId;
      audit: AuditEntry;
      /** Told when the write makes a new proposal (a group or state that was not already proposed). */
      notifyProposal?: NotificationEvent;
    },
  ): Promise<void>;
  /**
   * People enrolled in the course with a learner role (as of their latest launch), by name: a listing, bounded
   * (the first 2,000). To find one learner, use courseLearner.
   */
  courseLearners(tenantId: TenantId, contextId: ContextId): Promise<CourseLearner[]>;
  /** One person, if enrolled in the course with a learner role; however large the course (one index lookup). */
  courseLearner(person: CoursePersonKey): Promise<CourseLearner | undefined>;
}
