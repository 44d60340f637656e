import type { Database } from './database';
import type { EligibilityRule } from '../domain/assessment/eligibility';
import type { RuleOverride } from '../domain/assessment/rule-editing';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { RuleStore } from '../use-cases/ports';
import { array, int, nullable, numeric, object, optional, record, rows, text, type Decoder } from './decode';
import { category } from './record-rows';

/** A bucket's minimum shares ({ "70": 50 }): keys are the buckets, checked. */
const shares: Decoder<Partial<Record<LearningCategory, number>>> = (v) => {
  const r = record(numeric)(v);
  for (const k of Object.keys(r)) category(Number(k));
  return r;
};
/** An eligibility rule as the rule editor stored it (eligibility_rule_overrides.rule), checked as the domain's. */
const eligibilityRule: Decoder<EligibilityRule> = object({
  skillSets: optional(array(object({ skillSet: text, minHours: numeric, minShare: optional(shares) }))),
  minShare: optional(shares),
  requiredModules: optional(array(text)),
  selfAssessmentWithinMonths: optional(numeric),
  recencyMonths: optional(numeric),
  certifications: optional(array(object({ code: text, minLevel: optional(numeric) }))),
});
const overrideFields = {
  assessment_code: text,
  target_group: text,
  context_id: nullable(int),
  rule: nullable(eligibilityRule),
};
const overrideRow = object(overrideFields);
import { TtlCache } from '../shared/ttl-cache';
import { writeAudit } from './audit.repository';

/**
 * Rule edits are read on every progress page and class view and change rarely: they are cached per tenant and
 * course for 5 s, cleared at once in this process on an edit (other instances see it within 5 s, as with the
 * platform registry).
 */
const CACHE_MS = 5000;

export function createRuleRepository(db: Database): RuleStore {
  const cache = new TtlCache<Promise<RuleOverride[]>>(CACHE_MS, 10_000);

  async function everywhere(tenantId: number): Promise<Array<RuleOverride & { courseTitle?: string }>> {
    const found = await rows(
      db,
      object({ ...overrideFields, course_title: nullable(text) }),
      `SELECT o.assessment_code, o.target_group, o.context_id, o.rule, coalesce(c.title, c.label) AS course_title
         FROM (SELECT DISTINCT ON (assessment_code, target_group, context_id) assessment_code, target_group,
                      context_id, rule
                 FROM eligibility_rule_overrides WHERE tenant_id = $1
                ORDER BY assessment_code, target_group, context_id, id DESC) o
         LEFT JOIN contexts c ON c.id = o.context_id
        ORDER BY o.context_id NULLS FIRST, o.assessment_code, o.target_group`,
      [tenantId],
    );
    return found.map((r) => ({
      assessment: r.assessment_code,
      targetGroup: r.target_group,
      contextId: r.context_id ?? undefined,
      rule: r.rule,
      courseTitle: r.course_title ?? undefined,
    }));
  }

  async function read(tenantId: number, contextId: number | undefined): Promise<RuleOverride[]> {
    // The newest row per key, for the organisation and (when given) one course.
    const found = await rows(
      db,
      overrideRow,
      `SELECT DISTINCT ON (assessment_code, target_group, context_id) assessment_code, target_group, context_id, rule
         FROM eligibility_rule_overrides
        WHERE tenant_id = $1 AND (context_id IS NULL OR context_id = $2)
        ORDER BY assessment_code, target_group, context_id, id DESC`,
      [tenantId, contextId ?? null],
    );
    return found.map((r): RuleOverride => ({
      assessment: r.assessment_code,
      targetGroup: r.target_group,
      contextId: r.context_id ?? undefined,
      rule: r.rule,
    }));
  }

  return {
    inForce(tenantId, contextId) {
      return cache.getOrLoad(`${tenantId}:${contextId ?? ''}`, () => read(tenantId, contextId));
    },

    inForceEverywhere: everywhere,

    async record(o) {
      cache.clear();
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO eligibility_rule_overrides
           (tenant_id, assessment_code, target_group, context_id, rule, recorded_by, loosened, dropped)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb)`,
          [
            o.tenantId,
            o.assessment,
            o.targetGroup,
            o.contextId ?? null,
            o.rule === null ? null : JSON.stringify(o.rule),
            o.recordedBy,
            (o.dropped?.length ?? 0) > 0,
            o.dropped?.length ? JSON.stringify(o.dropped) : null,
          ],
        );
        await writeAudit(tx, o.audit);
      });
      // Again after the write: a read that started meanwhile may have cached the rows before it.
      cache.clear();
    },
  };
}
