import type { Bilingual } from '../../domain/framework/framework';
import type { QuizQuestion } from '../../domain/catalogue/learning-module';
import type { BankQuestionContent, Difficulty } from '../../domain/evaluation/question-bank';
import type { DrawCandidate, DrawnQuizSettings } from '../../domain/evaluation/quiz-draw';
import type { ContextId, ModuleId, ModuleVersionId, PersonId, TenantId } from '../../shared/ids';
import type { AuditEntry } from './audit';
import type { Learner } from './learner';

/** A bank question as the list shows it: its newest version. */
export interface BankQuestionRow {
  questionId: number;
  versionId: number;
  version: number;
  skillSet: string;
  area?: string;
  difficulty: Difficulty;
  kind: QuizQuestion['kind'];
  prompt: Bilingual;
  retired: boolean;
  updatedAt: Date;
}

export interface BankFilter {
  skillSet?: string;
  area?: string;
  difficulty?: Difficulty;
  status: 'active' | 'retired';
}

/** A bank question's newest version, in full. */
export interface StoredBankQuestion extends BankQuestionRow {
  content: BankQuestionContent;
}

/** One submitted attempt that drew a question version: its total, and whether this question was right. */
export interface ItemResponseRow {
  versionId: number;
  total: number;
  correct: boolean;
}

/** A learner's attempt at a module's drawn quiz. */
export interface DrawnAttempt {
  id: number;
  kind: 'pre' | 'post';
  moduleVersionId: ModuleVersionId;
  /** The bank question versions it drew, in the order shown. */
  questions: number[];
  /** The questions those versions are of, in the same order. */
  questionIds: number[];
  startedAt: Date;
  submittedAt?: Date;
  percent?: number;
}

/** A learner's pre-test and first post-test after it, of one module. */
export interface PrePostRow {
  personId: PersonId;
  name?: string;
  platformUserId: string;
  moduleId: ModuleId;
  moduleTitle: Bilingual;
  pre: number;
  /** Absent until the learner has taken a post-test after the pre-test. */
  post?: number;
  /** When the post-test was submitted (the fiscal year a gain belongs to). */
  postAt?: Date;
}

export interface QuestionBankStore {
  list(
    tenantId: TenantId,
    filter: BankFilter,
    page: { offset: number; limit: number },
  ): Promise<{ rows: BankQuestionRow[]; count: number }>;
  get(tenantId: TenantId, questionId: number): Promise<StoredBankQuestion | undefined>;
  /**
   * A new question, or a new version of one (`questionId`; `notFound` when the organisation has none such, or it is
   * retired), with its audit row in the same transaction.
   */
  save(
    input: { tenantId: TenantId; questionId?: number; content: BankQuestionContent; by: PersonId },
    audit: AuditEntry,
  ): Promise<{ questionId: number; version: number } | 'notFound'>;
  /** Takes the question out of every pool; false when there is no such active question. */
  retire(tenantId: TenantId, questionId: number, audit: AuditEntry): Promise<boolean>;
  /** The submitted attempts that drew these versions. */
  responses(tenantId: TenantId, versionIds: readonly number[]): Promise<ItemResponseRow[]>;
  /** What pools can draw: the newest version of every active question. */
  candidates(tenantId: TenantId): Promise<DrawCandidate[]>;
  /** Question versions by id (any organisation's ids are looked up in this one only). */
  versions(tenantId: TenantId, versionIds: readonly number[]): Promise<Map<number, QuizQuestion>>;

  /** The module's drawn quiz, by the module's slug (read beside the module, not after it). */
  drawSettings(tenantId: TenantId, slug: string): Promise<DrawnQuizSettings | undefined>;
  /** Sets (or, with undefined, removes) the module's drawn quiz; false when the module is not the organisation's. */
  saveDrawSettings(
    tenantId: TenantId,
    moduleId: ModuleId,
    settings: DrawnQuizSettings | undefined,
    audit: AuditEntry,
  ): Promise<boolean>;

  /** The learner's attempts at the module's drawn quiz, oldest first. */
  attempts(learner: Learner, moduleId: ModuleId): Promise<DrawnAttempt[]>;
  /**
   * What the learner answered in one of their submitted attempts, and which answers were right (as scored when it
   * was submitted): undefined when the attempt is not theirs or not submitted.
   */
  attemptAnswers(
    learner: Learner,
    attemptId: number,
  ): Promise<{ answers: number[][]; results: boolean[] } | undefined>;
  /**
   * Starts an attempt with the questions drawn for it; when one of this kind is already open (a concurrent start),
   * returns that one instead, and when a pre-test was taken already, undefined.
   */
  startAttempt(
    learner: Learner,
    input: {
      moduleId: ModuleId;
      moduleVersionId: ModuleVersionId;
      kind: 'pre' | 'post';
      questions: number[];
    },
  ): Promise<DrawnAttempt | undefined>;
  /**
   * Submits an open pre-test once: false when it is not the learner's open pre-test (submitted already, or not
   * theirs). The post-test is submitted with its progress and grade (PlayerStore.recordDrawnQuizAttempt).
   */
  submitPreTest(
    learner: Learner,
    attemptId: number,
    result: { answers: number[][]; results: boolean[]; percent: number; submittedAt: Date },
  ): Promise<boolean>;

  /** Pre-tests and first post-tests of a module's learners (of one course when `contextId`). */
  prePostOfModule(tenantId: TenantId, moduleId: ModuleId, contextId?: ContextId): Promise<PrePostRow[]>;
  /** One person's pre-tests and first post-tests, every module. */
  prePostOfPerson(tenantId: TenantId, personId: PersonId): Promise<PrePostRow[]>;
  /** Every pair whose post-test was submitted between the two dates (Bangkok, inclusive). */
  prePostBetween(tenantId: TenantId, from: string, to: string): Promise<PrePostRow[]>;
}
