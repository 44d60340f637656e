import express, { type Router } from 'express';
import { z } from 'zod';
import { formatDate, formatDateTime, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import {
  chooseNotificationEmail,
  getNotifications,
  markNotificationsRead,
} from '../../use-cases/get-notifications';
import type { EmailMode, NotificationRow } from '../../use-cases/ports/notifications';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { filteredPath, pagerView } from '../pager';
import { FOLLOW_UPS_PATH } from './follow-ups.routes';
import { HISTORY_HREF } from '../navigation';

const PATH = '/app/notifications';
const EVERYONE = ['learner', 'instructor', 'admin'] as const;
const EMAIL_MODES = ['none', 'digest', 'each'] as const satisfies readonly EmailMode[];
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1) });
const readForm = z.object({
  id: z.union([
    z.literal('all'),
    z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 53 - 1),
  ]),
});
const emailForm = z.object({ mode: z.enum(EMAIL_MODES) });

/** The sentence of a notification in the page's language (the same words go into e-mail). */
export function notificationText(
  l: Locale,
  n: Pick<NotificationRow, 'kind' | 'details' | 'subjectName'>,
): string {
  const d = n.details;
  const name = n.subjectName ?? t(l, 'notifications.someone');
  const fy = d.fiscalYear !== undefined ? t(l, 'notifications.fy', { fy: d.fiscalYear }) : '';
  const title = (l === 'th' ? d.titleTh : d.titleEn) ?? d.title ?? '';
  const key: TranslationKey =
    n.kind === 'entryDecided'
      ? `notifications.kind.entryDecided.${d.decision ?? 'approved'}`
      : n.kind === 'followUpDue' && d.followUpRole === 'supervisor'
        ? 'notifications.kind.followUpDue.supervisor'
        : `notifications.kind.${n.kind}`;
  const deadline = d.deadline ? formatDate(l, new Date(`${d.deadline}T12:00:00+07:00`)) : '';
  return t(l, key, { name, fy, title, attempts: d.attempts ?? 0, deadline });
}

/** Where a notification's reader acts: the approvals, their record, a learner's plan, their plan, the grades. */
export function notificationHref(n: Pick<NotificationRow, 'kind' | 'subjectPersonId'>): string {
  switch (n.kind) {
    case 'entryToReview':
      return '/app/approvals';
    case 'targetToAgree':
      return '/app/learners';
    case 'planToAgree':
      return n.subjectPersonId !== undefined ? `/app/learners/${n.subjectPersonId}/plan` : '/app/learners';
    case 'planAgreed':
    case 'planSentBack':
      return '/app/plan';
    case 'gradeFailing':
    case 'gradeRejected':
      return '/app/grades';
    case 'entryDecided':
      return HISTORY_HREF;
    case 'handInOverdue':
      return '/app/self-assessment';
    case 'followUpDue':
      return FOLLOW_UPS_PATH;
  }
}

/**
 * Everyone's notifications (/app/notifications): what needs them, newest first, unread marked, each a link to
 * where to act; marking one or all read; the e-mail choice when the tool sends e-mail (`mailEnabled`).
 */
export function notificationRoutes(deps: PageDeps & { mailEnabled: boolean }): Router {
  const router = express.Router();

  async function me(req: express.Request, res: express.Response, ctx: PageContext) {
    const learner = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!learner) sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
    return learner;
  }

  router.get(
    PATH,
    requireRole(deps, EVERYONE, async (req, res, ctx) => {
      const person = await me(req, res, ctx);
      if (!person) return;
      const l = ctx.locale;
      const list = await getNotifications(deps, {
        tenantId: ctx.tenantId,
        personId: person.personId,
        page: pageQuery.parse(req.query).page,
      });
      const done = req.query.done;
      renderPage(req, res, deps.render, ctx, 'notifications', {
        title: t(l, 'notifications.title'),
        count: list.count,
        unread: list.unread,
        notice:
          done === 'read'
            ? t(l, 'notifications.markedRead')
            : done === 'email'
              ? t(l, 'notifications.email.saved')
              : undefined,
        rows: list.rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          text: notificationText(l, n),
          course: n.contextTitle,
          when: formatDateTime(l, n.createdAt),
          at: n.createdAt.toISOString(),
          read: n.read,
          href: notificationHref(n),
        })),
        pager: pagerView(l, list, filteredPath(PATH, {}).page),
        email: deps.mailEnabled
          ? {
              address: ctx.launch.email,
              options: EMAIL_MODES.map((m) => ({
                value: m,
                label: t(l, `notifications.email.${m}`),
                checked: m === list.emailMode,
              })),
            }
          : undefined,
      });
    }),
  );

  router.post(
    `${PATH}/read`,
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 }),
    requireRole(deps, EVERYONE, async (req, res, ctx) => {
      const form = readForm.safeParse(req.body ?? {});
      if (!form.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const person = await me(req, res, ctx);
      if (!person) return;
      await markNotificationsRead(deps, {
        tenantId: ctx.tenantId,
        personId: person.personId,
        id: form.data.id === 'all' ? undefined : form.data.id,
      });
      redirectWithLtik(res, ctx.ltik, `${PATH}?done=read`);
    }),
  );

  router.post(
    `${PATH}/email`,
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 }),
    requireRole(deps, EVERYONE, async (req, res, ctx) => {
      const form = emailForm.safeParse(req.body ?? {});
      if (!deps.mailEnabled || !form.success)
        return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const person = await me(req, res, ctx);
      if (!person) return;
      await chooseNotificationEmail(deps, {
        tenantId: ctx.tenantId,
        personId: person.personId,
        mode: form.data.mode,
      });
      redirectWithLtik(res, ctx.ltik, `${PATH}?done=email`);
    }),
  );

  return router;
}
