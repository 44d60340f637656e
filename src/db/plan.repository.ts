import type { Database } from './database';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { PlanStore } from '../use-cases/ports';
import { writeAudit } from './audit.repository';
import { writeNotifications } from './notification.repository';
import {
  firstRow,
  int,
  nullable,
  numeric,
  object,
  oneOf,
  optional,
  rows,
  text,
  timestamp,
  array,
} from './decode';
import { category } from './record-rows';

/** One skill set's line of a plan (development_plans.items), checked as the domain's PlanItem. */
const planItem = object({
  skillSet: text,
  hours: object({ 70: numeric, 20: numeric, 10: numeric }),
  activities: object({ 70: text, 20: text, 10: text }),
  /** 70:30 per bucket (migration 0041's issue #18 item 8); absent in plans saved before, and where not said. */
  horizons: optional(
    object({
      70: optional(oneOf('current', 'future')),
      20: optional(oneOf('current', 'future')),
      10: optional(oneOf('current', 'future')),
    }),
  ),
});
const planRow = object({ version: int, items: array(planItem), created_at: timestamp });
const planReviewRow = object({
  version: int,
  decision: oneOf('agreed', 'commented'),
  comment: nullable(text),
  name: nullable(text),
  created_at: timestamp,
});
const rollupRow = object({ skill_set_code: text, category, hours: numeric });

export function createPlanRepository(db: Database): PlanStore {
  return {
    async latest({ tenantId, personId, fiscalYear }) {
      const plan = await firstRow(
        db,
        planRow,
        `SELECT version, items, created_at FROM development_plans
          WHERE tenant_id = $1 AND person_id = $2 AND fiscal_year = $3 ORDER BY version DESC LIMIT 1`,
        [tenantId, personId, fiscalYear],
      );
      if (!plan) return undefined;
      const reviews = await rows(
        db,
        planReviewRow,
        `SELECT d.version, r.decision, r.comment, p.name, r.created_at
           FROM plan_reviews r JOIN development_plans d ON d.id = r.plan_id
           LEFT JOIN people p ON p.id = r.reviewer_id
          WHERE d.tenant_id = $1 AND d.person_id = $2 AND d.fiscal_year = $3
          ORDER BY r.id`,
        [tenantId, personId, fiscalYear],
      );
      return {
        version: plan.version,
        items: plan.items,
        savedAt: plan.created_at,
        reviews: reviews.map((r) => ({
          planVersion: r.version,
          decision: r.decision,
          comment: r.comment ?? undefined,
          reviewerName: r.name ?? undefined,
          at: r.created_at,
        })),
      };
    },

    async save(p) {
      // The next version only if `basedOn` is still the newest: two tabs saving at once do not overwrite each other.
      // The supervisors' notification in the same transaction, named after the version written.
      return db.transaction(async (tx) => {
        const row = await firstRow(
          tx,
          object({ version: int }),
          `INSERT INTO development_plans (tenant_id, person_id, fiscal_year, version, framework_id, items)
         SELECT $1, $2, $3, $6 + 1, $4, $5::jsonb
          WHERE coalesce((SELECT max(version) FROM development_plans
                           WHERE tenant_id = $1 AND person_id = $2 AND fiscal_year = $3), 0) = $6
         ON CONFLICT (tenant_id, person_id, fiscal_year, version) DO NOTHING
         RETURNING version`,
          [p.tenantId, p.personId, p.fiscalYear, p.frameworkId, JSON.stringify(p.items), p.basedOn],
        );
        if (!row) return undefined;
        if (p.notify)
          await writeNotifications(
            tx,
            p.tenantId,
            { ...p.notify, details: { ...p.notify.details, version: row.version } },
            `plan:${p.fiscalYear}:v${row.version}`,
          );
        return { version: row.version };
      });
    },

    async review(r) {
      // The decision and its audit row together: a decision on a version no longer the latest writes neither.
      return db.transaction(async (tx) => {
        const written = await rows(
          tx,
          object({ id: int }),
          `INSERT INTO plan_reviews (tenant_id, plan_id, decision, comment, reviewer_id)
           SELECT $1, d.id, $5, $6, $7 FROM development_plans d
            WHERE d.tenant_id = $1 AND d.person_id = $2 AND d.fiscal_year = $3 AND d.version = $4
              AND d.version = (SELECT max(version) FROM development_plans
                                WHERE tenant_id = $1 AND person_id = $2 AND fiscal_year = $3)
           RETURNING id`,
          [r.tenantId, r.personId, r.fiscalYear, r.version, r.decision, r.comment ?? null, r.reviewerId],
        );
        if (written.length === 0) return false;
        await writeAudit(tx, r.audit);
        if (r.notify) await writeNotifications(tx, r.tenantId, r.notify, `plan-review:${written[0]!.id}`);
        return true;
      });
    },

    async actualHours({ tenantId, personId, fiscalYear }) {
      const found = await rows(
        db,
        rollupRow,
        `SELECT skill_set_code, category, hours::text FROM learning_rollups
          WHERE tenant_id = $1 AND person_id = $2 AND fiscal_year = $3 AND skill_set_code <> '' AND category <> 0`,
        [tenantId, personId, fiscalYear],
      );
      const out = new Map<string, Record<LearningCategory, number>>();
      for (const r of found) {
        const line = out.get(r.skill_set_code) ?? { 70: 0, 20: 0, 10: 0 };
        line[r.category] = r.hours;
        out.set(r.skill_set_code, line);
      }
      return out;
    },
  };
}
