import type { ContextId, EntryId, PersonId, TenantId } from '../shared/ids';
import type { Framework } from '../domain/framework/framework';
import { targetHoursFor, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import { fiscalYearRange, type FiscalYear } from '../domain/learning-record/fiscal-year';
import {
  learningMix,
  type CorrectionBlock,
  type EffectiveEntry,
  type LearningTotals,
} from '../domain/learning-record/ledger';
import {
  checkLoggedActivity,
  type ActivityProblem,
  type LoggedActivity,
} from '../domain/learning-record/logged-activity';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import { checkDuty, type DutyRefusal, type PersonRef } from '../domain/review/separation-of-duties';
import type { CorrectionInput, DevelopmentStore, Learner, LedgerStore, ReviewItem } from './ports';
import { reviewFlags, type ReviewFlag } from '../domain/learning-record/review-flags';
import type { Assessment } from '../domain/assessment/eligibility';
import { evaluateLearner, type EligibilityResult } from './development-cycle';

export const HISTORY_PAGE_SIZE = 50;

export interface ProgressView {
  /** Verdicts for the framework's assessments, when asked for. */
  eligibility: EligibilityResult[];
  totals: Pick<LearningTotals, 'hours' | 'byCategory' | 'bySkillSet'>;
  mix: Record<LearningCategory, number>;
  targetMix?: Record<LearningCategory, number>;
  /** Per skill set of the framework: credited hours and the target for the learner's group and stage. */
  skillSets: Array<{ code: string; credited: number; target?: number }>;
  /** One page of the entries of the chosen fiscal year (all years when none), newest first. */
  history: EffectiveEntry[];
  /** How many entries the filter matches, and the page shown (1-based) of `pages`. */
  historyCount: number;
  page: number;
  pages: number;
  fiscalYears: FiscalYear[];
  fiscalYear?: FiscalYear;
  pendingCount: number;
  targetsAreDefaults: boolean;
}

/**
 * A learner's progress: totals over the whole record (the targets are cumulative), and the history of one Thai
 * fiscal year when asked (the year's totals are shown alongside).
 */
export async function learnerProgress(
  deps: { ledger: LedgerStore },
  learner: Learner,
  framework: Framework,
  targets: DevelopmentTargets | undefined,
  fiscalYear: FiscalYear | undefined,
  page = 1,
  pageSize = HISTORY_PAGE_SIZE,
  eligibility?: { development: DevelopmentStore; assessments: readonly Assessment[]; today: string },
): Promise<ProgressView> {
  const range = fiscalYear !== undefined ? fiscalYearRange(fiscalYear) : {};
  const ask = (p: number) =>
    deps.ledger.summaryOf(learner, {
      ...range,
      offset: (p - 1) * pageSize,
      limit: pageSize,
      withEligibility: eligibility !== undefined,
    });
  let summary = await ask(Math.max(1, page));
  const pages = Math.max(1, Math.ceil(summary.historyCount / pageSize));
  // A page past the end (the record shrank, or a hand-edited URL) shows the last one.
  if (page > pages) summary = await ask(pages);
  const shown = Math.min(Math.max(1, page), pages);
  const byCategory = summary.byCategory;
  const goal =
    targets && learner.targetGroup && learner.targetStage
      ? new Map(
          targetHoursFor(targets, framework, learner.targetGroup, learner.targetStage).map((x) => [
            x.skillSet,
            x.hours,
          ]),
        )
      : undefined;
  const verdicts =
    eligibility && summary.eligibility
      ? await evaluateLearner(
          eligibility,
          learner,
          eligibility.assessments,
          eligibility.today,
          summary.eligibility,
        )
      : [];
  return {
    eligibility: verdicts,
    totals: {
      hours: Math.round((byCategory[70] + byCategory[20] + byCategory[10]) * 100) / 100,
      byCategory,
      bySkillSet: summary.bySkillSet,
    },
    mix: learningMix(byCategory),
    targetMix: targets?.mix,
    skillSets: framework.skillSets.map((s) => ({
      code: s.code,
      credited: summary.bySkillSet.get(s.code) ?? 0,
      target: goal?.get(s.code),
    })),
    history: summary.history,
    historyCount: summary.historyCount,
    page: shown,
    pages,
    fiscalYears: summary.fiscalYears,
    fiscalYear,
    pendingCount: summary.pendingCount,
    targetsAreDefaults: targets?.isDefault ?? false,
  };
}

/**
 * Anyone launched (learner, instructor, administrator) logs learning done outside the tool; it waits for
 * someone else among the course's instructors.
 */
export async function logLearningActivity(
  deps: { ledger: LedgerStore },
  learner: Learner,
  framework: Framework,
  activity: LoggedActivity,
  today: string,
): Promise<{ id: number } | { problems: ActivityProblem[] }> {
  const problems = checkLoggedActivity(activity, new Set(framework.skillSets.map((s) => s.code)), today);
  if (problems.length > 0) return { problems };
  return { id: await deps.ledger.logActivity(learner, activity) };
}

/** The rules a logged activity breaks (none: it can be logged), so that a form shows them all at once. */
export function loggedActivityProblems(
  framework: Framework,
  activity: LoggedActivity,
  today: string,
): ActivityProblem[] {
  return checkLoggedActivity(activity, new Set(framework.skillSets.map((s) => s.code)), today);
}

/** Group and stage, chosen by `chosenBy`; false when they are not the framework's. */
/** What is wrong with a choice of target group and stage: each that is not the framework's. */
export interface TargetProblem {
  field: 'group' | 'stage';
  code: 'UNKNOWN_GROUP' | 'UNKNOWN_STAGE';
}

async function chooseTarget(
  deps: { ledger: Pick<LedgerStore, 'setTarget'> },
  subject: { tenantId: TenantId; personId: PersonId },
  framework: Framework,
  choice: { group: string; stage: string },
  chosenBy: PersonId,
): Promise<TargetProblem[]> {
  const problems: TargetProblem[] = [];
  if (!framework.targetGroups.some((g) => g.code === choice.group))
    problems.push({ field: 'group', code: 'UNKNOWN_GROUP' });
  if (!framework.stages.some((s) => s.code === choice.stage))
    problems.push({ field: 'stage', code: 'UNKNOWN_STAGE' });
  if (problems.length > 0) return problems;
  await deps.ledger.setTarget({ ...subject, group: choice.group, stage: choice.stage, setBy: chosenBy });
  return [];
}

/** A pending logged activity with what the reviewer should look at twice (`reviewFlags`). */
export interface QueuedReview extends ReviewItem {
  flags: ReviewFlag[];
}

/**
 * The logged activities waiting in a course, oldest first, each flagged when it duplicates another entry of the
 * same person or claims hours far above the usual for its type in the organisation. Three reads, at once.
 */
export async function approvalQueue(
  deps: { ledger: Pick<LedgerStore, 'pendingInContext' | 'recordsOfReviewees' | 'usualHours'> },
  tenantId: TenantId,
  contextId: ContextId,
): Promise<QueuedReview[]> {
  const [items, record, usual] = await Promise.all([
    deps.ledger.pendingInContext(tenantId, contextId),
    deps.ledger.recordsOfReviewees(tenantId, contextId),
    deps.ledger.usualHours(tenantId, contextId),
  ]);
  const flags = reviewFlags(
    items.map((i) => ({ ...i, id: i.entryId })),
    record,
    usual,
  );
  return items.map((i) => ({ ...i, flags: flags.get(i.entryId) ?? [] }));
}

/** A decision that someone else must take (separation of duties); nothing was written. */
type Refused = { refused: DutyRefusal };

/**
 * An instructor approves or rejects logged learning of the course. A batch that holds any entry of the
 * reviewer's own is refused as a whole, before anything is written.
 */
export async function reviewLoggedLearning(
  deps: { ledger: Pick<LedgerStore, 'ownersOf' | 'review'> },
  reviewer: PersonRef & { contextId: ContextId },
  entryIds: EntryId[],
  decision: 'approved' | 'rejected',
  comment: string | undefined,
): Promise<{ decided: EntryId[] } | Refused> {
  const owners = await deps.ledger.ownersOf(reviewer.tenantId, entryIds);
  const verdict = checkDuty(
    reviewer,
    decision === 'approved' ? 'approve' : 'reject',
    owners.map((personId) => ({ tenantId: reviewer.tenantId, personId })),
  );
  if (!verdict.allowed) return { refused: verdict };
  const decided = await deps.ledger.review({
    tenantId: reviewer.tenantId,
    contextId: reviewer.contextId,
    entryIds,
    decision,
    comment,
    reviewerId: reviewer.personId,
  });
  return { decided };
}

/**
 * An instructor corrects or reverses an entry recorded in the course, never one of their own record, and never
 * an entry already reversed or rejected (`notCorrectable`). `written` is undefined when the entry is not that
 * person's in that course.
 */
export async function correctEntry(
  deps: { ledger: Pick<LedgerStore, 'correct'> },
  actor: PersonRef,
  input: Omit<CorrectionInput, 'tenantId' | 'recordedBy'>,
): Promise<{ written: number | undefined } | { notCorrectable: CorrectionBlock } | Refused> {
  const verdict = checkDuty(actor, input.kind === 'reversal' ? 'reverse' : 'correct', [
    { tenantId: actor.tenantId, personId: input.personId },
  ]);
  if (!verdict.allowed) return { refused: verdict };
  const written = await deps.ledger.correct({
    ...input,
    tenantId: actor.tenantId,
    recordedBy: actor.personId,
  });
  return typeof written === 'object' ? written : { written };
}

/** The person chooses their own group and stage; the problems (nothing saved) when they are not the framework's. */
export function chooseOwnTarget(
  deps: { ledger: Pick<LedgerStore, 'setTarget'> },
  person: PersonRef,
  framework: Framework,
  choice: { group: string; stage: string },
): Promise<TargetProblem[]> {
  return chooseTarget(deps, person, framework, choice, person.personId);
}

/** An instructor sets a learner's group and stage for them; never their own (they choose it as themselves). */
export async function overrideTarget(
  deps: { ledger: Pick<LedgerStore, 'setTarget'> },
  actor: PersonRef,
  subject: PersonRef,
  framework: Framework,
  choice: { group: string; stage: string },
): Promise<{ problems: TargetProblem[] } | Refused> {
  const verdict = checkDuty(actor, 'overrideTarget', [subject]);
  if (!verdict.allowed) return { refused: verdict };
  return { problems: await chooseTarget(deps, subject, framework, choice, actor.personId) };
}
