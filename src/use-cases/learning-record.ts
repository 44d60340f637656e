import type { Framework } from '../domain/framework/framework';
import { targetHoursFor, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import { fiscalYearOf, fiscalYearRange } from '../domain/learning-record/fiscal-year';
import {
  effectiveEntries,
  learningMix,
  totals,
  type EffectiveEntry,
  type LearningTotals,
} from '../domain/learning-record/ledger';
import {
  checkLoggedActivity,
  type ActivityProblem,
  type LoggedActivity,
} from '../domain/learning-record/logged-activity';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { Learner, LedgerStore } from './ports';

export interface ProgressView {
  totals: LearningTotals;
  mix: Record<LearningCategory, number>;
  targetMix?: Record<LearningCategory, number>;
  /** Per skill set of the framework: credited hours and the target for the learner's group and stage. */
  skillSets: Array<{ code: string; credited: number; target?: number }>;
  /** Entries of the chosen fiscal year (all when none), newest first. */
  history: EffectiveEntry[];
  fiscalYears: number[];
  fiscalYear?: number;
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
  fiscalYear: number | undefined,
): Promise<ProgressView> {
  const entries = effectiveEntries(await deps.ledger.entriesOf(learner.tenantId, learner.personId));
  const all = totals(entries);
  const goal =
    targets && learner.targetGroup && learner.targetStage
      ? new Map(
          targetHoursFor(targets, framework, learner.targetGroup, learner.targetStage).map((x) => [
            x.skillSet,
            x.hours,
          ]),
        )
      : undefined;
  const years = [...new Set(entries.map((e) => fiscalYearOf(e.occurredOn)))].sort((a, b) => b - a);
  let history = entries;
  if (fiscalYear !== undefined) {
    const { from, to } = fiscalYearRange(fiscalYear);
    history = entries.filter((e) => e.occurredOn >= from && e.occurredOn <= to);
  }
  return {
    totals: all,
    mix: learningMix(all.byCategory),
    targetMix: targets?.mix,
    skillSets: framework.skillSets.map((s) => ({
      code: s.code,
      credited: all.bySkillSet.get(s.code) ?? 0,
      target: goal?.get(s.code),
    })),
    history,
    fiscalYears: years,
    fiscalYear,
    pendingCount: entries.filter((e) => e.status === 'pending').length,
    targetsAreDefaults: targets?.isDefault ?? false,
  };
}

/** The learner logs learning done outside the tool; it waits for an instructor of the course. */
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

/** The group and stage must be the framework's; returns false when they are not. */
export async function chooseTarget(
  deps: { ledger: LedgerStore },
  subject: { tenantId: number; personId: number },
  framework: Framework,
  choice: { group: string; stage: string },
  chosenBy: number,
): Promise<boolean> {
  if (
    !framework.targetGroups.some((g) => g.code === choice.group) ||
    !framework.stages.some((s) => s.code === choice.stage)
  )
    return false;
  await deps.ledger.setTarget(subject.tenantId, subject.personId, choice.group, choice.stage, chosenBy);
  return true;
}
