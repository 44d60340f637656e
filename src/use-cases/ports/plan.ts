import type { FrameworkId, PersonId, TenantId } from '../../shared/ids';
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type { PlanItem } from '../../domain/development/plan';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { AuditEntry } from './audit';
import type { NotificationEvent } from './notifications';

export interface StoredPlan {
  version: number;
  items: PlanItem[];
  savedAt: Date;
  /** Every supervisor's word on any version of this year's plan, oldest first. */
  reviews: Array<{
    planVersion: number;
    decision: 'agreed' | 'commented';
    comment?: string;
    reviewerName?: string;
    at: Date;
  }>;
}

/** A learner's plan of one fiscal year. */
export interface PlanKey {
  tenantId: TenantId;
  personId: PersonId;
  fiscalYear: FiscalYear;
}

/** Individual development plans, one per learner and fiscal year, kept as versions. */
export interface PlanStore {
  latest(plan: PlanKey): Promise<StoredPlan | undefined>;
  /** Saves the next version; undefined when `basedOn` is no longer the latest (saved meanwhile elsewhere). */
  save(input: {
    tenantId: TenantId;
    personId: PersonId;
    fiscalYear: FiscalYear;
    frameworkId: FrameworkId;
    items: PlanItem[];
    basedOn: number;
    /** The supervisors' notification, written with the version (named after it). */
    notify?: NotificationEvent;
  }): Promise<{ version: number } | undefined>;
  /**
   * Records a supervisor's word on `version`, and its audit entry in the same statement; false (nothing written)
   * when that is not the latest version (changed meanwhile).
   */
  review(input: {
    tenantId: TenantId;
    personId: PersonId;
    fiscalYear: FiscalYear;
    version: number;
    decision: 'agreed' | 'commented';
    comment?: string;
    reviewerId: PersonId;
    audit: AuditEntry;
    /** The learner's notification, written with the decision (named after it). */
    notify?: NotificationEvent;
  }): Promise<boolean>;
  /** Hours that count in a fiscal year per skill set and bucket (from the rollups). */
  actualHours(plan: PlanKey): Promise<Map<string, Record<LearningCategory, number>>>;
}
