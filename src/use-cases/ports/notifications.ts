/**
 * Notifications (issue 19 item 7): what needs a person, listed in the tool (with the unread count in the
 * navigation) and, when the tool has SMTP, sent by e-mail.
 *
 * Where a row is written: as the audit log's, by the store, inside the transaction of the write it tells of
 * (src/db/notification.repository.ts). The write use case says what happened and to whom (a NotificationEvent);
 * the store names the event after the row it wrote (the entry, the review, the plan version, the grade), so that
 * one event is one notification per person whatever retries there are, and leaves out the actor.
 */
import type { ContextId, PersonId, TenantId } from '../../shared/ids';

/** What a notification tells (sentences `notifications.kind.<code>`). 'followUpDue' is written by the follow-up sweep. */
export const NOTIFICATION_KINDS = [
  'entryToReview',
  'entryDecided',
  'planToAgree',
  'targetToAgree',
  'planAgreed',
  'planSentBack',
  'gradeFailing',
  'gradeRejected',
  'followUpDue',
  /** The organisation's deadline for handing in the signed self-assessment passed without it (seed 002). */
  'handInOverdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who is told: one person, the instructors of a course (its reviewers), or the supervisors of a learner. */
export type Recipients =
  | { person: PersonId }
  /** Instructors and administrators enrolled in the course. */
  | { instructorsOf: ContextId }
  /** Instructors and administrators of every course the learner is a learner of. */
  | { supervisorsOf: PersonId };

/** What the sentence names (small values: a title, a decision, a fiscal year, a version). */
export interface NotificationDetails {
  title?: string;
  titleTh?: string;
  titleEn?: string;
  decision?: 'approved' | 'rejected' | 'corrected' | 'reversed';
  fiscalYear?: number;
  version?: number;
  attempts?: number;
  /** A deadline (ISO day). */
  deadline?: string;
  /** A follow-up's: whether the reader answers it as the learner or as a supervisor. */
  followUpRole?: 'learner' | 'supervisor';
}

/** A write's notification, handed to the store with the write. */
export interface NotificationEvent {
  kind: NotificationKind;
  /** Who did it: never told of their own action. */
  actorId?: PersonId;
  to: Recipients;
  /** The course where to act. */
  contextId?: ContextId;
  /** Whose entry or plan it is. */
  subjectPersonId?: PersonId;
  details: NotificationDetails;
}

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  createdAt: Date;
  read: boolean;
  contextId?: ContextId;
  contextTitle?: string;
  subjectPersonId?: PersonId;
  subjectName?: string;
  details: NotificationDetails;
}

export type EmailMode = 'none' | 'digest' | 'each';

export interface NotificationStore {
  /** A person's notifications, newest first, a page at a time, with how many there are and how many unread. */
  list(
    tenantId: TenantId,
    personId: PersonId,
    page: { offset: number; limit: number },
  ): Promise<{ rows: NotificationRow[]; count: number; unread: number }>;
  /** Unread notifications of the person of an LMS user id: one indexed count (the navigation's badge). */
  unreadCount(tenantId: TenantId, platformUserId: string): Promise<number>;
  /** Marks one (or, with no id, every) notification of the person read; how many were unread. */
  markRead(tenantId: TenantId, personId: PersonId, id?: number): Promise<number>;
  /** The person's choice of e-mail, undefined if never chosen. */
  emailMode(tenantId: TenantId, personId: PersonId): Promise<EmailMode | undefined>;
  setEmailMode(tenantId: TenantId, personId: PersonId, mode: EmailMode): Promise<void>;
}
