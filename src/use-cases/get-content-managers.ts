import type { TenantId } from '../shared/ids';
import { mayNameContentManagers, type ActorRole } from '../domain/organisation/content-management';
import type { ContentManagementDeps } from './can-manage-content';
import type { ContentManager, OrganisationPerson } from './ports';

/** Candidates shown at once: the search narrows a large organisation down. */
export const CANDIDATE_LIMIT = 20;

/** Whether the requester may see and change the list of content managers (the LMS's administrators). */
export const mayListContentManagers = (who: { role: ActorRole }): boolean => mayNameContentManagers(who);

/** The organisation's content managers, and the people who could be named (those who launched as instructors). */
export async function getContentManagers(
  deps: ContentManagementDeps,
  input: { tenantId: TenantId; search: string },
): Promise<{ managers: ContentManager[]; candidates: OrganisationPerson[] }> {
  const [managers, candidates] = await Promise.all([
    deps.contentManagers.list(input.tenantId),
    deps.contentManagers.candidates(input.tenantId, input.search, CANDIDATE_LIMIT),
  ]);
  return { managers, candidates };
}
