import express, { type Router } from 'express';
import { z } from 'zod';
import { formatDateTime, t, type Locale } from '../../i18n/i18n';
import { getAuditLog } from '../../use-cases/get-audit-log';
import { AUDIT_EXPORT_LIMIT, exportAuditLog } from '../../use-cases/export-audit-log';
import { AUDIT_ACTIONS, type AuditRow } from '../../use-cases/ports/audit';
import { requireRole } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { renderPage } from '../pages';
import { filteredPath, pagerView } from '../pager';
import { sendCsv } from '../csv';
import { personIdSchema } from '../../shared/id-schemas';
import { auditDetailItems } from '../audit-details';

const PATH = '/app/organisation/audit';
const filterQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  person: personIdSchema.optional().catch(undefined),
});
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1) });

/** A person as the log names them: their name, or "(name withheld)" and the LMS user id. */
const personLabel = (l: Locale, name: string | undefined, platformUserId: string | undefined) =>
  name ?? (platformUserId ? `${t(l, 'approvals.anonymous')} ${platformUserId}` : t(l, 'approvals.anonymous'));

function author(l: Locale, r: AuditRow): string {
  if (r.actorKind !== 'person') return t(l, `audit.actor.${r.actorKind}`);
  return personLabel(l, r.actorName, r.actorPlatformUserId);
}

/** The details as the CSV keeps them: the JSON the store wrote, for machines. */
const detailsJson = (r: AuditRow) => (Object.keys(r.details).length ? JSON.stringify(r.details) : undefined);

/**
 * The organisation's audit log, for the LMS's administrators only (instructors and learners get the 403 page): what
 * was changed, by whom, when and from which LMS, filtered by action and by author, and as CSV.
 */
export function auditRoutes(deps: PageDeps): Router {
  const router = express.Router();

  router.get(
    PATH,
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const filter = filterQuery.parse(req.query);
      const log = await getAuditLog(deps, {
        tenantId: ctx.tenantId,
        action: filter.action,
        personId: filter.person,
        page: pageQuery.parse(req.query).page,
      });
      const query = { action: filter.action, person: filter.person?.toString() };
      const paths = filteredPath(PATH, query);
      renderPage(req, res, deps.render, ctx, 'audit', {
        title: t(l, 'audit.title'),
        count: log.count,
        actions: AUDIT_ACTIONS.map((a) => ({
          value: a,
          label: t(l, `audit.action.${a}`),
          selected: a === filter.action,
        })),
        people: log.actors.map((p) => ({
          value: p.personId,
          label: personLabel(l, p.name, p.platformUserId),
          selected: p.personId === filter.person,
        })),
        csvHref: filteredPath(`${PATH}.csv`, query).href,
        rows: log.rows.map((r) => ({
          id: r.id,
          action: r.action,
          actionLabel: t(l, `audit.action.${r.action}`),
          when: formatDateTime(l, r.at),
          at: r.at.toISOString(),
          who: author(l, r),
          subjectPerson:
            r.subjectPersonId !== undefined
              ? personLabel(l, r.subjectName, r.subjectPlatformUserId)
              : undefined,
          subject: r.subject,
          lms: r.issuer && (r.deploymentId ? `${r.issuer} (${r.deploymentId})` : r.issuer),
          details: auditDetailItems(l, r.details),
        })),
        pager: pagerView(l, log, paths.page),
      });
    }),
  );

  router.get(
    `${PATH}.csv`,
    requireRole(deps, ['admin'], async (req, res, ctx) => {
      const l = ctx.locale;
      const filter = filterQuery.parse(req.query);
      const { rows, truncated } = await exportAuditLog(deps, {
        tenantId: ctx.tenantId,
        action: filter.action,
        personId: filter.person,
      });
      const header = [
        t(l, 'audit.csv.at'),
        t(l, 'audit.csv.who'),
        t(l, 'audit.csv.personId'),
        t(l, 'audit.csv.lmsUserId'),
        t(l, 'audit.action'),
        t(l, 'audit.csv.actionCode'),
        t(l, 'audit.subject'),
        t(l, 'audit.csv.subjectPerson'),
        t(l, 'audit.csv.personId'),
        t(l, 'audit.csv.subjectLmsUserId'),
        t(l, 'audit.csv.issuer'),
        t(l, 'audit.csv.deployment'),
        t(l, 'audit.details'),
      ];
      const lines = rows.map((r) => [
        r.at.toISOString(),
        author(l, r),
        r.actorPersonId,
        r.actorPlatformUserId,
        t(l, `audit.action.${r.action}`),
        r.action,
        r.subject,
        r.subjectPersonId !== undefined ? (r.subjectName ?? t(l, 'approvals.anonymous')) : undefined,
        r.subjectPersonId,
        r.subjectPlatformUserId,
        r.issuer,
        r.deploymentId,
        detailsJson(r),
      ]);
      if (truncated) lines.push([t(l, 'audit.truncated', { limit: AUDIT_EXPORT_LIMIT })]);
      sendCsv(res, 'audit-log.csv', header, lines);
    }),
  );

  return router;
}
