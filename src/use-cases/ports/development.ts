import type { EntryId, FrameworkId, PersonId, TenantId } from '../../shared/ids';
import type { EligibilityInput } from './eligibility';
import type { PersonKey } from './learner';

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
    learner: { tenantId: TenantId; personId: PersonId },
    frameworkId: FrameworkId,
    input: Omit<SelfAssessmentRecord, 'id' | 'createdAt'>,
  ): Promise<number>;
  selfAssessmentsOf(tenantId: TenantId, personId: PersonId): Promise<SelfAssessmentRecord[]>;
  eligibilityInputOf(tenantId: TenantId, personId: PersonId): Promise<EligibilityInput>;
  /** The same for many people in three statements (class views). People without entries get empty inputs. */
  eligibilityInputsOf(tenantId: TenantId, personIds: PersonId[]): Promise<Map<PersonId, EligibilityInput>>;
  /** Records the first time a learner is eligible (a later call keeps the first); returns when that was. */
  markEligible(person: PersonKey, assessmentCodes: string[]): Promise<Map<string, Date>>;
  /** The people (with their target group) whose record holds these entries, and these people. */
  peopleOf(
    tenantId: TenantId,
    of: { entryIds?: EntryId[]; personIds?: PersonId[] },
  ): Promise<Array<{ personId: PersonId; targetGroup?: string }>>;
}
