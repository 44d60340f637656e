import type { TenantId } from '../../shared/ids';
import type { SelfAssessmentForAnalysis } from '../../domain/agency/need-analysis';

/** The self-assessments the yearly need analysis reads (issue #18 item 11). */
export interface NeedAnalysisSource {
  /**
   * Each person's latest self-assessment against one framework (any of its versions) taken in a date range
   * (ISO, inclusive), e.g. a fiscal year: one per person, so nobody counts twice.
   */
  latestSelfAssessments(
    tenantId: TenantId,
    frameworkCode: string,
    range: { from: string; to: string },
  ): Promise<SelfAssessmentForAnalysis[]>;
}
