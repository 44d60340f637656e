import type { FrameworkId, PersonId, TenantId } from '../../shared/ids';
import type { StageAnnouncement, StageTarget } from '../../domain/agency/organisation-stage';
import type { AuditEntry } from './audit';

/** An announcement as the history shows it: when it was made (or last replaced) and by whom. */
export interface StageAnnouncementRecord extends StageAnnouncement {
  frameworkId: FrameworkId;
  setAt: Date;
  setBy?: { personId: PersonId; name?: string };
}

/**
 * Where an organisation's announced stages and its stage target are kept (issue #18 items 3 and 7). The caller checks
 * codes against the framework first (domain/agency/organisation-stage.ts); the store keeps what it is given. The
 * writes take their audit entry and write it in the same transaction (with what was there before).
 */
export interface OrganisationStageStore {
  /** Announces a stage for a fiscal year; a second announcement for the same year replaces the first. */
  announce(
    tenantId: TenantId,
    frameworkId: FrameworkId,
    announcement: StageAnnouncement,
    audit: AuditEntry,
  ): Promise<void>;
  /** Every announcement of the organisation, oldest fiscal year first. */
  announcements(tenantId: TenantId): Promise<Array<StageAnnouncement & { frameworkId: FrameworkId }>>;
  /** Every announcement with when and by whom, newest fiscal year first (the stage page's history). */
  announcementHistory(tenantId: TenantId): Promise<StageAnnouncementRecord[]>;
  /** Sets the organisation's one target, replacing any earlier one. */
  setTarget(
    tenantId: TenantId,
    frameworkId: FrameworkId,
    target: StageTarget,
    audit: AuditEntry,
  ): Promise<void>;
  target(tenantId: TenantId): Promise<(StageTarget & { frameworkId: FrameworkId }) | undefined>;
}
