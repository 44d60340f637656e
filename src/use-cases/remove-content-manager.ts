import type { PersonId } from '../shared/ids';
import { mayNameContentManagers } from '../domain/organisation/content-management';
import type { ContentManagementDeps, Requester } from './can-manage-content';
import type { ContentManagerChange } from './name-content-manager';

/** An administrator removes a content manager: their next request is refused (the list is read per request). */
export async function removeContentManager(
  deps: ContentManagementDeps,
  who: Requester,
  personId: PersonId,
): Promise<ContentManagerChange> {
  if (!mayNameContentManagers(who)) return 'forbidden';
  return (await deps.contentManagers.remove(who.tenantId, personId)) ? 'removed' : 'notNamed';
}
