import type { Framework } from '../domain/framework/framework';
import type { PersonRef } from '../domain/review/separation-of-duties';
import { proposeOwnGroup, type TargetState } from '../domain/agency/target-group';
import type { UseCaseDeps } from './deps';
import { getStageInForce } from './get-stage-in-force';
import type { AuditPerson } from './ports/audit';
import type { NotificationEvent } from './ports/notifications';

/** What is wrong with a choice of target group and stage: each that is not the framework's. */
export interface TargetProblem {
  field: 'group' | 'stage';
  code: 'UNKNOWN_GROUP' | 'UNKNOWN_STAGE';
}

/** A choice of group, and of stage where the organisation has announced none (else '' or left out). */
export interface TargetChoice {
  group: string;
  stage?: string;
}

/**
 * Keeps `subject`'s group (and stage, when chosen) in `state`, set by `chosenBy` (themselves, or their instructor:
 * the audit log tells which); the problems (nothing saved) when not the framework's. A stage is needed only while
 * the organisation has announced none: once it has, the stage is the organisation's (seed 004 §4.6.2).
 */
export async function chooseTarget(
  deps: Pick<UseCaseDeps, 'ledger' | 'organisationStages' | 'today'>,
  subject: PersonRef,
  framework: Framework,
  choice: TargetChoice,
  chosenBy: AuditPerson,
  state: TargetState,
  /** Who hears of a new proposal (the person's own choice of a group to agree). */
  notifyProposal?: NotificationEvent,
): Promise<TargetProblem[]> {
  const problems: TargetProblem[] = [];
  if (!framework.targetGroups.some((g) => g.code === choice.group))
    problems.push({ field: 'group', code: 'UNKNOWN_GROUP' });
  const stage = choice.stage || undefined;
  if (stage !== undefined && !framework.stages.some((s) => s.code === stage))
    problems.push({ field: 'stage', code: 'UNKNOWN_STAGE' });
  else if (stage === undefined && !(await getStageInForce(deps, subject.tenantId, framework)).inForce)
    problems.push({ field: 'stage', code: 'UNKNOWN_STAGE' });
  if (problems.length > 0) return problems;
  await deps.ledger.setTarget({
    ...subject,
    group: choice.group,
    stage,
    state,
    setBy: chosenBy.personId,
    audit: {
      by: chosenBy,
      action: chosenBy.personId === subject.personId ? 'target.chosen' : 'target.set',
      subject: stage ? `${choice.group} ${stage}` : choice.group,
      subjectPersonId: subject.personId,
    },
    ...(notifyProposal ? { notifyProposal } : {}),
  });
  return [];
}

/**
 * The person chooses their own group (and stage, before the organisation announces one): a new group is a proposal,
 * for an instructor of one of their courses to agree; the group they already have keeps its state. The problems
 * (nothing saved) when they are not the framework's.
 */
export function setOwnTarget(
  deps: Pick<UseCaseDeps, 'ledger' | 'organisationStages' | 'today'>,
  input: {
    person: AuditPerson & { targetGroup?: string; targetState?: TargetState };
    framework: Framework;
    choice: TargetChoice;
  },
): Promise<TargetProblem[]> {
  const { person } = input;
  const current = { group: person.targetGroup, state: person.targetState ?? 'agreed' };
  const state = proposeOwnGroup(current, input.choice.group) === 'unchanged' ? current.state : 'proposed';
  // The instructors of the person's courses agree a proposal: they hear of it as of a plan to agree.
  return chooseTarget(deps, person, input.framework, input.choice, person, state, {
    kind: 'targetToAgree',
    actorId: person.personId,
    to: { supervisorsOf: person.personId },
    subjectPersonId: person.personId,
    details: {},
  });
}
