import type { TenantId } from '../../shared/ids';
import type { SelfAssessmentsOfPerson } from '../../domain/agency/need-analysis';

/** The self-assessments the yearly need analysis reads (issue #18 item 11). */
export interface NeedAnalysisSource {
  /**
   * Per person with either in a date range (ISO, inclusive), e.g. a fiscal year: their latest self-assessment
   * against one framework (any of its versions), their latest imported DG-SA result (its current levels of that
   * day) and their target group and stage. One entry per person, so nobody counts twice; one statement.
   */
  latestSelfAssessments(
    tenantId: TenantId,
    frameworkCode: string,
    range: { from: string; to: string },
  ): Promise<SelfAssessmentsOfPerson[]>;
}
