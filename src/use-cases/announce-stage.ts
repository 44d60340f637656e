import {
  checkAnnouncement,
  checkTarget,
  stageInForce,
  stageRank,
  type StageProblem,
} from '../domain/agency/organisation-stage';
import { fiscalYearAfter, fiscalYearOf } from '../domain/learning-record/fiscal-year';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

/**
 * An administrator announces the organisation's stage for this fiscal year or the next (seed 004 §4.6.2); a second
 * announcement for the same year replaces the first (the audit log keeps both). The problems, nothing written, when
 * the stage is not the framework's or the year is neither.
 */
export async function announceStage(
  deps: Pick<UseCaseDeps, 'organisationStages' | 'frameworks' | 'today'>,
  input: { by: AuditPerson; fiscalYear: number; stage: string },
): Promise<StageProblem[]> {
  const { by } = input;
  const stored = await deps.frameworks.forTenant(by.tenantId);
  const now = fiscalYearOf(deps.today());
  const announcement = { fiscalYear: input.fiscalYear, stage: input.stage };
  const problems = checkAnnouncement(stored.framework, announcement);
  if (
    !problems.some((p) => p.field === 'fiscalYear') &&
    input.fiscalYear !== now &&
    input.fiscalYear !== fiscalYearAfter(now, 1)
  )
    problems.push({ field: 'fiscalYear', code: 'FISCAL_YEAR_INVALID' });
  if (problems.length > 0) return problems;
  await deps.organisationStages.announce(by.tenantId, stored.id, announcement, {
    by,
    action: 'stage.announced',
    subject: `${input.fiscalYear} ${input.stage}`,
  });
  return [];
}

/**
 * An administrator sets the stage the organisation aims to reach by the end of a fiscal year (seed 002: Developing
 * by 2565): a stage not behind the one in force, by a year not over, at most nine years ahead.
 */
export async function setStageTarget(
  deps: Pick<UseCaseDeps, 'organisationStages' | 'frameworks' | 'today'>,
  input: { by: AuditPerson; stage: string; byFiscalYear: number },
): Promise<StageProblem[]> {
  const { by } = input;
  const stored = await deps.frameworks.forTenant(by.tenantId);
  const f = stored.framework;
  const now = fiscalYearOf(deps.today());
  const known = (await deps.organisationStages.announcements(by.tenantId)).filter(
    (a) => stageRank(f, a.stage) > 0,
  );
  const target = { stage: input.stage, byFiscalYear: input.byFiscalYear };
  const problems = checkTarget(f, target, stageInForce(known, now), now);
  if (!problems.some((p) => p.field === 'byFiscalYear') && input.byFiscalYear > fiscalYearAfter(now, 9))
    problems.push({ field: 'byFiscalYear', code: 'FISCAL_YEAR_INVALID' });
  if (problems.length > 0) return problems;
  await deps.organisationStages.setTarget(by.tenantId, stored.id, target, {
    by,
    action: 'stage.target_set',
    subject: `${input.stage} ${input.byFiscalYear}`,
  });
  return [];
}
