import {
  checkDuty,
  isSamePerson,
  mayReview,
  REVIEW_DUTIES,
} from '../../src/domain/review/separation-of-duties';
import { personId, tenantId } from '../../src/shared/ids';

const ref = (tenant: number, person: number) => ({ tenantId: tenantId(tenant), personId: personId(person) });

const me = ref(1, 10);

describe('separation of duties', () => {
  it.each([
    ['the same person', ref(1, 10), true],
    ['another person of the tenant', ref(1, 11), false],
    // Person ids are unique across tenants, but the rule does not lean on it.
    ['the same id in another tenant', ref(2, 10), false],
  ])('%s is %s', (_, other, same) => {
    expect(isSamePerson(me, other)).toBe(same);
    expect(mayReview(me, other)).toBe(!same);
  });

  it.each(REVIEW_DUTIES)('refuses %s on one’s own record and allows it on another’s', (duty) => {
    expect(checkDuty(me, duty, [me])).toEqual({ allowed: false, code: 'OWN_RECORD', duty });
    expect(checkDuty(me, duty, [ref(1, 11)])).toEqual({ allowed: true });
  });

  it('refuses a batch as a whole when any entry is the actor’s own', () => {
    const others = [ref(1, 11), ref(1, 12)];
    expect(checkDuty(me, 'approve', others)).toEqual({ allowed: true });
    expect(checkDuty(me, 'approve', [...others, me])).toEqual({
      allowed: false,
      code: 'OWN_RECORD',
      duty: 'approve',
    });
    expect(checkDuty(me, 'reject', [others[0]!, me, others[1]!]).allowed).toBe(false);
  });

  it('allows an empty batch (nothing of anyone to decide)', () => {
    expect(checkDuty(me, 'approve', [])).toEqual({ allowed: true });
  });
});
