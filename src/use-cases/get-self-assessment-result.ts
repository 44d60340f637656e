import type { Framework } from '../domain/framework/framework';
import { skillSetsForGroup, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import type { UseCaseDeps } from './deps';
import { openCatalogue } from './open-catalogue';
import type { Learner, ModuleSummary, SelfAssessmentRecord, StoredFramework } from './ports';

export interface SkillSetGap {
  skillSet: string;
  rating: number;
  /** The target level (stage number) when the group is developed in this skill set. */
  target?: number;
  gap: number;
  /** Published modules mapped to the skill set, most hours first (at most three), for a gap. */
  recommended: ModuleSummary[];
}

/**
 * One of the learner's own self-assessments (another person's id is simply not found) and where it leaves them:
 * the gap per skill set and the modules that close it.
 */
export async function getSelfAssessmentResult(
  deps: Pick<
    UseCaseDeps,
    'development' | 'modules' | 'frameworks' | 'sampleCatalogue' | 'developmentTargets'
  >,
  input: { learner: Learner; framework: StoredFramework; id: number },
): Promise<{ assessment: SelfAssessmentRecord; gaps: SkillSetGap[] } | undefined> {
  const { learner } = input;
  const assessment = (await deps.development.selfAssessmentsOf(learner.tenantId, learner.personId)).find(
    (x) => x.id === input.id,
  );
  if (!assessment) return undefined;
  const { modules } = await openCatalogue(deps, learner.tenantId);
  const f = input.framework.framework;
  return { assessment, gaps: selfAssessmentGaps(f, deps.developmentTargets.get(f.id), assessment, modules) };
}

/** Where a self-assessment leaves the learner: the gap per skill set and the modules that close it. */
export function selfAssessmentGaps(
  framework: Framework,
  targets: DevelopmentTargets | undefined,
  sa: SelfAssessmentRecord,
  published: readonly ModuleSummary[],
): SkillSetGap[] {
  const level = framework.stages.findIndex((s) => s.code === sa.targetStage) + 1;
  const developed = new Set(targets ? skillSetsForGroup(targets, framework, sa.targetGroup) : []);
  return framework.skillSets.map((s) => {
    const rating = sa.ratings[s.code] ?? 0;
    const target = developed.has(s.code) ? level : undefined;
    const gap = target === undefined ? 0 : Math.max(0, target - rating);
    const recommended =
      gap > 0
        ? published
            .filter((m) => m.status === 'published' && m.mappings.some((x) => x.skillSet === s.code))
            .map((m) => ({
              m,
              hours: m.mappings.filter((x) => x.skillSet === s.code).reduce((a, x) => a + x.hours, 0),
            }))
            .sort((a, b) => b.hours - a.hours)
            .slice(0, 3)
            .map((x) => x.m)
        : [];
    return { skillSet: s.code, rating, target, gap, recommended };
  });
}
