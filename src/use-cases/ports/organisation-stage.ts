import type { FrameworkId, TenantId } from '../../shared/ids';
import type { StageAnnouncement, StageTarget } from '../../domain/agency/organisation-stage';

/**
 * Where an organisation's announced stages and its stage target are kept (issue #18 items 3 and 7). The caller checks
 * codes against the framework first (domain/agency/organisation-stage.ts); the store keeps what it is given.
 */
export interface OrganisationStageStore {
  /** Announces a stage for a fiscal year; a second announcement for the same year replaces the first. */
  announce(tenantId: TenantId, frameworkId: FrameworkId, announcement: StageAnnouncement): Promise<void>;
  /** Every announcement of the organisation, oldest fiscal year first. */
  announcements(tenantId: TenantId): Promise<Array<StageAnnouncement & { frameworkId: FrameworkId }>>;
  /** Sets the organisation's one target, replacing any earlier one. */
  setTarget(tenantId: TenantId, frameworkId: FrameworkId, target: StageTarget): Promise<void>;
  target(tenantId: TenantId): Promise<(StageTarget & { frameworkId: FrameworkId }) | undefined>;
}
