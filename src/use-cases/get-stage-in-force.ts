import type { Framework } from '../domain/framework/framework';
import {
  stageInForce,
  stageRank,
  targetStatus,
  type StageAnnouncement,
  type StageTarget,
  type TargetStatus,
} from '../domain/agency/organisation-stage';
import { fiscalYearOf, type FiscalYear } from '../domain/learning-record/fiscal-year';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';

/** What people are told about their organisation's stage: the one line on progress and the self-assessment. */
export interface StageInForce {
  fiscalYear: FiscalYear;
  /** The announcement in force this fiscal year (this year's, else the latest earlier one). */
  inForce?: StageAnnouncement;
  target?: StageTarget;
  status?: TargetStatus;
}

/**
 * The organisation's stage in force in this fiscal year and its target (seed 004 §4.6.2). Announcements whose stage
 * the organisation's framework no longer has (another framework was chosen since) are left out.
 */
export async function getStageInForce(
  deps: Pick<UseCaseDeps, 'organisationStages' | 'today'>,
  tenantId: TenantId,
  framework: Framework,
): Promise<StageInForce> {
  const fiscalYear = fiscalYearOf(deps.today());
  const [announced, target] = await Promise.all([
    deps.organisationStages.announcements(tenantId),
    deps.organisationStages.target(tenantId),
  ]);
  const known = announced.filter((a) => stageRank(framework, a.stage) > 0);
  const inForce = stageInForce(known, fiscalYear);
  const goal = target && stageRank(framework, target.stage) > 0 ? target : undefined;
  return {
    fiscalYear,
    inForce,
    target: goal && { stage: goal.stage, byFiscalYear: goal.byFiscalYear },
    status: goal ? targetStatus(framework, known, goal, fiscalYear) : undefined,
  };
}

/**
 * The stage a person's targets are read at: the organisation's stage in force when it announced one (the stage is
 * the organisation's choice, not the person's), else the stage the person chose before any announcement.
 */
export function stageForTargets(stage: StageInForce, ownStage: string | undefined): string | undefined {
  return stage.inForce?.stage ?? ownStage;
}
