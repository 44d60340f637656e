/** Who is asking, resolved from the session: the tenant's ids of the person and of the course. */
export interface Learner {
  tenantId: number;
  personId: number;
  /** The course (contexts.id) of the launch, if the launch had one. */
  contextId?: number;
  targetGroup?: string;
  targetStage?: string;
  /** Set when an instructor chose the group and stage. */
  targetSetByInstructor: boolean;
}

export interface CourseLearner {
  personId: number;
  platformUserId: string;
  name?: string;
  targetGroup?: string;
  targetStage?: string;
}
