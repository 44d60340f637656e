import type { ContextId, PersonId, TenantId } from '../../shared/ids';
import type { Loosening, RuleOverride } from '../../domain/assessment/rule-editing';
import type { EligibilityRule } from '../../domain/assessment/eligibility';
import type { AuditEntry } from './audit';

/** Eligibility rules edited by administrators (organisation) and instructors (course). */
export interface RuleStore {
  /** The edits in force for the organisation and, when given, one course. */
  inForce(tenantId: TenantId, contextId?: ContextId): Promise<RuleOverride[]>;
  /** The edits in force for the organisation and every course of it, with the course's title (not cached). */
  inForceEverywhere(tenantId: TenantId): Promise<Array<RuleOverride & { courseTitle?: string }>>;
  record(o: {
    tenantId: TenantId;
    assessment: string;
    targetGroup: string;
    contextId?: ContextId;
    rule: EligibilityRule | null;
    recordedBy: PersonId;
    /** What the edit dropped of the rule in force (confirmed by the editor); empty or absent: no loosening. */
    dropped?: Loosening[];
    /** Written in the same transaction as the edit. */
    audit: AuditEntry;
  }): Promise<void>;
}
