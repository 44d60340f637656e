import type { ContextId, PersonId, TenantId } from '../../shared/ids';
import type { TargetState } from '../../domain/agency/target-group';
/** A person of an organisation: what every read of one person's record is keyed by. */
export interface PersonKey {
  tenantId: TenantId;
  personId: PersonId;
}

/** A person in one course of the organisation. */
export interface CoursePersonKey extends PersonKey {
  contextId: ContextId;
}

/** Who is asking, resolved from the session: the tenant's ids of the person and of the course. */
export interface Learner {
  tenantId: TenantId;
  personId: PersonId;
  /** The course (contexts.id) of the launch, if the launch had one. */
  contextId?: ContextId;
  targetGroup?: string;
  targetStage?: string;
  /** Set when an instructor chose the group and stage. */
  targetSetByInstructor: boolean;
  /**
   * Whether the group is only proposed (by the learner) or agreed (meaningful while targetGroup is set); left out
   * by callers that build a learner by hand, and then taken as agreed.
   */
  targetState?: TargetState;
}

export interface CourseLearner {
  personId: PersonId;
  platformUserId: string;
  name?: string;
  targetGroup?: string;
  targetStage?: string;
  /** As Learner's: left out means agreed. */
  targetState?: TargetState;
}
