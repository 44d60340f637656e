import type { Stage } from '../domain/framework/framework';
import { roadmapStage } from '../domain/agency/organisation-stage';
import { fiscalYearAfter, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { getStageInForce, type StageInForce } from './get-stage-in-force';
import type { SecondGroupRequest, StageAnnouncementRecord, StoredFramework } from './ports';

export interface OrganisationStageView extends StageInForce {
  framework: StoredFramework;
  /** The fiscal years a stage may be announced for: this one and the next. */
  announceYears: FiscalYear[];
  /** The fiscal years a target may be set for: this one and the nine after it. */
  targetYears: FiscalYear[];
  /** What the roadmap's years (from FY 2561) would suggest for this fiscal year: a hint on the form only. */
  suggested?: Stage;
  history: StageAnnouncementRecord[];
  /** Requests for a second group waiting for an administrator. */
  pending: SecondGroupRequest[];
}

/** The administrators' stage page: the stage in force, the target, the history and the second-group queue. */
export async function getOrganisationStage(
  deps: Pick<UseCaseDeps, 'organisationStages' | 'targetGroups' | 'frameworks' | 'today'>,
  tenantId: TenantId,
): Promise<OrganisationStageView> {
  const framework = await deps.frameworks.forTenant(tenantId);
  const [stage, history, pending] = await Promise.all([
    getStageInForce(deps, tenantId, framework.framework),
    deps.organisationStages.announcementHistory(tenantId),
    deps.targetGroups.pendingSecondGroups(tenantId),
  ]);
  const now = stage.fiscalYear;
  return {
    ...stage,
    framework,
    announceYears: [now, fiscalYearAfter(now, 1)],
    targetYears: Array.from({ length: 10 }, (_, i) => fiscalYearAfter(now, i)),
    suggested: roadmapStage(framework.framework, now),
    history,
    pending,
  };
}
