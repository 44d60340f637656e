/**
 * LIS role URIs (LTI Core 1.3 §A.2) to the three kinds of user this tool knows. Moodle sends membership
 * Instructor/Learner, and for site admins the system and institution Administrator roles instead of Learner.
 * Short names ("Instructor") are accepted too, since LTI 1.1-era platforms and NRPS still send them.
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

/** Every role that makes a launch an instructor's or an administrator's (for queries over stored enrolments). */
export const STAFF_ROLES: readonly string[] = [...INSTRUCTOR, ...ADMIN];

export function isAdministrator(roles: readonly string[]): boolean {
  return roles.some((r) => ADMIN.has(r));
}

export function isInstructor(roles: readonly string[]): boolean {
  return roles.some((r) => INSTRUCTOR.has(r)) || isAdministrator(roles);
}

/** The strongest role wins: an administrator who is also enrolled as a learner manages. */
export function toolRole(roles: readonly string[]): ToolRole {
  if (isAdministrator(roles)) return 'admin';
  if (isInstructor(roles)) return 'instructor';
  return 'learner';
}
