import type { Database } from './database';
import { firstRow, int, isoDate, nullable, object, oneRow, rows, text, timestamp } from './decode';
import { personIdColumn } from './id-columns';
import { HAS_LEARNER_ROLE } from './record-sql';
import { writeAudit } from './audit.repository';
import { columnKind } from './notification.repository';
import type { HandInRowFilter, HandInStore } from '../use-cases/ports/hand-ins';

/** A person expected to hand in, as SQL over the alias p and the tenant $1: a learner's enrolment (the report's). */
const EXPECTED = `EXISTS (SELECT 1 FROM enrolments e WHERE e.tenant_id = p.tenant_id AND e.person_id = p.id
                            AND ${HAS_LEARNER_ROLE})`;

/** The rows of a filter, as SQL over the list's CTE (received_on of the standing form, NULL when none). */
const ROW_FILTER: Record<HandInRowFilter, string> = {
  all: 'true',
  handedIn: 'x.received_on IS NOT NULL',
  notYet: 'x.received_on IS NULL',
  none: 'false',
};

/** LIKE's own characters typed in a search are searched for as they are. */
const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const deadlineRow = object({ deadline: isoDate, set_at: timestamp, set_by_name: nullable(text) });
const listRow = object({
  total: int,
  handed_in: int,
  id: nullable(personIdColumn),
  name: nullable(text),
  platform_user_id: nullable(text),
  email: nullable(text),
  target_group: nullable(text),
  received_on: nullable(isoDate),
  note: nullable(text),
  recorded_by: nullable(text),
});
const countRow = object({ n: int });
const recordRow = object({ asked: int, expected: int, recorded: int });
const receivedRow = object({ received_on: isoDate });

export function createHandInRepository(db: Database): HandInStore {
  return {
    async deadline(tenantId, fiscalYear) {
      const r = await firstRow(
        db,
        deadlineRow,
        `SELECT d.deadline::text AS deadline, d.set_at, p.name AS set_by_name
           FROM hand_in_deadlines d LEFT JOIN people p ON p.tenant_id = d.tenant_id AND p.id = d.set_by
          WHERE d.tenant_id = $1 AND d.fiscal_year = $2`,
        [tenantId, fiscalYear],
      );
      return r && { deadline: r.deadline, setAt: r.set_at, setBy: r.set_by_name ?? undefined };
    },

    async setDeadline(tenantId, fiscalYear, deadline, audit) {
      await db.transaction(async (tx) => {
        const before = await firstRow(
          tx,
          object({ deadline: isoDate }),
          `SELECT deadline::text AS deadline FROM hand_in_deadlines
            WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE`,
          [tenantId, fiscalYear],
        );
        if (before?.deadline === deadline) return;
        await tx.query(
          `INSERT INTO hand_in_deadlines (tenant_id, fiscal_year, deadline, set_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant_id, fiscal_year) DO UPDATE
             SET deadline = EXCLUDED.deadline, set_by = EXCLUDED.set_by, set_at = now(), overdue_notified_at = NULL`,
          [tenantId, fiscalYear, deadline, audit.by.personId],
        );
        await writeAudit(tx, audit, { fiscalYear, before: before?.deadline ?? null, after: deadline });
      });
    },

    async list(tenantId, fiscalYear, query, page) {
      // One statement: the counts over every expected person matching the query, and one page of the rows the
      // filter keeps (a page past the end still returns the counts, in a row of NULLs).
      const found = await rows(
        db,
        listRow,
        `WITH x AS (
           SELECT p.id, p.name, p.platform_user_id, p.email, p.target_group, h.received_on, h.note,
                  r.name AS recorded_by
             FROM people p
             LEFT JOIN self_assessment_hand_ins h
               ON h.tenant_id = p.tenant_id AND h.fiscal_year = $2 AND h.person_id = p.id AND h.withdrawn_at IS NULL
             LEFT JOIN people r ON r.tenant_id = h.tenant_id AND r.id = h.recorded_by
            WHERE p.tenant_id = $1 AND ${EXPECTED}
              AND ($3::text IS NULL OR coalesce(p.target_group, '') = $3)
              AND ($4::text IS NULL OR p.name ILIKE $4 OR p.email ILIKE $4 OR p.platform_user_id ILIKE $4)
         ),
         counts AS (SELECT count(*)::int AS total, count(received_on)::int AS handed_in FROM x),
         page AS (
           SELECT x.* FROM x WHERE ${ROW_FILTER[page.filter]}
            ORDER BY x.name NULLS LAST, x.id LIMIT $5 OFFSET $6
         )
         SELECT c.total, c.handed_in, page.id, page.name, page.platform_user_id, page.email, page.target_group,
                page.received_on::text AS received_on, page.note, page.recorded_by
           FROM counts c LEFT JOIN page ON true
          ORDER BY page.name NULLS LAST, page.id`,
        [
          tenantId,
          fiscalYear,
          query.group ?? null,
          query.search ? likePattern(query.search) : null,
          page.limit,
          page.offset,
        ],
      );
      const first = found[0];
      return {
        total: first?.total ?? 0,
        handedIn: first?.handed_in ?? 0,
        rows: found.flatMap((r) =>
          r.id === null || r.platform_user_id === null
            ? []
            : [
                {
                  personId: r.id,
                  name: r.name ?? undefined,
                  platformUserId: r.platform_user_id,
                  email: r.email ?? undefined,
                  targetGroup: r.target_group ?? undefined,
                  receivedOn: r.received_on ?? undefined,
                  note: r.note ?? undefined,
                  recordedBy: r.recorded_by ?? undefined,
                },
              ],
        ),
      };
    },

    async record(by, fiscalYear, personIds, received) {
      const ids = [...new Set(personIds)];
      return db.transaction(async (tx) => {
        // Every person asked for must be expected, or nothing is written; the forms recorded, and an audit row
        // each, in one statement. A standing form is left as it was; a withdrawn one is replaced.
        const r = await oneRow(
          tx,
          recordRow,
          `WITH asked AS (
             SELECT p.id FROM people p WHERE p.tenant_id = $1 AND p.id = ANY ($3::bigint[]) AND ${EXPECTED}
           ),
           up AS (
             INSERT INTO self_assessment_hand_ins (tenant_id, fiscal_year, person_id, received_on, note, recorded_by)
             SELECT $1, $2::smallint, a.id, $4::date, $5::text, $6::bigint FROM asked a
              WHERE (SELECT count(*) FROM asked) = cardinality($3::bigint[])
             ON CONFLICT (tenant_id, fiscal_year, person_id) DO UPDATE
               SET received_on = EXCLUDED.received_on, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by,
                   recorded_at = now(), withdrawn_at = NULL, withdrawn_by = NULL, withdraw_reason = NULL
               WHERE self_assessment_hand_ins.withdrawn_at IS NOT NULL
             RETURNING person_id
           ),
           audit AS (
             INSERT INTO audit_log (tenant_id, action, actor_kind, actor_person_id, issuer, deployment_id, subject,
                                    subject_person_id, details)
             SELECT $1, 'hand_in.recorded', 'person', $6::bigint, $7, $8, ($2::smallint)::text, up.person_id,
                    jsonb_build_object('fiscalYear', $2::smallint, 'receivedOn', ($4::date)::text, 'note', $5::text)
               FROM up
           )
           SELECT cardinality($3::bigint[]) AS asked, (SELECT count(*)::int FROM asked) AS expected,
                  (SELECT count(*)::int FROM up) AS recorded`,
          [
            by.tenantId,
            fiscalYear,
            ids,
            received.receivedOn,
            received.note ?? null,
            by.personId,
            by.lms.issuer,
            by.lms.deploymentId,
          ],
        );
        if (r.expected !== r.asked) return { refused: 'NOT_EXPECTED' as const };
        return { recorded: r.recorded, unchanged: r.asked - r.recorded };
      });
    },

    async withdraw(fiscalYear, personId, reason, audit) {
      return db.transaction(async (tx) => {
        const w = await firstRow(
          tx,
          receivedRow,
          `UPDATE self_assessment_hand_ins
              SET withdrawn_at = now(), withdrawn_by = $4, withdraw_reason = $5
            WHERE tenant_id = $1 AND fiscal_year = $2 AND person_id = $3 AND withdrawn_at IS NULL
            RETURNING received_on::text AS received_on`,
          [audit.by.tenantId, fiscalYear, personId, audit.by.personId, reason],
        );
        if (!w) return false;
        await writeAudit(tx, audit, { fiscalYear, receivedOn: w.received_on, reason });
        return true;
      });
    },

    async ofPerson(tenantId, personId, fiscalYear) {
      const r = await firstRow(
        db,
        receivedRow,
        `SELECT received_on::text AS received_on FROM self_assessment_hand_ins
          WHERE tenant_id = $1 AND fiscal_year = $2 AND person_id = $3 AND withdrawn_at IS NULL`,
        [tenantId, fiscalYear, personId],
      );
      return r && { receivedOn: r.received_on };
    },

    async notifyOverdue(window) {
      // Marking the deadlines takes their rows' locks: a second sweep running at the same time waits, then finds
      // them told. The notifications' unique key keeps one per person and year whatever happens.
      const r = await oneRow(
        db,
        countRow,
        `WITH due AS (
           UPDATE hand_in_deadlines SET overdue_notified_at = now()
            WHERE overdue_notified_at IS NULL AND deadline >= $1::date AND deadline < $2::date
            RETURNING tenant_id, fiscal_year, deadline
         ),
         sent AS (
           INSERT INTO notifications (tenant_id, person_id, kind, event_key, details)
           SELECT d.tenant_id, p.id, '${columnKind('handInOverdue')}', 'hand-in:' || d.fiscal_year,
                  jsonb_build_object('fiscalYear', d.fiscal_year, 'deadline', d.deadline::text)
             FROM due d JOIN people p ON p.tenant_id = d.tenant_id
            WHERE ${EXPECTED}
              AND NOT EXISTS (SELECT 1 FROM self_assessment_hand_ins h
                               WHERE h.tenant_id = d.tenant_id AND h.fiscal_year = d.fiscal_year
                                 AND h.person_id = p.id AND h.withdrawn_at IS NULL)
           ON CONFLICT (tenant_id, person_id, kind, event_key) DO NOTHING
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM sent`,
        [window.deadlineFrom, window.deadlineBefore],
      );
      return r.n;
    },
  };
}
