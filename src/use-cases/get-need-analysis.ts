import type { TenantId } from '../shared/ids';
import type { Framework } from '../domain/framework/framework';
import { analysedSelfAssessments, needAnalysis, type NeedLine } from '../domain/agency/need-analysis';
import { stageInForce, stageRank } from '../domain/agency/organisation-stage';
import {
  fiscalYearOf,
  fiscalYearRange,
  isFiscalYear,
  type FiscalYear,
} from '../domain/learning-record/fiscal-year';
import type { UseCaseDeps } from './deps';

/**
 * The yearly need analysis (issue #18 item 11; seed 004 §5.3): per target group and skill set, how many people
 * assessed themselves below the level of their target and by how much, from each person's latest self-assessment
 * of the fiscal year against the organisation's framework: the tool's own or an imported DG-SA result, the newer
 * (`analysedSelfAssessments`; a DG-SA result is read at the stage in force in that year).
 */
export async function getNeedAnalysis(
  deps: Pick<UseCaseDeps, 'frameworks' | 'needs' | 'organisationStages' | 'today'>,
  input: { tenantId: TenantId; fiscalYear?: FiscalYear },
): Promise<{
  f: Framework;
  fiscalYear: FiscalYear;
  choices: FiscalYear[];
  people: number;
  /** Of them, whose levels come from a DG-SA result. */
  fromDgSa: number;
  /** Of them, with a DG-SA result but no target group or stage to read it against (not in the lines). */
  dgSaWithoutTarget: number;
  lines: NeedLine[];
}> {
  const f = (await deps.frameworks.forTenant(input.tenantId)).framework;
  const current = fiscalYearOf(deps.today());
  const fiscalYear = input.fiscalYear ?? current;
  const [latest, announced] = await Promise.all([
    deps.needs.latestSelfAssessments(input.tenantId, f.id, fiscalYearRange(fiscalYear)),
    deps.organisationStages.announcements(input.tenantId),
  ]);
  const stage = stageInForce(
    announced.filter((a) => stageRank(f, a.stage) > 0),
    fiscalYear,
  )?.stage;
  const analysed = analysedSelfAssessments(f, latest, stage);
  const choices = [...new Set([current, fiscalYear, ...[1, 2].map((n) => current - n)])]
    .filter(isFiscalYear)
    .sort((a, b) => b - a);
  return {
    f,
    fiscalYear,
    choices,
    people: analysed.people,
    fromDgSa: analysed.fromDgSa,
    dgSaWithoutTarget: analysed.dgSaWithoutTarget,
    lines: needAnalysis(f, analysed.assessments),
  };
}
