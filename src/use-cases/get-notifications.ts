import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { EmailMode, NotificationRow } from './ports/notifications';

export const NOTIFICATIONS_PAGE_SIZE = 20;

export interface NotificationsPage {
  rows: NotificationRow[];
  /** The page shown (the last one when asked for one past the end), of `pages`. */
  page: number;
  pages: number;
  count: number;
  unread: number;
  /** The person's e-mail choice: their own, else a digest (the default when the tool sends e-mail). */
  emailMode: EmailMode;
}

/** A person reads what needs them: newest first, a page at a time, with their e-mail choice. */
export async function getNotifications(
  deps: Pick<UseCaseDeps, 'notifications'>,
  input: { tenantId: TenantId; personId: PersonId; page: number },
): Promise<NotificationsPage> {
  const read = (page: number) =>
    deps.notifications.list(input.tenantId, input.personId, {
      offset: (page - 1) * NOTIFICATIONS_PAGE_SIZE,
      limit: NOTIFICATIONS_PAGE_SIZE,
    });
  const [first, mode] = await Promise.all([
    read(input.page),
    deps.notifications.emailMode(input.tenantId, input.personId),
  ]);
  const pages = Math.max(1, Math.ceil(first.count / NOTIFICATIONS_PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const { rows, count, unread } = page === input.page ? first : await read(page);
  return { rows, page, pages, count, unread, emailMode: mode ?? 'digest' };
}

/** Marks one notification of the person (or all of them) read; another person's id marks nothing. */
export function markNotificationsRead(
  deps: Pick<UseCaseDeps, 'notifications'>,
  input: { tenantId: TenantId; personId: PersonId; id?: number },
): Promise<number> {
  return deps.notifications.markRead(input.tenantId, input.personId, input.id);
}

/** The navigation's badge: how many notifications of the session's person are unread (one indexed count). */
export function countUnreadNotifications(
  deps: Pick<UseCaseDeps, 'notifications'>,
  input: { tenantId: TenantId; platformUserId: string },
): Promise<number> {
  return deps.notifications.unreadCount(input.tenantId, input.platformUserId);
}

/** A person chooses how they get notifications by e-mail. */
export function chooseNotificationEmail(
  deps: Pick<UseCaseDeps, 'notifications'>,
  input: { tenantId: TenantId; personId: PersonId; mode: EmailMode },
): Promise<void> {
  return deps.notifications.setEmailMode(input.tenantId, input.personId, input.mode);
}
