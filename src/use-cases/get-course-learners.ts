import type { ContextId } from '../shared/ids';
import { mayReview, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { CourseLearner, StoredFramework } from './ports';

/** The learners of the instructor's course, each marked when it is the instructor themselves. */
export async function getCourseLearners(
  deps: Pick<UseCaseDeps, 'ledger' | 'frameworks'>,
  viewer: PersonRef & { contextId: ContextId },
): Promise<{ learners: Array<CourseLearner & { own: boolean }>; framework: StoredFramework }> {
  const [learners, framework] = await Promise.all([
    deps.ledger.courseLearners(viewer.tenantId, viewer.contextId),
    deps.frameworks.forTenant(viewer.tenantId),
  ]);
  return {
    framework,
    // One's own group is chosen on one's own progress page, not overridden from the course's list.
    learners: learners.map((p) => ({
      ...p,
      own: !mayReview(viewer, { tenantId: viewer.tenantId, personId: p.personId }),
    })),
  };
}
