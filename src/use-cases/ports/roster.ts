/** A course member as the LMS lists them (NRPS), whether or not they ever opened the tool. */
export interface RosterMember {
  userId: string;
  name?: string;
  email?: string;
  roles: string[];
  status?: string;
}

/** Where the course's roster comes from: the LMS's membership service (LTI NRPS), through the launch's URL. */
export interface RosterSource {
  /** `truncated` when it was longer than the tool reads; throws when the LMS cannot be reached. */
  roster(course: {
    issuer: string;
    clientId: string;
    membershipsUrl: string;
  }): Promise<{ members: RosterMember[]; truncated: boolean }>;
}
