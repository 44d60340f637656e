/** A person of the organisation as the content-manager page shows them (name and email only if the LMS sent them). */
export interface OrganisationPerson {
  personId: number;
  platformUserId: string;
  name?: string;
  email?: string;
}

export interface ContentManager extends OrganisationPerson {
  namedAt: Date;
}

/** Why naming a content manager did not add a row. */
export type NameContentManagerResult = 'named' | 'alreadyNamed' | 'notStaff';

/** The content managers an administrator names per organisation (tenant). */
export interface ContentManagerStore {
  isContentManager(tenantId: number, platformUserId: string): Promise<boolean>;
  list(tenantId: number): Promise<ContentManager[]>;
  /** People of the organisation who have launched as instructors (or administrators), not named yet, whose name, email or LMS user id contains `query`. */
  candidates(tenantId: number, query: string, limit: number): Promise<OrganisationPerson[]>;
  /** Names a person who has launched as staff in the organisation; anyone else is refused and nothing is written. */
  add(tenantId: number, personId: number, namedBy: number): Promise<NameContentManagerResult>;
  /** Whether a row was removed. */
  remove(tenantId: number, personId: number): Promise<boolean>;
}
