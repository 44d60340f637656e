import { isSamePerson, type PersonRef } from '../review/separation-of-duties';

/**
 * A person's target group is agreed, not only chosen (seed 004 §4.6.3): "ข้าราชการและบุคลากรภาครัฐผู้ใดจะมีบทบาท
 * และพฤติกรรมที่คาดหวัง ตามกลุ่มเป้าหมายกลุ่มใด ... ให้เป็นไปตามที่ได้ปรึกษาหารือกับผู้บังคับบัญชาชั้นต้นของผู้นั้น". In the
 * tool the first-line supervisor is an instructor of one of the person's courses, and the supervisor one level above
 * (who approves a second group, the same section's second paragraph) is an administrator.
 *
 * The states of the first group:
 * - none: no group yet;
 * - proposed: the learner chose it; it is shown and used for their targets, marked as not yet agreed;
 * - agreed: an instructor agreed the learner's proposal, or set the group themself (after talking it over), or an
 *   administrator imported it.
 * A learner who chooses another group proposes again; choosing the group they already have changes nothing.
 * Nobody agrees, sets or approves their own group, whatever roles the LMS sends (separation of duties).
 */
export type TargetState = 'proposed' | 'agreed';

export interface PersonTarget {
  group?: string;
  state: TargetState;
}

export type AgreementRefusal = 'OWN_TARGET' | 'NOTHING_TO_AGREE' | 'ALREADY_AGREED' | 'PROPOSAL_CHANGED';

/** What the learner's own choice of group leaves: unchanged (same group), or a proposal waiting for agreement. */
export function proposeOwnGroup(current: PersonTarget, group: string): 'unchanged' | 'proposed' {
  return current.group === group ? 'unchanged' : 'proposed';
}

/**
 * Whether `actor` may agree `subject`'s proposed group. `seen` is the group the instructor saw on their page: a
 * proposal changed meanwhile is not agreed unseen.
 */
export function checkAgreement(
  actor: PersonRef,
  subject: PersonRef,
  current: PersonTarget,
  seen: string,
): { allowed: true } | { allowed: false; code: AgreementRefusal } {
  if (isSamePerson(actor, subject)) return { allowed: false, code: 'OWN_TARGET' };
  if (!current.group) return { allowed: false, code: 'NOTHING_TO_AGREE' };
  if (current.group !== seen) return { allowed: false, code: 'PROPOSAL_CHANGED' };
  if (current.state === 'agreed') return { allowed: false, code: 'ALREADY_AGREED' };
  return { allowed: true };
}

/** A second group's request, and its decision by an administrator. */
export type SecondGroupState = 'pending' | 'approved' | 'refused';

export interface SecondGroup {
  group: string;
  state: SecondGroupState;
  /** Why it was refused (required then). */
  reason?: string;
}

export type SecondGroupProblem = 'UNKNOWN_GROUP' | 'NO_FIRST_GROUP' | 'SAME_AS_FIRST' | 'ALREADY_REQUESTED';

/**
 * A request for a second group, as the person makes it: a group of the framework, other than their first, which they
 * must have. Asking again for the group already pending or approved is refused (nothing would change); after a
 * refusal the person may ask again.
 */
export function checkSecondGroupRequest(
  groups: readonly string[],
  first: string | undefined,
  current: SecondGroup | undefined,
  group: string,
): SecondGroupProblem | undefined {
  if (!groups.includes(group)) return 'UNKNOWN_GROUP';
  if (!first) return 'NO_FIRST_GROUP';
  if (group === first) return 'SAME_AS_FIRST';
  if (current && current.group === group && current.state !== 'refused') return 'ALREADY_REQUESTED';
  return undefined;
}

export type SecondGroupDecisionRefusal = 'OWN_TARGET' | 'NOT_PENDING' | 'REASON_REQUIRED' | 'REQUEST_CHANGED';

/**
 * Whether `actor` may decide `subject`'s pending request for `seen` (the group shown on their queue): not their own,
 * only a pending request for that same group, and a refusal carries its reason.
 */
export function checkSecondGroupDecision(
  actor: PersonRef,
  subject: PersonRef,
  current: SecondGroup | undefined,
  seen: string,
  decision: { approve: true } | { approve: false; reason: string },
): { allowed: true } | { allowed: false; code: SecondGroupDecisionRefusal } {
  if (isSamePerson(actor, subject)) return { allowed: false, code: 'OWN_TARGET' };
  if (!current || current.state !== 'pending') return { allowed: false, code: 'NOT_PENDING' };
  if (current.group !== seen) return { allowed: false, code: 'REQUEST_CHANGED' };
  if (!decision.approve && decision.reason.trim() === '') return { allowed: false, code: 'REASON_REQUIRED' };
  return { allowed: true };
}

/**
 * The groups whose targets a person works to: the first (proposed or agreed), and the second once approved. Targets
 * of two groups are combined skill set by skill set, the larger of the two (development for both roles).
 */
export function groupsInForce(first: string | undefined, second: SecondGroup | undefined): string[] {
  if (!first) return [];
  return second?.state === 'approved' && second.group !== first ? [first, second.group] : [first];
}
