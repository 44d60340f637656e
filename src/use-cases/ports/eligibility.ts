import type { CountedHours } from '../../domain/assessment/eligibility';

/** What eligibility is judged on: counted hours, completed module slugs, self-assessment dates, first eligibilities. */
export interface EligibilityInput {
  counted: CountedHours[];
  completedModules: Set<string>;
  selfAssessments: string[];
  /** assessment code -> when the learner was first eligible */
  firsts: Map<string, Date>;
}
