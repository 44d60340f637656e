import type { ContextId, PersonId, TenantId } from '../../shared/ids';
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
}

export interface CourseLearner {
  personId: PersonId;
  platformUserId: string;
  name?: string;
  targetGroup?: string;
  targetStage?: string;
}
