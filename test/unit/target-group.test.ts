import {
  checkAgreement,
  checkSecondGroupDecision,
  checkSecondGroupRequest,
  groupsInForce,
  proposeOwnGroup,
  type PersonTarget,
  type SecondGroup,
} from '../../src/domain/agency/target-group';
import { personId, tenantId } from '../../src/shared/ids';

const tenant = tenantId(1);
const learner = { tenantId: tenant, personId: personId(10) };
const instructor = { tenantId: tenant, personId: personId(20) };
const GROUPS = ['EXEC', 'MGMT', 'ACAD', 'SERV', 'TECH', 'OTHER'];

describe("a person's target group: proposed by the learner, agreed by someone else (seed 004 §4.6.3)", () => {
  it.each<[string, PersonTarget, string, 'unchanged' | 'proposed']>([
    ['no group yet: a proposal', { state: 'agreed' }, 'SERV', 'proposed'],
    [
      'another group than the agreed one: a new proposal',
      { group: 'ACAD', state: 'agreed' },
      'SERV',
      'proposed',
    ],
    [
      'the agreed group again: unchanged, still agreed',
      { group: 'SERV', state: 'agreed' },
      'SERV',
      'unchanged',
    ],
    [
      'the proposed group again: unchanged, still proposed',
      { group: 'SERV', state: 'proposed' },
      'SERV',
      'unchanged',
    ],
  ])('when the learner chooses %s', (_, current, group, expected) => {
    expect(proposeOwnGroup(current, group)).toBe(expected);
  });

  it.each<[string, typeof learner, PersonTarget, string, ReturnType<typeof checkAgreement>]>([
    [
      'an instructor agrees the proposal they saw',
      instructor,
      { group: 'SERV', state: 'proposed' },
      'SERV',
      { allowed: true },
    ],
    [
      'nobody agrees their own',
      learner,
      { group: 'SERV', state: 'proposed' },
      'SERV',
      { allowed: false, code: 'OWN_TARGET' },
    ],
    [
      'nothing proposed',
      instructor,
      { state: 'agreed' },
      'SERV',
      { allowed: false, code: 'NOTHING_TO_AGREE' },
    ],
    [
      'the proposal changed since the page was read',
      instructor,
      { group: 'ACAD', state: 'proposed' },
      'SERV',
      { allowed: false, code: 'PROPOSAL_CHANGED' },
    ],
    [
      'already agreed',
      instructor,
      { group: 'SERV', state: 'agreed' },
      'SERV',
      { allowed: false, code: 'ALREADY_AGREED' },
    ],
  ])('%s', (_, actor, current, seen, verdict) => {
    expect(checkAgreement(actor, learner, current, seen)).toEqual(verdict);
  });
});

describe('a second target group needs an administrator (seed 004 §4.6.3, second paragraph)', () => {
  it.each<
    [string, string | undefined, SecondGroup | undefined, string, ReturnType<typeof checkSecondGroupRequest>]
  >([
    ['a group other than the first', 'SERV', undefined, 'TECH', undefined],
    ['a group the framework does not have', 'SERV', undefined, 'NOPE', 'UNKNOWN_GROUP'],
    ['before having a first group', undefined, undefined, 'TECH', 'NO_FIRST_GROUP'],
    ['the first group again', 'SERV', undefined, 'SERV', 'SAME_AS_FIRST'],
    ['the group already pending', 'SERV', { group: 'TECH', state: 'pending' }, 'TECH', 'ALREADY_REQUESTED'],
    ['the group already approved', 'SERV', { group: 'TECH', state: 'approved' }, 'TECH', 'ALREADY_REQUESTED'],
    ['again after a refusal', 'SERV', { group: 'TECH', state: 'refused', reason: 'no' }, 'TECH', undefined],
    [
      'another group while one is pending (it replaces it)',
      'SERV',
      { group: 'TECH', state: 'pending' },
      'ACAD',
      undefined,
    ],
  ])('asking for %s', (_, first, current, group, problem) => {
    expect(checkSecondGroupRequest(GROUPS, first, current, group)).toBe(problem);
  });

  const pending: SecondGroup = { group: 'TECH', state: 'pending' };
  it.each<
    [
      string,
      typeof learner,
      SecondGroup | undefined,
      string,
      Parameters<typeof checkSecondGroupDecision>[4],
      ReturnType<typeof checkSecondGroupDecision>,
    ]
  >([
    ['an administrator approves', instructor, pending, 'TECH', { approve: true }, { allowed: true }],
    [
      'an administrator refuses with a reason',
      instructor,
      pending,
      'TECH',
      { approve: false, reason: 'not your work' },
      { allowed: true },
    ],
    [
      'a refusal without a reason',
      instructor,
      pending,
      'TECH',
      { approve: false, reason: '  ' },
      { allowed: false, code: 'REASON_REQUIRED' },
    ],
    [
      'their own request',
      learner,
      pending,
      'TECH',
      { approve: true },
      { allowed: false, code: 'OWN_TARGET' },
    ],
    [
      'a request already decided',
      instructor,
      { group: 'TECH', state: 'approved' },
      'TECH',
      { approve: true },
      { allowed: false, code: 'NOT_PENDING' },
    ],
    ['no request', instructor, undefined, 'TECH', { approve: true }, { allowed: false, code: 'NOT_PENDING' }],
    [
      'a request changed since the queue was read',
      instructor,
      pending,
      'ACAD',
      { approve: true },
      { allowed: false, code: 'REQUEST_CHANGED' },
    ],
  ])('%s', (_, actor, current, seen, decision, verdict) => {
    expect(checkSecondGroupDecision(actor, learner, current, seen, decision)).toEqual(verdict);
  });

  it('counts the second group towards targets only once approved', () => {
    expect(groupsInForce(undefined, { group: 'TECH', state: 'approved' })).toEqual([]);
    expect(groupsInForce('SERV', undefined)).toEqual(['SERV']);
    expect(groupsInForce('SERV', { group: 'TECH', state: 'pending' })).toEqual(['SERV']);
    expect(groupsInForce('SERV', { group: 'TECH', state: 'refused', reason: 'x' })).toEqual(['SERV']);
    expect(groupsInForce('SERV', { group: 'TECH', state: 'approved' })).toEqual(['SERV', 'TECH']);
  });
});
