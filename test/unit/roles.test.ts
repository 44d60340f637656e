import { isInstructor, toolRole } from '../../src/lti/roles';

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
