import type { PersonId, TenantId } from '../../shared/ids';
/**
 * Separation of duties (issue 13 item 3): what one person decides about another's development is decided by
 * someone else. Nobody approves, rejects, corrects or reverses entries of their own learning record, agrees or
 * sends back their own development plan, or overrides their own target group, whatever roles the LMS sends (a
 * teaching assistant enrolled as a student, Moodle's "switch role", Learner and Instructor in one launch, an
 * administrator). Logging one's own learning and choosing one's own target are not reviews: anyone may.
 *
 * Roles do not enter into it: "own" is the same person row, one per tenant and LMS user id (`sub`), whichever
 * course or roles they launched with.
 */

/** The decisions someone else must take. */
export const REVIEW_DUTIES = [
  'approve',
  'reject',
  'correct',
  'reverse',
  'agreePlan',
  'sendBackPlan',
  'overrideTarget',
] as const;
export type ReviewDuty = (typeof REVIEW_DUTIES)[number];

/** A person as the tool knows them: one per tenant and LMS user id. */
export interface PersonRef {
  tenantId: TenantId;
  personId: PersonId;
}

export interface DutyRefusal {
  allowed: false;
  code: 'OWN_RECORD';
  duty: ReviewDuty;
}
export type DutyVerdict = { allowed: true } | DutyRefusal;

export const isSamePerson = (a: PersonRef, b: PersonRef): boolean =>
  a.tenantId === b.tenantId && a.personId === b.personId;

/** Whether `actor` may take review decisions about `subject` (pages use it to leave out controls on own rows). */
export const mayReview = (actor: PersonRef, subject: PersonRef): boolean => !isSamePerson(actor, subject);

/**
 * Whether `actor` may take `duty` on the records of every one of `subjects` (a batch of approvals may hold
 * several people's entries): refused as a whole when any of them is the actor.
 */
export function checkDuty(actor: PersonRef, duty: ReviewDuty, subjects: readonly PersonRef[]): DutyVerdict {
  return subjects.every((s) => mayReview(actor, s))
    ? { allowed: true }
    : { allowed: false, code: 'OWN_RECORD', duty };
}
