import type { PersonId, TenantId } from '../../shared/ids';
import type { AuditEntry } from './audit';
/** A person of the organisation as the content-manager page shows them (name and email only if the LMS sent them). */
export interface OrganisationPerson {
  personId: PersonId;
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
  isContentManager(tenantId: TenantId, platformUserId: string): Promise<boolean>;
  list(tenantId: TenantId): Promise<ContentManager[]>;
  /** People of the organisation who have launched as instructors (or administrators), not named yet, whose name, email or LMS user id contains `query`. */
  candidates(tenantId: TenantId, query: string, limit: number): Promise<OrganisationPerson[]>;
  /** Names a person who has launched as staff in the organisation; anyone else is refused and nothing is written. */
  add(
    tenantId: TenantId,
    personId: PersonId,
    namedBy: PersonId,
    audit: AuditEntry,
  ): Promise<NameContentManagerResult>;
  /** Whether a row was removed (and the audit entry written with it). */
  remove(tenantId: TenantId, personId: PersonId, audit: AuditEntry): Promise<boolean>;
}
