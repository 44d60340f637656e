/**
 * Notification e-mail (issue 19 item 7): the mailer (one SMTP server, src/shared/smtp-mailer.ts) and the mail
 * worker's store (src/db/notification-mail.repository.ts).
 */
import type { PersonId, TenantId } from '../../shared/ids';
import type { EmailMode, NotificationRow } from './notifications';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Names the message after what it carries, so that a receiving server can tell a resent copy. */
  messageId: string;
}

/** Sends one message; rejects when the server did not take it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A person the worker claimed, with what waits to be e-mailed to them. */
export interface Mailbox {
  tenantId: TenantId;
  personId: PersonId;
  mode: EmailMode | undefined;
  /** The address the LMS sent (none: nothing is ever sent). */
  email?: string;
  name?: string;
  locale?: string;
  /** The LMS (the organisation's issuer), where the e-mail sends the reader: never a link with an ltik. */
  lmsUrl: string;
  /** The Bangkok day (YYYY-MM-DD) of the last digest sent. */
  lastDigestOn?: string;
  attempts: number;
  waiting: NotificationRow[];
}

export interface MailStore {
  /** Claims up to `limit` people whose mail is due at `now`, for `leaseSeconds` (FOR UPDATE SKIP LOCKED). */
  claimDue(now: Date, limit: number, leaseSeconds: number): Promise<Mailbox[]>;
  /**
   * Records what was sent (or decided not to be) and releases the person: the notifications `ids` mailed, the
   * digest day if one went, and when to look again (`dueAt`; undefined: at the next notification).
   */
  done(
    box: Pick<Mailbox, 'tenantId' | 'personId'>,
    ids: number[],
    o: { digestOn?: string; dueAt?: Date },
  ): Promise<void>;
  /** An SMTP failure: tried again at `retryAt`, nothing marked as sent. */
  failed(box: Pick<Mailbox, 'tenantId' | 'personId'>, error: string, retryAt: Date): Promise<void>;
}
