import type { ModuleContent } from '../domain/catalogue/learning-module';
import { completionScore, isModuleComplete } from '../domain/catalogue/module-progress';
import type { UseCaseDeps } from './deps';
import type { CompletionRecord, GradePlacement, Learner, ModuleProgressState, ModuleSummary } from './ports';
import { recheckEligibility } from './recheck-eligibility';
import { completionHorizon } from '../domain/agency/seventy-thirty';
import { targetSkillSets } from '../domain/learning-record/development-targets';
import { countSkillHours } from '../domain/framework/crosswalk-counting';
import type { SkillHours } from '../domain/learning-record/ledger';
import { getStageInForce, stageForTargets } from './get-stage-in-force';

/**
 * The placement the learner opened the module through, when its link placed this module and has a gradebook
 * column; undefined otherwise (and always for a preview: no grades for instructors).
 */
export type GradeTarget = GradePlacement | undefined;

export type CompleteModuleDeps = Pick<
  UseCaseDeps,
  | 'player'
  | 'grades'
  | 'development'
  | 'frameworks'
  | 'developmentTargets'
  | 'organisationStages'
  | 'rules'
  | 'shippedAssessments'
  | 'counting'
  | 'today'
  | 'logger'
>;

/**
 * What a completion serves by default (70:30): today's work when the module is mapped to a skill set with target
 * hours for the learner's own group at the stage their targets are read at (the organisation's stage in force, else
 * their own), the future otherwise; not stated without a group and stage. The module's mappings count through the
 * crosswalk, as progress counts them.
 */
async function defaultHorizon(
  deps: Pick<
    CompleteModuleDeps,
    'frameworks' | 'developmentTargets' | 'organisationStages' | 'counting' | 'today'
  >,
  learner: Learner,
  mappings: ReadonlyArray<SkillHours>,
): Promise<'current' | 'future' | undefined> {
  if (!learner.targetGroup) return undefined;
  const stored = await deps.frameworks.forTenant(learner.tenantId);
  const stage = stageForTargets(
    await getStageInForce(deps, learner.tenantId, stored.framework),
    learner.targetStage,
  );
  if (!stage) return undefined;
  const targets = deps.developmentTargets.get(stored.framework.id);
  if (!targets) return undefined;
  return completionHorizon(
    targetSkillSets(targets, learner.targetGroup, stage),
    countSkillHours(deps.counting(stored.framework.id), mappings),
  );
}

/**
 * Appends the completion once the module's rule is met; a second request (or a concurrent one) writes nothing.
 * A new completion sends its grade at once (not at the next poll) and judges the learner's eligibility again.
 */
export async function completeModule(
  deps: CompleteModuleDeps,
  learner: Learner,
  m: { summary: ModuleSummary; content: ModuleContent; drawn?: object },
  state: ModuleProgressState,
  completion: CompletionRecord | undefined,
  grade: GradeTarget,
): Promise<{ completion?: CompletionRecord; justCompleted: boolean }> {
  const c = m.content;
  const moduleState = { pageCount: c.pages.length, ...state };
  if (completion || !isModuleComplete(c.completionRule, moduleState))
    return { completion, justCompleted: false };
  const result = await deps.player.complete({
    tenantId: learner.tenantId,
    personId: learner.personId,
    contextId: learner.contextId,
    moduleId: m.summary.moduleId,
    moduleVersionId: m.summary.versionId,
    title: c.title.th,
    category: c.category,
    hours: c.estimatedHours,
    skillHours: c.mappings.map((x) => ({
      skillSet: x.skillSet,
      ...(x.area ? { area: x.area } : {}),
      hours: x.hours,
    })),
    // A quiz drawn from the bank is the module's quiz as its own questions would be.
    scorePercent: completionScore(
      c.completionRule,
      Boolean(c.quiz?.questions.length) || m.drawn !== undefined,
      moduleState,
    ),
    horizon: await defaultHorizon(deps, learner, c.mappings),
    grade,
  });
  if (result.created) {
    deps.grades.kick();
    await recheckEligibility(deps, {
      tenantId: learner.tenantId,
      contextId: learner.contextId,
      personIds: [learner.personId],
    });
  }
  return { completion: result.record, justCompleted: result.created };
}
