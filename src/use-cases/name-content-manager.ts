import type { PersonId } from '../shared/ids';
import { mayNameContentManagers } from '../domain/organisation/content-management';
import type { ContentManagementDeps, Requester } from './can-manage-content';
import type { NameContentManagerResult } from './ports';
import type { LmsOrigin } from './ports/audit';

export type ContentManagerChange = NameContentManagerResult | 'removed' | 'notNamed' | 'forbidden';

/** An administrator names a person of the organisation who has launched as an instructor. */
export async function nameContentManager(
  deps: ContentManagementDeps,
  who: Requester & { personId: PersonId; lms: LmsOrigin },
  personId: PersonId,
): Promise<ContentManagerChange> {
  if (!mayNameContentManagers(who)) return 'forbidden';
  return deps.contentManagers.add(who.tenantId, personId, who.personId, {
    by: who,
    action: 'content_manager.named',
    subject: `person ${personId}`,
    subjectPersonId: personId,
  });
}
