import type { PersonId } from '../shared/ids';
import { mayNameContentManagers } from '../domain/organisation/content-management';
import type { ContentManagementDeps, Requester } from './can-manage-content';
import type { ContentManagerChange } from './name-content-manager';
import type { LmsOrigin } from './ports/audit';

/** An administrator removes a content manager: their next request is refused (the list is read per request). */
export async function removeContentManager(
  deps: ContentManagementDeps,
  who: Requester & { personId: PersonId; lms: LmsOrigin },
  personId: PersonId,
): Promise<ContentManagerChange> {
  if (!mayNameContentManagers(who)) return 'forbidden';
  const audit = {
    by: who,
    action: 'content_manager.removed',
    subject: `person ${personId}`,
    subjectPersonId: personId,
  } as const;
  return (await deps.contentManagers.remove(who.tenantId, personId, audit)) ? 'removed' : 'notNamed';
}
