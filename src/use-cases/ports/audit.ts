/**
 * The audit log (issue 20 item 5): what administrators and instructors change, who, when, what, and from which LMS.
 *
 * Where the row is written: by the store, inside the transaction (or the statement) of the change it records
 * (src/db/audit.repository.ts). A use case cannot hold a transaction open across two ports, and only the write
 * itself knows whether it changed anything (a decision on entries decided meanwhile, a plan saved meanwhile, a
 * content manager already named) and what was there before (a correction's old hours): so every audited store
 * method takes its AuditEntry as a required argument and writes it when, and only when, it writes the change. A
 * change without its row cannot be written, and a refused or failed change (nothing written, or rolled back) leaves
 * none.
 */
import type { PersonId, TenantId } from '../../shared/ids';

/** Where a person's change came from: the LMS and deployment of the launch they made it in. */
export interface LmsOrigin {
  issuer: string;
  deploymentId: string;
}

/** Someone launched from the LMS, in their organisation. */
export interface AuditPerson {
  tenantId: TenantId;
  personId: PersonId;
  lms: LmsOrigin;
}

/** The actions recorded, by code (sentences `audit.action.<code>`). */
export const AUDIT_ACTIONS = [
  'platform.registered',
  'platform.deployments_added',
  'platform.deployment_split',
  'platform.removed',
  'framework.imported',
  'framework.chosen',
  'rule.edited',
  'rule.reset',
  'entry.approved',
  'entry.rejected',
  'entry.corrected',
  'entry.reversed',
  'plan.agreed',
  'plan.sent_back',
  'target.set',
  'target.chosen',
  'content_manager.named',
  'content_manager.removed',
  'report.snapshot_taken',
  'stage.announced',
  'stage.target_set',
  'target.agreed',
  'second_group.requested',
  'second_group.approved',
  'second_group.refused',
  'target_groups.imported',
  'certificate.revoked',
  'certificate.badge_key_rotated',
  'certificate.settings_changed',
  'bank_question.saved',
  'bank_question.retired',
  'module.quiz_draw_set',
  'hand_in.deadline_set',
  'hand_in.recorded',
  'hand_in.withdrawn',
  'follow_up.answered',
  'entry.restated',
  'official_results.imported',
  'official_results.undone',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Details are small: before and after values, ids, codes. */
export type AuditDetails = Record<string, unknown>;

/** What a person's change is recorded as: its author, the action, the subject and the before/after. */
export interface AuditEntry {
  by: AuditPerson;
  action: AuditAction;
  /** What was changed, in the tool's words: an assessment and group, a framework code, an entry id. */
  subject: string;
  /** Whose record, plan, target or role it was. */
  subjectPersonId?: PersonId;
  details?: AuditDetails;
}

/**
 * Who changed the platform registry: the platform command line's operator, the LMS through Dynamic Registration,
 * or the tool itself (the demo LMS at start).
 */
export type PlatformActor = { kind: 'operator' } | { kind: 'registration' } | { kind: 'system' };

/** One row as the audit page and its CSV show it. */
export interface AuditRow {
  id: string;
  at: Date;
  action: AuditAction;
  actorKind: 'person' | 'operator' | 'registration' | 'system';
  actorPersonId?: PersonId;
  actorName?: string;
  actorPlatformUserId?: string;
  issuer?: string;
  deploymentId?: string;
  subject: string;
  subjectPersonId?: PersonId;
  subjectName?: string;
  subjectPlatformUserId?: string;
  details: AuditDetails;
}

export interface AuditFilter {
  action?: AuditAction;
  personId?: PersonId;
}

export interface AuditLog {
  /** The organisation's rows (and its issuer's platform registry's), newest first. */
  list(
    tenantId: TenantId,
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<{ rows: AuditRow[]; count: number }>;
  /** The people who appear as authors in the organisation's log, for the filter. */
  actors(tenantId: TenantId): Promise<Array<{ personId: PersonId; name?: string; platformUserId: string }>>;
}
