import type { ContextId, TenantId } from '../../shared/ids';
import type { Bilingual } from '../../domain/framework/framework';

/** `rejected` is final: the LMS will never take the score as it stands (see GradeRejection), so it is not sent again. */
export type GradeStatus = 'pending' | 'delivered' | 'failing' | 'rejected';

/**
 * Why a grade was given up:
 * - `platform_removed`: the LMS's registration was removed from the tool;
 * - `refused`: the LMS refused the request itself (the line item deleted, the user not gradable, …);
 * - `not_newer`: the LMS holds a grade at least as new as this score (e.g. the teacher's own, set after the
 *   completion); sending it with a later timestamp would overwrite that grade.
 */
export type GradeRejection = 'platform_removed' | 'refused' | 'not_newer';

/**
 * How a failed delivery goes on: `retry` later (the LMS down, slow, overloaded, a token refused), or one of the
 * final outcomes. `not_newer` is the LMS's answer to a score whose timestamp is not newer than the grade it holds
 * (Moodle: 409), which on a retry also means the LMS stored an earlier attempt whose answer was lost.
 */
export type ScoreFailureKind = 'retry' | GradeRejection;

/**
 * What went wrong with a delivery, in words an instructor or administrator can act on (sentences
 * `grades.cause.<code>`). Kept with the grade (grade_outbox.failure_cause) until it is delivered.
 * - at the token endpoint: `key_refused` (the LMS refused the tool's signed key: its keyset URL or client id is
 *   wrong in the LMS), `scope_refused` (the grade service is not switched on for the tool), `token_refused` (any
 *   other refusal), `token_answer` (an answer without a token);
 * - at the score service: `access_refused` (401: token refused, or grade sync switched off), `not_gradable` (400),
 *   `forbidden` (403), `line_item_gone` (404, 410), `refused` (other refusals), `not_newer` (409);
 * - either: `busy` (408, 425, 429, 5xx), `unreachable` (network errors, timeouts), `redirected`;
 * - the registration: `platform_removed`, `platform_suspended`; and `unknown`.
 */
export const GRADE_FAILURE_CAUSES = [
  'key_refused',
  'scope_refused',
  'token_refused',
  'token_answer',
  'access_refused',
  'not_gradable',
  'forbidden',
  'line_item_gone',
  'refused',
  'not_newer',
  'busy',
  'unreachable',
  'redirected',
  'platform_removed',
  'platform_suspended',
  'unknown',
] as const;
export type GradeFailureCause = (typeof GRADE_FAILURE_CAUSES)[number];

/** What a ScoreSender's errors may carry; an error without a kind is retried, one without a cause is `unknown`. */
export interface ScoreFailure {
  kind: ScoreFailureKind;
  failureCause?: GradeFailureCause;
}

/** One learner's score on one line item, as the AGS score service takes it. */
export interface ScoreToSend {
  issuer: string;
  clientId: string;
  lineitemUrl: string;
  platformUserId: string;
  scoreGiven: number;
  scoreMaximum: number;
  timestamp: Date;
}

/** Sends scores to the LMS; throws with the reason (and, for a final outcome, a ScoreFailure kind) when it does not take one. */
export interface ScoreSender {
  /**
   * `sending`, when given, is awaited just before the score itself is posted (after the access token is got); if
   * it throws, nothing is posted.
   */
  sendScore(score: ScoreToSend, sending?: () => Promise<void>): Promise<void>;
}

export interface OutboxGrade extends Omit<ScoreToSend, 'timestamp'> {
  id: number;
  tenantId: TenantId;
  /**
   * When the learner earned the score (the completion, or the retake that improved it): its timestamp, the same
   * on every retry.
   */
  scoredAt: Date;
  attempts: number;
}

export interface GradeRow {
  id: number;
  personName?: string;
  moduleTitle: Bilingual;
  scoreGiven: number;
  status: GradeStatus;
  /** Set when the status is `rejected`. */
  rejection?: GradeRejection;
  /** Why the last attempt failed (absent on grades that failed before causes were kept). */
  failureCause?: string;
  attempts: number;
  lastError?: string;
  nextAttemptAt: Date;
  deliveredAt?: Date;
  createdAt: Date;
}

export interface GradeOutbox {
  /** Claims up to `limit` grades that are due, leasing them for `leaseSeconds` so no other worker takes them. */
  claimDue(limit: number, leaseSeconds: number): Promise<OutboxGrade[]>;
  /**
   * Marks grades delivered, in one statement: a round marks its deliveries together once its POSTs are done (see
   * deliverDueGrades).
   */
  markDelivered(ids: readonly number[]): Promise<void>;
  /**
   * Records that the grade's score is about to be posted to the LMS; returns whether an earlier POST of it had
   * been (by this or another worker), i.e. whether the LMS may hold this very score already.
   */
  markScoreSent(id: number): Promise<boolean>;
  /**
   * Tries again at `retryAt`; a grade already delivered or rejected stays as it is. With `notifyInstructors`, the
   * instructors of the grade's course are told, once per grade, in the same statement.
   */
  markFailed(
    id: number,
    error: string,
    retryAt: Date,
    cause: GradeFailureCause,
    notifyInstructors?: boolean,
  ): Promise<void>;
  /** Final: never claimed again (the course's instructors are told). A grade already delivered stays delivered. */
  markRejected(id: number, rejection: GradeRejection, error: string, cause: GradeFailureCause): Promise<void>;
  /** Grades of a course's links, newest first. */
  forContext(tenantId: TenantId, contextId: ContextId): Promise<GradeRow[]>;
  counts(): Promise<Record<GradeStatus, number>>;
}

/** The grade outbox's worker, as a use case that queued grades sees it. */
export interface GradeDelivery {
  /** Sends what was queued now, without waiting for the next poll. */
  kick(): void;
}
