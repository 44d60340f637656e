import {
  mayManageContent,
  mayNameContentManagers,
  needsContentManagerLookup,
  type ActorRole,
} from '../../src/domain/organisation/content-management';

describe('mayManageContent: who changes the catalogue, the framework and the organisation rules', () => {
  it.each<[ActorRole, boolean, boolean]>([
    ['admin', false, true],
    ['admin', true, true],
    ['instructor', true, true],
    // Moodle's editing and non-editing teachers both arrive as Instructor: the role alone is not enough.
    ['instructor', false, false],
    // A content manager who launches as a learner (a course they study in) is a learner there.
    ['learner', true, false],
    ['learner', false, false],
  ])('a %s (content manager: %s) may manage content: %s', (role, isContentManager, expected) => {
    expect(mayManageContent({ role, isContentManager })).toBe(expected);
  });

  it.each<[ActorRole, boolean]>([
    ['admin', true],
    ['instructor', false],
    ['learner', false],
  ])('a %s may name content managers: %s', (role, expected) => {
    expect(mayNameContentManagers({ role })).toBe(expected);
  });

  it('reads the list only for instructors: the role decides for administrators and learners', () => {
    expect(
      ['learner', 'instructor', 'admin'].filter((r) => needsContentManagerLookup(r as ActorRole)),
    ).toEqual(['instructor']);
  });
});
