import type { ContextId } from '../shared/ids';
import { mayReview, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { CourseLearner, StoredFramework } from './ports';
import { getStageInForce, type StageInForce } from './get-stage-in-force';

/**
 * The learners of the instructor's course, each marked when it is the instructor themselves, and the organisation's
 * stage in force (once announced, an instructor sets no stage of a learner's own).
 */
export async function getCourseLearners(
  deps: Pick<UseCaseDeps, 'ledger' | 'frameworks' | 'organisationStages' | 'today'>,
  viewer: PersonRef & { contextId: ContextId },
): Promise<{
  learners: Array<CourseLearner & { own: boolean }>;
  framework: StoredFramework;
  stage: StageInForce;
}> {
  const [learners, framework] = await Promise.all([
    deps.ledger.courseLearners(viewer.tenantId, viewer.contextId),
    deps.frameworks.forTenant(viewer.tenantId),
  ]);
  return {
    framework,
    stage: await getStageInForce(deps, viewer.tenantId, framework.framework),
    // One's own group is chosen on one's own progress page, not overridden from the course's list.
    learners: learners.map((p) => ({
      ...p,
      own: !mayReview(viewer, { tenantId: viewer.tenantId, personId: p.personId }),
    })),
  };
}
