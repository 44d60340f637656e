import { isInstructor, isLearner, toolRole } from '../../src/lti/roles';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
describe('LIS roles to tool roles', () => {
  it.each([
    [[`${M}Learner`], 'learner'],
    [[`${M}Instructor`], 'instructor'],
    [[`${M}ContentDeveloper`], 'instructor'],
    [['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'], 'instructor'],
    [['Instructor'], 'instructor'],
    [
      [
        'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
        'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
      ],
      'admin',
    ],
    [['urn:lti:sysrole:ims/lis/Administrator'], 'admin'],
    [[`${M}Learner`, 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'], 'admin'],
    [[], 'learner'],
    [['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'], 'learner'],
  ])('%j -> %s', (roles, expected) => {
    expect(toolRole(roles)).toBe(expected);
  });

  it('an administrator may do what an instructor may', () => {
    expect(isInstructor(['urn:lti:instrole:ims/lis/Administrator'])).toBe(true);
  });
});

describe('who is a learner of the course (the roster, the class view and the SQL over enrolments)', () => {
  const V2 = 'http://purl.imsglobal.org/vocab/lis/v2/';
  it.each([
    // What Moodle sends (mod/lti lti_get_ims_role, then LIS v2 URIs).
    [[`${M}Learner`], true],
    [[`${M}Instructor`], false],
    [[`${M}Instructor`, `${V2}system/person#Administrator`, `${V2}institution/person#Administrator`], false],
    // The same context role in its other forms: principal sub-role, LTI 1.1 URN, short name (NRPS of older LMSs).
    [[`${V2}membership/Learner#Learner`], true],
    [['urn:lti:role:ims/lis/Learner'], true],
    [['Learner'], true],
    // A learner who is also staff is still on the roster.
    [[`${M}Learner`, `${M}Instructor`], true],
    // Institution roles describe the person in the organisation, not in this course.
    [[`${V2}institution/person#Learner`], false],
    [['urn:lti:instrole:ims/lis/Learner'], false],
    [[`${V2}institution/person#Student`], false],
    // Near misses: other roles that end in "Learner", and a different case.
    [[`${V2}membership/Learner#NonCreditLearner`], false],
    [[`${M}learner`], false],
    [['https://example.test/roles#Learner'], false],
    [[], false],
  ])('%j -> %s', (roles, expected) => {
    expect(isLearner(roles)).toBe(expected);
  });
});
