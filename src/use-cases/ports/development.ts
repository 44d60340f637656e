import type { EligibilityInput } from './eligibility';

export interface SelfAssessmentRecord {
  id: number;
  targetGroup: string;
  targetStage: string;
  /** Level per skill set code: 0 not yet, 1.. the framework's stages in order. */
  ratings: Record<string, number>;
  takenOn: string;
  createdAt: Date;
}

export interface DevelopmentStore {
  saveSelfAssessment(
    learner: { tenantId: number; personId: number },
    frameworkId: number,
    input: Omit<SelfAssessmentRecord, 'id' | 'createdAt'>,
  ): Promise<number>;
  selfAssessmentsOf(tenantId: number, personId: number): Promise<SelfAssessmentRecord[]>;
  eligibilityInputOf(tenantId: number, personId: number): Promise<EligibilityInput>;
  /** The same for many people in three statements (class views). People without entries get empty inputs. */
  eligibilityInputsOf(tenantId: number, personIds: number[]): Promise<Map<number, EligibilityInput>>;
  /** Records the first time a learner is eligible (a later call keeps the first); returns when that was. */
  markEligible(tenantId: number, personId: number, assessmentCodes: string[]): Promise<Map<string, Date>>;
  /** The people (with their target group) whose record holds these entries, and these people. */
  peopleOf(
    tenantId: number,
    of: { entryIds?: number[]; personIds?: number[] },
  ): Promise<Array<{ personId: number; targetGroup?: string }>>;
}
