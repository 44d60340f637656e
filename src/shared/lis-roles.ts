/**
 * LIS role URIs (LTI Core 1.3 §A.2) to what this tool needs to know of a user: the one home of every role test, used
 * by the launch (src/lti/roles.ts re-exports it), the class roster (use-cases) and the SQL over stored enrolments
 * (src/db/record-sql.ts builds its array literals from the sets below).
 *
 * Moodle sends membership Instructor/Learner, and for site admins the system and institution Administrator roles
 * instead of Learner. Short names ("Instructor") are accepted too, since LTI 1.1-era platforms and NRPS still send
 * them. Every test is an exact match against a set: no suffix matching, so `…/institution/person#Learner` (a person's
 * standing in the organisation, LTI Core §A.2.2) does not make anyone a learner of a course, and neither does a
 * vocabulary nobody sends.
 */
export type ToolRole = 'learner' | 'instructor' | 'admin';

const ADMIN = new Set([
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
  'urn:lti:sysrole:ims/lis/Administrator',
  'urn:lti:sysrole:ims/lis/SysAdmin',
  'urn:lti:instrole:ims/lis/Administrator',
  'Administrator',
]);

const INSTRUCTOR = new Set([
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
  'urn:lti:role:ims/lis/Instructor',
  'urn:lti:role:ims/lis/ContentDeveloper',
  'urn:lti:instrole:ims/lis/Instructor',
  'Instructor',
  'ContentDeveloper',
]);

/**
 * The context (course membership) Learner role in each form platforms send: the LIS v2 URI, its principal sub-role
 * (LTI Core §A.2.3.1), the LTI 1.1 URN and the short name (NRPS rosters of older platforms).
 */
const LEARNER = new Set([
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#Learner',
  'urn:lti:role:ims/lis/Learner',
  'Learner',
]);

/** Every role that makes a launch an instructor's or an administrator's (for queries over stored enrolments). */
export const STAFF_ROLES: readonly string[] = [...INSTRUCTOR, ...ADMIN];

/** Every role that makes a course member a learner of the course (for queries over stored enrolments). */
export const LEARNER_ROLES: readonly string[] = [...LEARNER];

export function isAdministrator(roles: readonly string[]): boolean {
  return roles.some((r) => ADMIN.has(r));
}

export function isInstructor(roles: readonly string[]): boolean {
  return roles.some((r) => INSTRUCTOR.has(r)) || isAdministrator(roles);
}

/** A learner of the course: holds the context Learner role (whatever else they hold). */
export function isLearner(roles: readonly string[]): boolean {
  return roles.some((r) => LEARNER.has(r));
}

/** The strongest role wins: an administrator who is also enrolled as a learner manages. */
export function toolRole(roles: readonly string[]): ToolRole {
  if (isAdministrator(roles)) return 'admin';
  if (isInstructor(roles)) return 'instructor';
  return 'learner';
}
