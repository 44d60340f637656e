import type { Database, Queryable } from './database';
import { writeAudit } from './audit.repository';
import { insertEvidenceFiles } from './evidence.repository';
import { writeEntryDecisions, writeNotifications } from './notification.repository';
import { entryIdColumn, personIdColumn } from './id-columns';
import { fiscalYearSql } from './fiscal-year-sql';
import { fiscalYear } from '../domain/learning-record/fiscal-year';
import {
  EFFECTIVE_ENTRIES,
  EFFECTIVE_ENTRIES_OF_REVIEWEES,
  HAS_LEARNER_ROLE,
  ELIGIBILITY_COLUMNS,
} from './record-sql';
import {
  array,
  bool,
  firstRow,
  int,
  isoDate,
  nullable,
  numeric,
  object,
  oneOf,
  oneRow,
  record,
  rows,
  text,
  timestamp,
  type Decoded,
  type ObjectDecoder,
} from './decode';
import { category, eligibilityColumns, skillHoursList } from './record-rows';
import type {
  CourseLearner,
  Learner,
  LedgerStore,
  LoggedActivityInput,
  ReviewItem,
} from '../use-cases/ports';
import type { EntryId, PersonId } from '../shared/ids';
import type { Horizon } from '../domain/agency/seventy-thirty';
import {
  correctionBlock,
  restatementBlock,
  type EffectiveEntry,
  type LedgerEntry,
} from '../domain/learning-record/ledger';

const idRow = object({ id: entryIdColumn });
const decision = oneOf('approved', 'rejected');
const source = oneOf('module', 'activity', 'import');
const kind = oneOf('entry', 'correction', 'reversal', 'restatement');
const horizon = nullable(oneOf('current', 'future'));
const lectureShare = nullable(int);

const courseLearnerRow = object({
  id: personIdColumn,
  platform_user_id: text,
  name: nullable(text),
  target_group: nullable(text),
  target_stage: nullable(text),
  target_state: oneOf('proposed', 'agreed'),
});

/** A person's target before it is changed (for the audit row). */
const targetRow = object({
  target_group: nullable(text),
  target_stage: nullable(text),
  target_state: oneOf('proposed', 'agreed'),
});

const toCourseLearner = (r: Decoded<typeof courseLearnerRow>): CourseLearner => ({
  personId: r.id,
  platformUserId: r.platform_user_id,
  name: r.name ?? undefined,
  targetGroup: r.target_group ?? undefined,
  targetStage: r.target_stage ?? undefined,
  targetState: r.target_state,
});

/**
 * The values of an entry, as both shapes of a row carry them: a row of the ledger (entriesOf) and a chain as it
 * counts now (the `eff` CTE of EFFECTIVE_ENTRIES, with the values of its newest row). One decoder of the columns,
 * one mapper to the domain's fields, so that a column added to entries (as the 70:30 horizon and the lecture share
 * were) is added once.
 */
const entryValues = {
  source,
  title: text,
  title_th: nullable(text),
  title_en: nullable(text),
  activity_type: nullable(text),
  module_id: nullable(int),
  category,
  hours: numeric,
  skill_hours: skillHoursList,
  occurred_on: isoDate,
  reason: nullable(text),
  horizon,
  lecture_share: lectureShare,
};
type EntryValues = Pick<
  EffectiveEntry,
  | 'source'
  | 'title'
  | 'moduleTitle'
  | 'activityType'
  | 'moduleId'
  | 'category'
  | 'hours'
  | 'skillHours'
  | 'occurredOn'
  | 'reason'
  | 'horizon'
  | 'lectureShare'
>;
const toEntryValues = (r: Decoded<ObjectDecoder<typeof entryValues>>): EntryValues => ({
  source: r.source,
  title: r.title,
  moduleTitle: r.title_th && r.title_en ? { th: r.title_th, en: r.title_en } : undefined,
  activityType: r.activity_type ?? undefined,
  moduleId: r.module_id ?? undefined,
  category: r.category,
  hours: r.hours,
  skillHours: r.skill_hours,
  occurredOn: r.occurred_on,
  reason: r.reason ?? undefined,
  ...(r.horizon ? { horizon: r.horizon } : {}),
  ...(r.lecture_share !== null ? { lectureShare: r.lecture_share } : {}),
});

/** A row of a learner's record with its newest review, as entriesOf aggregates it (JSON: numbers, ISO dates). */
const entryRow = object({
  ...entryValues,
  id: entryIdColumn,
  kind,
  corrects_id: nullable(int),
  decision: nullable(decision),
  review_comment: nullable(text),
});

/** A chain of the record as it counts now (the `eff` CTE of EFFECTIVE_ENTRIES). */
const effectiveRow = object({
  ...entryValues,
  root: entryIdColumn,
  current_id: entryIdColumn,
  status: oneOf('approved', 'rejected', 'pending'),
  comment: nullable(text),
  reversed: bool,
  corrected: bool,
});
type EffectiveRow = Decoded<typeof effectiveRow>;

const summaryRow = object({
  by_category: record(numeric),
  by_skill_set: record(numeric),
  by_horizon: record(numeric),
  by_area: record(numeric),
  pending: int,
  years: array(int),
  history_count: int,
  history: array(effectiveRow),
});

const currentRow = object({
  id: entryIdColumn,
  root: entryIdColumn,
  kind,
  source,
  activity_type: nullable(text),
  title: text,
  category,
  hours: numeric,
  skill_hours: skillHoursList,
  occurred_on: isoDate,
  module_id: nullable(int),
  module_version_id: nullable(int),
  decision: nullable(decision),
  horizon,
  lecture_share: lectureShare,
});

const reviewItemRow = object({
  id: entryIdColumn,
  person_id: personIdColumn,
  name: nullable(text),
  activity_type: nullable(text),
  title: text,
  category,
  hours: numeric,
  skill_hours: skillHoursList,
  occurred_on: isoDate,
  reflection: nullable(text),
  evidence_url: nullable(text),
  created_at: timestamp,
  horizon,
  lecture_share: lectureShare,
});

const revieweeRecordRow = object({
  root: entryIdColumn,
  person_id: personIdColumn,
  title: text,
  occurred_on: isoDate,
  status: oneOf('approved', 'rejected', 'pending'),
  reversed: bool,
});

const usualHoursRow = object({ activity_type: text, n: int, median: numeric, p95: numeric });

const toEffective = (r: EffectiveRow): EffectiveEntry => ({
  ...toEntryValues(r),
  id: r.root,
  currentId: r.current_id,
  status: r.status,
  reviewComment: r.comment ?? undefined,
  reversed: r.reversed,
  corrected: r.corrected,
});

const toLedgerEntry = (r: Decoded<typeof entryRow>): LedgerEntry => ({
  ...toEntryValues(r),
  id: r.id,
  kind: r.kind,
  correctsId: r.corrects_id ?? undefined,
  decision: r.decision ?? undefined,
  reviewComment: r.review_comment ?? undefined,
});

/** A learner's logged activity, as a new chain of the record. */
async function insertActivity(q: Queryable, l: Learner, a: LoggedActivityInput): Promise<EntryId> {
  const row = await oneRow(
    q,
    idRow,
    `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, activity_type, title, category,
                                   hours, skill_hours, occurred_on, reflection, evidence_url, recorded_by, horizon,
                                   lecture_share)
     VALUES ($1, $2, $3, 'activity', 'entry', $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $2, $12, $13) RETURNING id`,
    [
      l.tenantId,
      l.personId,
      l.contextId ?? null,
      a.activityType,
      a.title,
      a.category,
      a.hours,
      JSON.stringify(a.skillHours),
      a.occurredOn,
      a.reflection ?? null,
      a.evidenceUrl ?? null,
      a.horizon ?? null,
      a.lectureShare ?? null,
    ],
  );
  return row.id;
}

export function createLedgerRepository(db: Database): LedgerStore {
  return {
    async entriesOf(tenantId, personId) {
      // One row holding a JSON array: parsing a thousand rows column by column cost more than the query itself.
      const row = await oneRow(
        db,
        object({ entries: nullable(array(entryRow)) }),
        `SELECT json_agg(json_build_object(
                  'id', e.id, 'source', e.source, 'kind', e.kind, 'corrects_id', e.corrects_id, 'title', e.title,
                  'activity_type', e.activity_type, 'module_id', e.module_id, 'category', e.category,
                  'hours', e.hours, 'skill_hours', e.skill_hours, 'occurred_on', e.occurred_on,
                  'decision', r.decision, 'review_comment', r.comment, 'reason', e.reason, 'title_th', v.title_th, 'title_en', v.title_en,
                  'horizon', e.horizon, 'lecture_share', e.lecture_share)) AS entries
           FROM learning_entries e
           LEFT JOIN module_versions v ON v.id = e.module_version_id
           LEFT JOIN LATERAL (SELECT decision, comment FROM entry_reviews
                               WHERE entry_id = e.id ORDER BY id DESC LIMIT 1) r ON true
          WHERE e.tenant_id = $1 AND e.person_id = $2`,
        [tenantId, personId],
      );
      return (row.entries ?? []).map(toLedgerEntry);
    },

    async summaryOf({ tenantId, personId }, range) {
      const r = await oneRow(
        db,
        summaryRow,
        `WITH ${EFFECTIVE_ENTRIES}
         SELECT
           (SELECT coalesce(json_object_agg(category, h), '{}') FROM
              (SELECT category, sum(hours) AS h FROM eff WHERE counted GROUP BY category) x) AS by_category,
           (SELECT coalesce(json_object_agg(ss, h), '{}') FROM
              (SELECT s->>'skillSet' AS ss, sum((s->>'hours')::numeric) AS h
                 FROM eff, jsonb_array_elements(eff.skill_hours) s WHERE counted GROUP BY 1) y) AS by_skill_set,
           (SELECT coalesce(json_object_agg(hz, h), '{}') FROM
              (SELECT coalesce(horizon, 'unstated') AS hz, sum(hours) AS h FROM eff WHERE counted GROUP BY 1) hz) AS by_horizon,
           (SELECT coalesce(json_object_agg(ar, h), '{}') FROM
              (SELECT s->>'area' AS ar, sum((s->>'hours')::numeric) AS h
                 FROM eff, jsonb_array_elements(eff.skill_hours) s
                WHERE counted AND s->>'area' IS NOT NULL GROUP BY 1) a) AS by_area,
           (SELECT count(*) FROM eff WHERE status = 'pending' AND NOT reversed)::int AS pending,
           (SELECT coalesce(array_agg(fy ORDER BY fy DESC), '{}') FROM
              (SELECT DISTINCT ${fiscalYearSql('occurred_on')} AS fy FROM eff) z) AS years,
           (SELECT count(*) FROM eff WHERE ($3::date IS NULL OR occurred_on >= $3) AND ($4::date IS NULL OR occurred_on <= $4))::int
             AS history_count,
           (SELECT coalesce(json_agg(h), '[]') FROM
              (SELECT root, current_id, source, title, title_th, title_en, activity_type, module_id, category, hours,
                      skill_hours, occurred_on, status, comment, reason, reversed, corrected, horizon, lecture_share FROM eff
                WHERE ($3::date IS NULL OR occurred_on >= $3) AND ($4::date IS NULL OR occurred_on <= $4)
                ORDER BY occurred_on DESC, root DESC LIMIT $5 OFFSET $6) h) AS history
           ${range.withEligibility ? `, ${ELIGIBILITY_COLUMNS}` : ''}`,
        [tenantId, personId, range.from ?? null, range.to ?? null, range.limit, range.offset],
      );
      const num = (v: number | undefined) => Math.round((v ?? 0) * 100) / 100;
      return {
        byCategory: {
          70: num(r.by_category['70']),
          20: num(r.by_category['20']),
          10: num(r.by_category['10']),
        },
        bySkillSet: new Map(Object.entries(r.by_skill_set).map(([k, v]) => [k, num(v)])),
        byHorizon: {
          current: num(r.by_horizon.current),
          future: num(r.by_horizon.future),
          unstated: num(r.by_horizon.unstated),
        },
        byArea: new Map(Object.entries(r.by_area).map(([k, v]) => [k, num(v)])),
        pendingCount: r.pending,
        fiscalYears: r.years.map(fiscalYear),
        historyCount: r.history_count,
        history: r.history.map(toEffective),
        eligibility: range.withEligibility ? eligibilityColumns(r) : undefined,
      };
    },

    async courseEntriesOf({ tenantId, contextId, personId }) {
      const found = await rows(
        db,
        effectiveRow,
        `WITH ${EFFECTIVE_ENTRIES}
         SELECT root, current_id, source, title, title_th, title_en, activity_type, module_id, category, hours::float8 AS hours,
                skill_hours, occurred_on::text, status, comment, reason, reversed, corrected, horizon, lecture_share
           FROM eff WHERE context_id = $3 ORDER BY occurred_on DESC, root DESC LIMIT 500`,
        [tenantId, personId, contextId],
      );
      return found.map(toEffective);
    },

    async correct(c) {
      return db.transaction(async (tx) => {
        // Lock the chain's original first; the newest row is read after the lock, so concurrent corrections queue
        // and each names the row the previous one wrote.
        const root = await firstRow(
          tx,
          object({ root: entryIdColumn }),
          `SELECT o.id AS root FROM learning_entries o
            WHERE o.id = (SELECT coalesce(root_id, id) FROM learning_entries WHERE id = $3 AND tenant_id = $1 AND person_id = $2)
              AND o.tenant_id = $1 AND o.person_id = $2
            FOR UPDATE`,
          [c.tenantId, c.personId, c.entryId],
        );
        if (!root) return undefined;
        const current = await firstRow(
          tx,
          currentRow,
          `SELECT e.id, coalesce(e.root_id, e.id) AS root, e.kind, e.source, e.activity_type, e.title, e.category,
                  e.hours::text, e.skill_hours, e.occurred_on::text, e.module_id, e.module_version_id, e.horizon,
                  e.lecture_share, (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = coalesce(e.root_id, e.id)
                    ORDER BY r.id DESC LIMIT 1) AS decision
             FROM learning_entries e
            WHERE e.tenant_id = $1 AND e.context_id = $2 AND coalesce(e.root_id, e.id) = $3
            ORDER BY e.id DESC LIMIT 1`,
          [c.tenantId, c.contextId, root.root],
        );
        if (!current) return undefined;
        const blocked = correctionBlock({
          reversed: current.kind === 'reversal',
          status: current.source !== 'activity' ? 'approved' : (current.decision ?? 'pending'),
        });
        if (blocked) return { notCorrectable: blocked };
        const oldHours = current.hours;
        const hours = c.kind === 'reversal' ? oldHours : (c.hours ?? oldHours);
        // Skill-set hours follow the entry's hours in proportion, so their sum still fits.
        const factor = oldHours > 0 ? hours / oldHours : 0;
        const skillHours = current.skill_hours.map((x) => ({
          ...x,
          hours: Math.round(x.hours * factor * 100) / 100,
        }));
        const categoryAfter = c.category ?? current.category;
        const horizonAfter = c.kind === 'reversal' ? current.horizon : (c.horizon ?? current.horizon);
        // Only training has a lecture share: a correction to another category drops it.
        const lectureShareAfter =
          categoryAfter !== 10
            ? null
            : c.kind === 'reversal' || c.lectureShare === undefined
              ? current.lecture_share
              : c.lectureShare;
        const row = await oneRow(
          tx,
          idRow,
          `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, module_id,
                                         module_version_id, activity_type, title, category, hours, skill_hours,
                                         occurred_on, recorded_by, reason, horizon, lecture_share)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19)
           RETURNING id`,
          [
            c.tenantId,
            c.personId,
            c.contextId,
            current.source,
            c.kind,
            current.id,
            current.root,
            current.module_id,
            current.module_version_id,
            current.activity_type,
            current.title,
            c.category ?? current.category,
            hours,
            JSON.stringify(skillHours),
            current.occurred_on,
            c.recordedBy,
            c.reason,
            horizonAfter,
            lectureShareAfter,
          ],
        );
        await writeAudit(tx, c.audit, {
          entryId: current.root,
          before: {
            hours: oldHours,
            category: current.category,
            horizon: current.horizon,
            lectureShare: current.lecture_share,
          },
          after: { hours, category: categoryAfter, horizon: horizonAfter, lectureShare: lectureShareAfter },
          reason: c.reason,
        });
        if (c.notify)
          await writeNotifications(
            tx,
            c.tenantId,
            { ...c.notify, details: { ...c.notify.details, title: current.title } },
            `amend:${row.id}`,
          );
        return row.id;
      });
    },

    async restate(c) {
      return db.transaction(async (tx) => {
        // The chain's original locked first, as a correction does: a restatement and a correction of one entry
        // queue, and each copies the row the other wrote.
        const root = await firstRow(
          tx,
          object({ root: entryIdColumn }),
          `SELECT o.id AS root FROM learning_entries o
            WHERE o.id = (SELECT coalesce(root_id, id) FROM learning_entries WHERE id = $3 AND tenant_id = $1 AND person_id = $2)
              AND o.tenant_id = $1 AND o.person_id = $2
            FOR UPDATE`,
          [c.tenantId, c.personId, c.entryId],
        );
        if (!root) return undefined;
        const current = await oneRow(
          tx,
          object({ id: entryIdColumn, kind, source, horizon, decision: nullable(decision) }),
          `SELECT e.id, e.kind, o.source, e.horizon,
                  (SELECT r.decision FROM entry_reviews r WHERE r.tenant_id = $1 AND r.entry_id = o.id
                    ORDER BY r.id DESC LIMIT 1) AS decision
             FROM learning_entries e JOIN learning_entries o ON o.tenant_id = $1 AND o.id = $3
            WHERE e.tenant_id = $1 AND e.person_id = $2 AND coalesce(e.root_id, e.id) = $3
            ORDER BY e.id DESC LIMIT 1`,
          [c.tenantId, c.personId, root.root],
        );
        const blocked = restatementBlock(
          {
            reversed: current.kind === 'reversal',
            status: current.source !== 'activity' ? 'approved' : (current.decision ?? 'pending'),
            horizon: current.horizon ?? undefined,
          },
          c.horizon,
        );
        if (blocked) return { notRestated: blocked };
        // Every value of the newest row but the horizon (migration 0054's trigger holds it), recorded by the owner;
        // the reason of a correction it follows is carried, so that the entry still reads as corrected.
        const row = await oneRow(
          tx,
          idRow,
          `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, module_id,
                                         module_version_id, activity_type, title, category, hours, skill_hours,
                                         occurred_on, recorded_by, reason, horizon, lecture_share)
           SELECT tenant_id, person_id, context_id, source, 'restatement', id, coalesce(root_id, id), module_id,
                  module_version_id, activity_type, title, category, hours, skill_hours, occurred_on, person_id,
                  CASE WHEN kind = 'entry' THEN NULL ELSE reason END, $3, lecture_share
             FROM learning_entries WHERE tenant_id = $1 AND id = $2
           RETURNING id`,
          [c.tenantId, current.id, c.horizon],
        );
        await writeAudit(tx, c.audit, {
          entryId: root.root,
          before: { horizon: current.horizon },
          after: { horizon: c.horizon },
        });
        return row.id;
      });
    },

    async horizonHoursOf(tenantId, personIds) {
      const out = new Map<PersonId, Record<Horizon | 'unstated', number>>();
      if (personIds.length === 0) return out;
      const found = await rows(
        db,
        object({ person_id: personIdColumn, key: oneOf('~current', '~future', '~unstated'), hours: numeric }),
        `SELECT person_id, skill_set_code AS key, sum(hours)::text AS hours FROM learning_rollups
          WHERE tenant_id = $1 AND person_id = ANY ($2::bigint[]) AND category = 0
            AND skill_set_code IN ('~current', '~future', '~unstated')
          GROUP BY 1, 2`,
        [tenantId, personIds],
      );
      for (const r of found) {
        const mine = out.get(r.person_id) ?? { current: 0, future: 0, unstated: 0 };
        mine[r.key === '~current' ? 'current' : r.key === '~future' ? 'future' : 'unstated'] =
          Math.round(r.hours * 100) / 100;
        out.set(r.person_id, mine);
      }
      return out;
    },

    logActivity(l, a, notify) {
      // The entry, its evidence files and its reviewers' notifications in one transaction: a file or a
      // notification that cannot be written leaves no entry.
      return db.transaction(async (tx) => {
        const id = await insertActivity(tx, l, a);
        if (a.evidenceFiles?.length) await insertEvidenceFiles(tx, l.tenantId, id, a.evidenceFiles);
        if (notify) await writeNotifications(tx, l.tenantId, notify, `entry:${id}`);
        return id;
      });
    },

    async pendingInContext(tenantId, contextId) {
      const found = await rows(
        db,
        reviewItemRow,
        `SELECT e.id, e.person_id, p.name, e.activity_type, e.title, e.category, e.hours::text, e.skill_hours, e.occurred_on::text,
                e.reflection, e.evidence_url, e.created_at, e.horizon, e.lecture_share
           FROM learning_entries e JOIN people p ON p.id = e.person_id
          WHERE e.tenant_id = $1 AND e.context_id = $2 AND e.source = 'activity' AND e.kind = 'entry'
            AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = e.id)
          ORDER BY e.created_at, e.id`,
        [tenantId, contextId],
      );
      return found.map((r): ReviewItem => ({
        entryId: r.id,
        personId: r.person_id,
        personName: r.name ?? undefined,
        activityType: r.activity_type ?? undefined,
        title: r.title,
        category: r.category,
        hours: r.hours,
        skillHours: r.skill_hours,
        occurredOn: r.occurred_on,
        reflection: r.reflection ?? undefined,
        evidenceUrl: r.evidence_url ?? undefined,
        createdAt: r.created_at,
        ...(r.horizon ? { horizon: r.horizon } : {}),
        ...(r.lecture_share !== null ? { lectureShare: r.lecture_share } : {}),
      }));
    },

    async recordsOfReviewees(tenantId, contextId) {
      const found = await rows(
        db,
        revieweeRecordRow,
        `WITH ${EFFECTIVE_ENTRIES_OF_REVIEWEES}
         SELECT root, person_id, title, occurred_on::text, status, reversed FROM eff
          WHERE NOT reversed AND status <> 'rejected'`,
        [tenantId, contextId],
      );
      return found.map((r) => ({
        id: r.root,
        personId: r.person_id,
        title: r.title,
        occurredOn: r.occurred_on,
        status: r.status,
        reversed: r.reversed,
      }));
    },

    async usualHours(tenantId, contextId) {
      // Each approved logged activity with the hours of the newest row of its chain (a correction's), unless that
      // row is a reversal; percentile_cont interpolates between ranks as usualHoursOf does.
      const found = await rows(
        db,
        usualHoursRow,
        `SELECT o.activity_type, count(*)::int AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY h.hours) AS median,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY h.hours) AS p95
           FROM learning_entries o
           JOIN LATERAL (SELECT r.decision FROM entry_reviews r WHERE r.entry_id = o.id
                          ORDER BY r.id DESC LIMIT 1) rv ON rv.decision = 'approved'
           JOIN LATERAL (SELECT e.kind, e.hours FROM learning_entries e
                          WHERE e.tenant_id = o.tenant_id AND e.person_id = o.person_id
                            AND coalesce(e.root_id, e.id) = o.id
                          ORDER BY e.id DESC LIMIT 1) h ON h.kind <> 'reversal'
          WHERE o.tenant_id = $1 AND o.source = 'activity' AND o.kind = 'entry'
            AND o.activity_type IN (
                  SELECT p.activity_type FROM learning_entries p
                   WHERE p.tenant_id = $1 AND p.context_id = $2 AND p.source = 'activity' AND p.kind = 'entry'
                     AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = p.id))
          GROUP BY o.activity_type`,
        [tenantId, contextId],
      );
      return found.map((r) => ({
        activityType: r.activity_type,
        count: r.n,
        median: r.median,
        p95: r.p95,
      }));
    },

    async ownersOf(tenantId, entryIds) {
      if (entryIds.length === 0) return [];
      const found = await rows(
        db,
        object({ person_id: personIdColumn }),
        `SELECT DISTINCT person_id FROM learning_entries WHERE tenant_id = $1 AND id = ANY ($2::bigint[])`,
        [tenantId, entryIds],
      );
      return found.map((r) => r.person_id);
    },

    async review({ tenantId, contextId, entryIds, decision, comment, reviewerId, audit, notifyOwners }) {
      if (entryIds.length === 0) return [];
      return db.transaction(async (tx) => {
        // Lock the entries so two reviewers deciding at once cannot both record a first decision.
        const pending = await rows(
          tx,
          idRow,
          `SELECT e.id FROM learning_entries e
            WHERE e.tenant_id = $1 AND e.context_id = $2 AND e.id = ANY ($3::bigint[]) AND e.source = 'activity'
              AND e.kind = 'entry' AND NOT EXISTS (SELECT 1 FROM entry_reviews r WHERE r.entry_id = e.id)
            FOR UPDATE OF e`,
          [tenantId, contextId, entryIds],
        );
        const ids = pending.map((r) => r.id);
        if (ids.length === 0) return [];
        const reviews = await rows(
          tx,
          object({ id: int }),
          `INSERT INTO entry_reviews (tenant_id, entry_id, decision, comment, reviewer_id)
           SELECT $1, id, $3, $4, $5 FROM unnest($2::bigint[]) AS id RETURNING id`,
          [tenantId, ids, decision, comment ?? null, reviewerId],
        );
        if (notifyOwners)
          await writeEntryDecisions(
            tx,
            tenantId,
            reviews.map((r) => r.id),
            reviewerId,
          );
        // The entries decided here (others were decided meanwhile, or are not this course's pending ones).
        await writeAudit(tx, { ...audit, subject: ids.map((id) => `#${id}`).join(' ') }, { entryIds: ids });
        return ids;
      });
    },

    async courseLearners(tenantId, contextId) {
      const found = await rows(
        db,
        courseLearnerRow,
        `SELECT p.id, p.platform_user_id, p.name, p.target_group, p.target_stage, p.target_state FROM enrolments e JOIN people p ON p.id = e.person_id
          WHERE e.tenant_id = $1 AND e.context_id = $2
            AND ${HAS_LEARNER_ROLE}
          ORDER BY p.name NULLS LAST, p.id LIMIT 2000`,
        [tenantId, contextId],
      );
      return found.map(toCourseLearner);
    },

    async courseLearner({ tenantId, contextId, personId }) {
      // The enrolment's primary key (tenant, course, person) finds the row; the person's by id.
      const found = await rows(
        db,
        courseLearnerRow,
        `SELECT p.id, p.platform_user_id, p.name, p.target_group, p.target_stage, p.target_state FROM enrolments e JOIN people p ON p.id = e.person_id
          WHERE e.tenant_id = $1 AND e.context_id = $2 AND e.person_id = $3 AND p.tenant_id = $1
            AND ${HAS_LEARNER_ROLE}`,
        [tenantId, contextId, personId],
      );
      return found[0] ? toCourseLearner(found[0]) : undefined;
    },

    async setTarget({ tenantId, personId, group, stage, state, setBy, audit, notifyProposal }) {
      await db.transaction(async (tx) => {
        // The values before, under the row's lock, for the audit row written with the change.
        const before = await firstRow(
          tx,
          targetRow,
          'SELECT target_group, target_stage, target_state FROM people WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
          [tenantId, personId],
        );
        if (!before) return;
        // An agreed target records who agreed it and when; a proposal clears them.
        await tx.query(
          `UPDATE people SET target_group = $3, target_stage = coalesce($4, target_stage), target_set_by = $5,
                  target_state = $6,
                  target_agreed_by = CASE WHEN $6 = 'agreed' THEN $5::bigint END,
                  target_agreed_at = CASE WHEN $6 = 'agreed' THEN now() END
            WHERE tenant_id = $1 AND id = $2`,
          [tenantId, personId, group, stage ?? null, setBy, state],
        );
        await writeAudit(tx, audit, {
          before: { group: before.target_group, stage: before.target_stage, state: before.target_state },
          after: { group, stage: stage ?? before.target_stage, state },
        });
        // A new proposal (not the one already waiting) is news for the instructors who agree it; the key holds the
        // moment so that proposing A, then B, then A again tells them each time, and a repeat of the same writes none.
        const isNewProposal =
          state === 'proposed' && (before.target_state !== 'proposed' || before.target_group !== group);
        if (notifyProposal && isNewProposal)
          await writeNotifications(tx, tenantId, notifyProposal, `target:${personId}:${group}:${Date.now()}`);
      });
    },
  };
}
