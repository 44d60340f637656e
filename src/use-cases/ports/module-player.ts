import type { ContextId, EntryId, ModuleId, ModuleVersionId, PersonId, TenantId } from '../../shared/ids';
import type { Bilingual } from '../../domain/framework/framework';
import type { Learner, PersonKey } from './learner';

export interface ModuleProgressState {
  pagesViewed: number[];
  currentPage: number;
  bestQuizPercent?: number;
}

/** What a completion records, and where its grade goes. */
export interface CompletionInput {
  tenantId: TenantId;
  personId: PersonId;
  contextId?: ContextId;
  moduleId: ModuleId;
  moduleVersionId: ModuleVersionId;
  title: string;
  category: 70 | 20 | 10;
  hours: number;
  skillHours: Array<{ skillSet: string; area?: string; hours: number }>;
  scorePercent: number;
  /** What it serves (70:30), by default from the learner's targets; undefined: not stated. */
  horizon?: 'current' | 'future';
  /** The launch's placement of the module, if its link has a gradebook column. */
  grade?: GradePlacement;
}

/**
 * A placement of a module that takes grades: the launch's resource link placed the module and has an AGS line
 * item (a gradebook column). The learner's grade of the module goes to it, as to every other placement of the
 * module in their courses.
 */
export interface GradePlacement {
  issuer: string;
  clientId: string;
  platformUserId: string;
  resourceLinkId?: string;
  lineitemUrl: string;
}

export interface CompletionRecord {
  entryId: EntryId;
  occurredOn: string;
  scorePercent?: number;
  createdAt: Date;
}

/** A module a learner opened and has not completed: what their home page offers to continue. */
export interface UnfinishedModule {
  slug: string;
  /** The title of the version they opened. */
  title: Bilingual;
  pagesViewed: number;
  pageCount: number;
}

export interface PlayerStore {
  /**
   * The module the learner opened most recently (a page viewed or a quiz tried) that they have not completed and
   * that still has a published version; undefined when there is none.
   */
  lastUnfinished(learner: PersonKey): Promise<UnfinishedModule | undefined>;
  progress(learner: Learner, moduleVersionId: ModuleVersionId): Promise<ModuleProgressState>;
  /** Marks a page viewed and makes it the current page; returns the new state. */
  viewPage(learner: Learner, moduleVersionId: ModuleVersionId, page: number): Promise<ModuleProgressState>;
  /**
   * Keeps the attempt and the best score of the version. When the learner has completed the module and the attempt
   * is their best score of it yet, the same statement queues it, with the attempt's time, for the placement and
   * every other placement of the module in the learner's courses (see `complete`).
   */
  recordQuizAttempt(
    learner: Learner,
    moduleVersionId: ModuleVersionId,
    attempt: { answers: number[][]; percent: number; passed: boolean },
    placement?: GradePlacement,
  ): Promise<{ state: ModuleProgressState; gradesQueued: number }>;
  /**
   * As `recordQuizAttempt`, for an attempt at a drawn quiz (the post-test): the same statement submits the drawn
   * attempt, which must be the learner's, open and of this version; otherwise nothing is written (undefined).
   */
  recordDrawnQuizAttempt(
    learner: Learner,
    moduleVersionId: ModuleVersionId,
    attempt: {
      attemptId: number;
      answers: number[][];
      results: boolean[];
      percent: number;
      passed: boolean;
      /** The clock's time: the waiting time before the next attempt runs from it. */
      submittedAt: Date;
    },
    placement?: GradePlacement,
  ): Promise<{ state: ModuleProgressState; gradesQueued: number } | undefined>;
  /**
   * Appends the completion entry and queues its grade, in one statement, for the launch's placement and every
   * placement of the module (a resource link with a line item) in the courses where the learner is a learner. A
   * second call for the same learner and module, concurrent or later, writes nothing and returns the first.
   *
   * Grades are queued once per person, line item and score (a unique index), and only a score higher than any
   * queued before for that line item: a grade never goes down. Each carries the time of its score, at least a
   * second after the line item's previous one (Moodle takes a score only when it is newer, in whole seconds).
   */
  complete(
    input: CompletionInput,
  ): Promise<{ created: boolean; record: CompletionRecord; gradesQueued: number }>;
  completionOf(learner: Learner, moduleId: ModuleId): Promise<CompletionRecord | undefined>;
  /**
   * The completion, as `completionOf`, for a learner who opened the module through a placement: if they
   * completed it and the placement's line item does not hold their best score yet (a placement made, or given a
   * gradebook column, after the completion), the same statement queues it, with the score's own time.
   */
  completionAt(
    learner: Learner,
    moduleId: ModuleId,
    placement: GradePlacement,
  ): Promise<{ record?: CompletionRecord; gradesQueued: number }>;
}
