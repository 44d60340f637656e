import type { StageAnnouncement, StageTarget } from '../domain/agency/organisation-stage';

/**
 * Where an organisation's announced stages and its stage target are kept (issue #18 items 3 and 7). The caller checks
 * codes against the framework first (domain/agency/organisation-stage.ts); the store keeps what it is given.
 */
export interface OrganisationStageStore {
  /** Announces a stage for a fiscal year; a second announcement for the same year replaces the first. */
  announce(tenantId: number, frameworkId: number, announcement: StageAnnouncement): Promise<void>;
  /** Every announcement of the organisation, oldest fiscal year first. */
  announcements(tenantId: number): Promise<Array<StageAnnouncement & { frameworkId: number }>>;
  /** Sets the organisation's one target, replacing any earlier one. */
  setTarget(tenantId: number, frameworkId: number, target: StageTarget): Promise<void>;
  target(tenantId: number): Promise<(StageTarget & { frameworkId: number }) | undefined>;
}
