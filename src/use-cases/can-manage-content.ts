import type { TenantId } from '../shared/ids';
import {
  mayManageContent,
  needsContentManagerLookup,
  type ActorRole,
  type ContentActor,
} from '../domain/organisation/content-management';
import type { ContentManagerStore } from './ports';

export interface ContentManagementDeps {
  contentManagers: ContentManagerStore;
}

/** Who is asking, as a session knows them. */
export interface Requester {
  tenantId: TenantId;
  platformUserId: string;
  role: ActorRole;
}

/** The requester as the content rule sees them; the list is read only for instructors (one query, not per launch). */
export async function contentActorOf(deps: ContentManagementDeps, who: Requester): Promise<ContentActor> {
  const isContentManager = needsContentManagerLookup(who.role)
    ? await deps.contentManagers.isContentManager(who.tenantId, who.platformUserId)
    : false;
  return { role: who.role, isContentManager };
}

/** Whether the requester may change the organisation's catalogue, framework and organisation-wide rules. */
export async function canManageContent(deps: ContentManagementDeps, who: Requester): Promise<boolean> {
  return mayManageContent(await contentActorOf(deps, who));
}
