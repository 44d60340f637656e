/**
 * Who may change what the whole organisation shares (issue 14 item 4): the module catalogue (new module, edit,
 * publish), the skills framework (import, choice) and the organisation's eligibility rules. Moodle sends
 * `membership#Instructor` to editing and non-editing teachers alike (mod/lti/locallib.php `lti_get_ims_role`:
 * whoever holds mod/lti:manage, which the teacher archetype has), so an instructor launch says nothing about
 * organisation-wide duties. They belong to the LMS's administrators and to the people an administrator names as
 * content managers in the tool.
 *
 * A content manager exercises the right from a staff launch only: launched as a learner (in a course where they
 * study), they are a learner there. Instructors keep their course's duties whatever this says: placing modules,
 * narrowing rules for their course, reviewing their learners, the class view.
 */

/** The kind of user a launch makes (the same three as src/lti/roles.ts). */
export type ActorRole = 'learner' | 'instructor' | 'admin';

export interface ContentActor {
  role: ActorRole;
  /** Named a content manager of the organisation by an administrator. */
  isContentManager: boolean;
}

/** Whether `actor` may change the organisation's catalogue, framework and organisation-wide rules. */
export const mayManageContent = (actor: ContentActor): boolean =>
  actor.role === 'admin' || (actor.role === 'instructor' && actor.isContentManager);

/** Whether `actor` may name and remove content managers: the LMS's administrators only. */
export const mayNameContentManagers = (actor: Pick<ContentActor, 'role'>): boolean => actor.role === 'admin';

/** Whether a role needs the content-manager list consulted at all (admins and learners are decided by role). */
export const needsContentManagerLookup = (role: ActorRole): boolean => role === 'instructor';
